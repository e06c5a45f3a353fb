"""The session screen: what to do now, on which side, for how long, and what comes next. It
shows what the driver's engine says and forwards the controls; it decides nothing."""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFont, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.engine import Event, EventKind, PauseReason, State
from desktop_app.core.model import Side
from desktop_app.core.overview import POSITION_WORDS, duration_text
from desktop_app.core.plan import Phase, PlanStep, instruction_at, next_up
from desktop_app.ui import theme
from desktop_app.ui.driver import SessionDriver
from desktop_app.ui.widgets.controls import SessionControls
from desktop_app.ui.widgets.countdown_ring import CountdownRing, clock_text, seconds_shown
from desktop_app.ui.widgets.figure_view import FigureView
from desktop_app.ui.widgets.scroll import text_scroller

PHASE_TITLES = {
    Phase.PREPARE: "Get into position",
    Phase.SWITCH: "Switch sides",
    Phase.HOLD: "Hold",
    Phase.REPS: "Repetitions",
    Phase.CHECK: "Your answer",
    Phase.REST: "Rest",
}
ANSWER_KEYS = "123456789"
ANSWER_COLUMNS = 2
PAUSED = "Paused. Press Space to go on."
PAUSED_HURT = "Paused: it hurt. Space goes on when you are ready, Right skips, Esc ends."
PULSE_SECONDS = 0.4  # how long the ring lights up for a cue that could not be heard


def side_text(side: Side | None) -> str:
    return side.value.upper() if side is not None else ""


def step_name(step: PlanStep) -> str:
    if step.side is not None and step.stretch.sided:
        return f"{step.stretch.name}, {step.side.value} side"
    return step.stretch.name


def care_text(step: PlanStep) -> str:
    """The stretch's safety notes while getting into position, its common mistakes while
    doing it; nothing in a rest."""
    stretch = step.stretch
    if step.phase in (Phase.PREPARE, Phase.SWITCH):
        title, items = "Take care", stretch.safety
    elif step.phase.is_work:
        title, items = "Watch for", stretch.mistakes
    else:
        return ""
    if not items:
        return ""
    listed = "".join(f"<li>{html.escape(item)}</li>" for item in items)
    return f"<b>{title}</b><ul style='margin-top:4px; margin-left:0'>{listed}</ul>"


def _label(parent: QWidget, name: str, *, wrap: bool = False) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(wrap)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def _set(label: QLabel, text: str) -> None:
    if label.text() != text:
        label.setText(text)


class SessionView(QWidget):
    answered = Signal(str)

    def __init__(self, driver: SessionDriver, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.driver = driver
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._shown_step = -1
        self._marked: int | None = -2  # the instruction drawn as current
        self._pulse_until = 0.0  # on the driver's clock
        self._base = 13  # the page's text size in pixels, from its height

        self.where = _label(self, "where")  # "Big three · stretch 2 of 5"
        self.total_left = _label(self, "totalLeft")
        self.total_left.setAlignment(Qt.AlignmentFlag.AlignRight)

        self.phase = _label(self, "phase", wrap=True)
        self.stretch_name = _label(self, "stretchName", wrap=True)
        self.words = _label(self, "words", wrap=True)
        self.instructions = QLabel(self)
        self.instructions.setObjectName("instructions")
        self.instructions.setTextFormat(Qt.TextFormat.RichText)
        self.instructions.setWordWrap(True)
        self.feel = _label(self, "feel", wrap=True)
        # What keeps it safe while getting into position; the usual mistakes while doing it.
        self.care = QLabel(self)
        self.care.setObjectName("care")
        self.care.setTextFormat(Qt.TextFormat.RichText)
        self.care.setWordWrap(True)
        text_column = QWidget(self)
        column = QVBoxLayout(text_column)
        column.setContentsMargins(0, 0, 8, 0)
        texts = (self.phase, self.stretch_name, self.words, self.instructions, self.feel)
        for widget in (*texts, self.care):
            column.addWidget(widget)
        column.addStretch(1)
        scroll = text_scroller(text_column, self)

        self.side = _label(self, "side")
        self.side.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.side.setAccessibleName("Side")
        self.ring = CountdownRing(self)
        self.caption = _label(self, "caption", wrap=True)  # reps and tempo, or "paused"
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # A self-check's question: in the countdown's place, with its answers as big buttons.
        self.asking = QWidget(self)
        self.question = _label(self.asking, "question", wrap=True)
        self.question.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.answers = QWidget(self.asking)
        self.answers.setAccessibleName("Answers")
        self._answer_grid = QGridLayout(self.answers)
        self._answer_grid.setContentsMargins(0, 0, 0, 0)
        self._answer_grid.setSpacing(12)
        for place in range(ANSWER_COLUMNS):
            self._answer_grid.setColumnStretch(place, 1)
        asking = QVBoxLayout(self.asking)
        asking.setContentsMargins(0, 0, 0, 0)
        asking.setSpacing(24)
        asking.addStretch(1)
        asking.addWidget(self.question)
        asking.addWidget(self.answers)
        asking.addStretch(1)
        self.asking.hide()
        centre = QVBoxLayout()
        centre.addWidget(self.side)
        centre.addWidget(self.ring, 1)
        centre.addWidget(self.asking, 1)
        centre.addWidget(self.caption)

        self.figure = FigureView(driver, self)
        self.coming = _label(self, "nextUp", wrap=True)
        # Why the cues cannot be heard, or why the history is not being saved.
        self.notes = _label(self, "errors", wrap=True)
        self.notes.setAccessibleName("Notes")
        self.notes.hide()
        self._notes: dict[str, str] = {}
        self.controls = SessionControls(self)

        header = QHBoxLayout()
        header.addWidget(self.where, 1)
        header.addWidget(self.total_left)
        body = QHBoxLayout()
        body.setSpacing(28)
        body.addWidget(scroll, 5)
        body.addLayout(centre, 5)
        body.addWidget(self.figure, 4)
        footer = QHBoxLayout()
        footer.addWidget(self.coming, 1)
        footer.addWidget(self.controls)
        self._layout = QVBoxLayout(self)
        self._layout.addLayout(header)
        self._layout.addLayout(body, 1)
        self._layout.addWidget(self.notes)
        self._layout.addLayout(footer)

        self.controls.hurt.connect(driver.hurt)
        self.controls.back.connect(driver.back)
        self.controls.pause.connect(driver.toggle_pause)
        self.controls.skip.connect(driver.skip)
        self.controls.stop.connect(driver.stop)
        driver.happened.connect(self._on_event)
        driver.frame.connect(self.refresh)

    # -- sizes: everything scales with the window, so it reads the same at 800x600 and 4K ---

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        height = max(1, self.window().height())
        base = max(13, min(28, height // 50))
        for label, scale, weight in (
            (self.where, 1.0, QFont.Weight.Normal),
            (self.total_left, 1.0, QFont.Weight.Normal),
            (self.phase, 1.1, QFont.Weight.DemiBold),
            (self.stretch_name, 1.7, QFont.Weight.DemiBold),
            (self.words, 1.1, QFont.Weight.Normal),
            (self.instructions, 1.0, QFont.Weight.Normal),
            (self.feel, 1.0, QFont.Weight.Normal),
            (self.care, 1.0, QFont.Weight.Normal),
            (self.side, 3.4, QFont.Weight.Bold),
            (self.caption, 1.3, QFont.Weight.Normal),
            (self.coming, 1.1, QFont.Weight.Normal),
            (self.notes, 1.0, QFont.Weight.Normal),
            (self.question, 1.6, QFont.Weight.DemiBold),
        ):
            font = QFont(label.font())
            font.setPixelSize(round(base * scale))
            font.setWeight(weight)
            label.setFont(font)
        self.controls.scale(base)
        self._base = base
        for button in self.answers.findChildren(QPushButton):
            self._scale_answer(button)
        margin = round(base * 1.3)
        self._layout.setContentsMargins(margin, margin * 2 // 3, margin, margin * 2 // 3)
        # The countdown takes at least 40% of the page's height.
        self.ring.setMinimumHeight(int(self.height() * 0.4))

    # -- following the session ---------------------------------------------------------------

    def _on_event(self, event: Event) -> None:
        if event.kind is EventKind.STEP_STARTED:
            self._shown_step = -1  # redraw the texts for the new step
        elif event.kind in (EventKind.SESSION_STARTED, EventKind.PAUSED, EventKind.RESUMED):
            self.controls.set_paused(event.kind is EventKind.PAUSED)
        if event.kind in (EventKind.STEP_STARTED, EventKind.PAUSED, EventKind.RESUMED):
            self._enable_hurt()

    def _enable_hurt(self) -> None:
        engine = self.driver.engine
        if engine is not None:
            self.controls.hurt_button.setEnabled(engine.can_hurt)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() is QEvent.Type.PaletteChange:  # light to dark: recolour everything
            self._shown_step = -1
            self.refresh()

    def show_note(self, topic: str, message: str | None) -> None:
        """Say on the page the user follows what is wrong ("voice", "history"), or that it no
        longer is (None); the session goes on either way."""
        if message is None:
            self._notes.pop(topic, None)
        else:
            self._notes[topic] = message
        self.notes.setText("\n".join(self._notes.values()))
        self.notes.setVisible(bool(self._notes))

    def pulse(self) -> None:
        self._pulse_until = self.driver.clock.now() + PULSE_SECONDS
        self.ring.set_pulse(True)

    def refresh(self) -> None:
        if self.ring.pulsing and self.driver.clock.now() >= self._pulse_until:
            self.ring.set_pulse(False)
        engine = self.driver.engine
        step = engine.current if engine else None
        if engine is None or step is None:
            return
        if step.index != self._shown_step:
            self._show_step(step)
        self._show_time(step)
        self.figure.advance()

    def _show_step(self, step: PlanStep) -> None:
        engine = self.driver.engine
        assert engine is not None
        self._shown_step = step.index
        stretch = step.stretch
        round_text = f", round {step.round} of {step.rounds}" if step.rounds > 1 else ""
        _set(
            self.where,
            f"{engine.plan.routine.name}  ·  stretch {step.item} of {step.item_count}{round_text}",
        )
        title = PHASE_TITLES[step.phase]
        if step.phase is Phase.PREPARE and step.position_change:
            title = f"Get into position: {POSITION_WORDS[stretch.position].lower()}"
        if step.phase is Phase.REST:
            title = "Rest. Next up:"
        _set(self.phase, title.upper())
        _set(self.stretch_name, stretch.name)
        _set(self.words, self._words(step))
        feel = "You should feel: " + " ".join(stretch.feel) if stretch.feel else ""
        _set(self.feel, feel if step.phase is not Phase.REST else "")
        _set(self.care, care_text(step))
        self.figure.show_step(step)
        after = next_up(engine.plan, step.index)
        _set(self.coming, f"Next: {step_name(after)}" if after else "Next: the end")
        self._show_answers(step)
        self._marked = -2  # force the instructions to be drawn

    def _words(self, step: PlanStep) -> str:
        stretch = step.stretch
        side_words = stretch.words_for(step.side) if stretch.sided else ""
        if step.phase in (Phase.PREPARE, Phase.REST):
            return " ".join(part for part in (stretch.setup, side_words) if part)
        if step.phase is Phase.HOLD and stretch.deepen:
            return " ".join(part for part in (side_words, stretch.deepen) if part)
        return side_words

    def _show_answers(self, step: PlanStep) -> None:
        for button in self.answers.findChildren(QPushButton):
            button.hide()
            button.deleteLater()
        asking = step.phase is Phase.CHECK
        self.ring.setVisible(not asking)
        self.asking.hide()  # shown again with its new buttons, which show with it
        if not asking:
            return
        _set(self.question, step.stretch.question)
        answers = zip(ANSWER_KEYS, step.stretch.answers, strict=False)
        for number, (key, answer) in enumerate(answers):
            button = QPushButton(f"{key}\n{answer.label}", self.answers)
            button.setAccessibleName(answer.label)
            button.setToolTip(f"{answer.label} (key {key})")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, a=answer.id: self.answered.emit(a))
            self._scale_answer(button)
            self._answer_grid.addWidget(button, *divmod(number, ANSWER_COLUMNS))
        self.asking.show()

    def _scale_answer(self, button: QPushButton) -> None:
        """Big enough to read and to hit from the floor, with the key to press on top."""
        font = QFont(button.font())
        font.setPixelSize(round(self._base * 1.3))
        button.setFont(font)
        button.setMinimumHeight(round(self._base * 5))

    def answer_by_key(self, key: str) -> None:
        step = self.driver.engine.current if self.driver.engine else None
        if step is None or step.phase is not Phase.CHECK or key not in ANSWER_KEYS:
            return
        number = ANSWER_KEYS.index(key)
        if number < len(step.stretch.answers):
            self.answered.emit(step.stretch.answers[number].id)

    def _show_time(self, step: PlanStep) -> None:
        engine = self.driver.engine
        assert engine is not None
        colours = theme.current()
        paused = engine.state is State.PAUSED
        _set(self.total_left, f"{duration_text(engine.remaining_total())} left")
        side = step.side
        rep = engine.current_rep()
        if rep is not None:
            side = rep[1]
            if side is not None:  # alternating legs: say which one this rep
                _set(self.words, step.stretch.words_for(side))
        sided = step.stretch.sided or (rep is not None and rep[1] is not None)
        _set(self.side, side_text(side) if sided and step.phase is not Phase.REST else "")
        if self.side.palette().color(QPalette.ColorRole.WindowText) != colours.side(side):
            palette = self.side.palette()
            palette.setColor(QPalette.ColorRole.WindowText, colours.side(side))
            self.side.setPalette(palette)
        remaining = engine.remaining()
        caption = ""
        if remaining is None:
            self.ring.show_time(1.0, "?", "", dimmed=False)
        elif rep is not None and step.reps and step.tempo:
            number, _leg = rep
            into = engine.elapsed() - (number - 1) * step.tempo
            self.ring.show_time(
                1 - into / step.tempo,
                str(number),
                f"of {step.reps}",
                colours.side(side),
                dimmed=paused,
            )
            caption = f"Rep {number} of {step.reps}  ·  {step.tempo:g} seconds each"
        else:
            shown = seconds_shown(remaining)
            fraction = remaining / step.duration if step.duration else 0.0
            small = "seconds" if shown < 60 else ""
            self.ring.show_time(
                fraction,
                clock_text(shown),
                small,
                colours.side(side) if step.phase.is_work else colours.accent,
                dimmed=paused,
            )
        if step.phase is Phase.CHECK:
            caption = f"Press 1 to {len(step.stretch.answers)}, or click an answer."
        if paused:
            caption = PAUSED_HURT if engine.paused_for is PauseReason.HURT else PAUSED
        _set(self.caption, caption)
        self._mark_instruction(step, engine.elapsed())

    def _mark_instruction(self, step: PlanStep, elapsed: float) -> None:
        current = instruction_at(step, elapsed)
        if current == self._marked:
            return
        self._marked = current
        accent = theme.current().accent.name()
        items = []
        for number, text in enumerate(step.stretch.instructions):
            words = html.escape(text)
            if number == current:
                items.append(f'<li style="color:{accent}; font-weight:600;">{words}</li>')
            else:
                items.append(f"<li>{words}</li>")
        self.instructions.setText(f"<ol style='margin-left:0'>{''.join(items)}</ol>")
        self.instructions.setAccessibleDescription(
            f"Step {current + 1}: {step.stretch.instructions[current]}"
            if current is not None
            else ""
        )
