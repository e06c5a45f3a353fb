"""One past session in detail: when it ran, how it ended, how the back felt before and after it,
and each stretch and side with the time held (or the reps done), whether it was skipped, cut
short or ended because it hurt, and a self-check's answer."""

from __future__ import annotations

import html
from collections.abc import Mapping

from desktop_app.core.history_stats import minutes_text
from desktop_app.core.overview import duration_text
from desktop_app.core.records import Moment, SessionRecord, StepRecord
from desktop_app.ui.history.session_table import when_text
from desktop_app.ui.look import theme

# The words of self-check answers, by stretch id and answer id: two self-checks may give the
# same id to different answers.
Labels = Mapping[tuple[str, str], str]


def step_result(step: StepRecord, labels: Labels) -> str:
    """An answer without words in `labels` shows as it was stored."""
    if step.reps_planned:
        amount = f"{step.reps_done or 0} of {step.reps_planned} reps"
    else:
        amount = f"{duration_text(step.held_seconds)} of {duration_text(step.planned_seconds)}"
    if step.completed:
        words = f"done, {amount}"
    elif step.hurt:
        words = f"stopped, it hurt, {amount}"
    elif step.skipped:
        words = f"skipped after {duration_text(step.held_seconds)}"
    else:
        words = f"cut short, {amount}"
    answer = labels.get((step.stretch_id, step.answer), step.answer) if step.answer else ""
    return words + (f", answered “{answer}”" if answer else "")


def pain_text(record: SessionRecord) -> str:
    """ "Pain or stiffness 6 before, 3 after", or whichever of the two was given."""
    said = [
        f"{pain} {moment.value}" for moment in Moment if (pain := record.pain(moment)) is not None
    ]
    return f"Pain or stiffness {', '.join(said)}" if said else ""


def detail_html(record: SessionRecord, labels: Labels | None = None) -> str:
    info = record.info
    colours = theme.current()
    ended = f" to {info.ended_at:%H:%M}" if info.ended_at else ""
    status = info.status.value if info.status else "under way"
    rows = []
    for step in record.steps:
        name = step.stretch_name + (f" (round {step.round})" if step.round > 1 else "")
        side = step.side.value.capitalize() if step.side else ""
        colour = (
            colours.accent if step.completed else colours.warning if step.hurt else colours.muted
        )
        mark = "✓" if step.completed else "!" if step.hurt else "–" if step.skipped else "■"
        rows.append(
            f"<tr><td style='padding:3px 16px 3px 0'>{html.escape(name)}</td>"
            f"<td style='padding:3px 16px 3px 0'>{side}</td>"
            f"<td style='padding:3px 0'><span style='color:{colour.name()}'>{mark}</span> "
            f"{html.escape(step_result(step, labels or {}))}</td></tr>"
        )
    missing = info.steps_planned - len(record.steps)
    after = (
        f"<p style='color:{colours.muted.name()}'>{missing} more not reached.</p>"
        if missing > 0
        else ""
    )
    table = f"<table>{''.join(rows)}</table>" if rows else "<p>No stretch was finished.</p>"
    pain = pain_text(record)
    return (
        f"<h3>{html.escape(info.routine_name)}</h3>"
        f"<p>{when_text(info)}{ended} · {status} · "
        f"{minutes_text(info.held_seconds / 60)} stretched</p>"
        f"{f'<p>{pain}</p>' if pain else ''}{table}{after}"
    )
