"""The session screen: what to do now, on which side, for how long, and what comes next. It
draws the host's snapshots, with the texts `core.snapshot` words, and passes the controls on as
signals; it decides nothing. Its floor view (F) shows only what reads from the floor instead of
its body, except while a question waits for its answer."""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFont, QResizeEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.clock import Clock
from desktop_app.core.plan import Phase, PlanStep
from desktop_app.core.snapshot import (
    ANSWER_KEYS,
    Snapshot,
    caption_text,
    care_list,
    current_instruction,
    feel_text,
    next_text,
    phase_title,
    total_left_text,
    where_text,
    words_text,
)
from desktop_app.ui.kit.elided_label import ElidedLabel
from desktop_app.ui.kit.scroll import text_scroller
from desktop_app.ui.look import theme
from desktop_app.ui.session.answer_button import AnswerButton, even_out
from desktop_app.ui.session.controls import SessionControls
from desktop_app.ui.session.countdown_ring import CountdownRing
from desktop_app.ui.session.figure_view import FigureView
from desktop_app.ui.session.floor_view import FloorView
from desktop_app.ui.session.readouts import plain_label, set_text, show_countdown, show_side
from desktop_app.ui.session.text_size import text_pixels

ANSWER_COLUMNS = 2
PULSE_SECONDS = 0.4  # how long the ring lights up for a cue that could not be heard


def care_html(step: PlanStep) -> str:
    title, items = care_list(step)
    if not items:
        return ""
    listed = "".join(f"<li>{html.escape(item)}</li>" for item in items)
    return f"<b>{title}</b><ul style='margin-top:4px; margin-left:0'>{listed}</ul>"


class SessionPage(QWidget):
    answered = Signal(str)

    def __init__(self, clock: Clock, parent: QWidget | None = None) -> None:
        """`clock`: the session's, for the figure's motion between snapshots."""
        super().__init__(parent)
        self.clock = clock
        self.snapshot: Snapshot | None = None  # the one drawn last
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._shown: PlanStep | None = None  # the step whose texts are drawn
        self._marked: int | None = -2  # the instruction drawn as current
        self._pulse_until = 0.0  # on the session's clock
        self._base = 13  # the page's text size in pixels, from the window's size
        self._floor_chosen = False  # the floor view, by the setting, the key or the button

        self.where = plain_label(self, "where")  # "Big three · stretch 2 of 5"
        self.total_left = plain_label(self, "totalLeft")
        self.total_left.setAlignment(Qt.AlignmentFlag.AlignRight)

        self.phase = plain_label(self, "phase", wrap=True)
        self.stretch_name = plain_label(self, "stretchName", wrap=True)
        self.words = plain_label(self, "words", wrap=True)
        self.instructions = QLabel(self)
        self.instructions.setObjectName("instructions")
        self.instructions.setTextFormat(Qt.TextFormat.RichText)
        self.instructions.setWordWrap(True)
        self.feel = plain_label(self, "feel", wrap=True)
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

        self.side = plain_label(self, "side")
        self.side.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.side.setAccessibleName("Side")
        self.ring = CountdownRing(self)
        self.caption = plain_label(self, "caption", wrap=True)  # reps and tempo, or "paused"
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # A self-check's question: in the countdown's place, with its answers as big buttons.
        self.asking = QWidget(self)
        self.question = plain_label(self.asking, "question", wrap=True)
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

        self.figure = FigureView(clock.now, self)
        # One line, shortened if it must be (the whole in its tooltip): wrapped, a long name
        # took five lines of a small window.
        self.coming = ElidedLabel("", self)
        self.coming.setObjectName("nextUp")
        self.coming.setTextFormat(Qt.TextFormat.PlainText)
        # Why the cues cannot be heard, or why the history is not being saved.
        self.notes = plain_label(self, "errors", wrap=True)
        self.notes.setAccessibleName("Notes")
        self.notes.hide()
        self._notes: dict[str, str] = {}
        self.controls = SessionControls(self)

        # The page's body, or the floor view in its place.
        self.full = QWidget(self)
        # What comes next in the middle of the top line: the footer's width is the buttons'.
        self.coming.setAlignment(Qt.AlignmentFlag.AlignCenter)
        header = QHBoxLayout()
        header.setSpacing(24)
        header.addWidget(self.where)
        header.addWidget(self.coming, 1)
        header.addWidget(self.total_left)
        body = QHBoxLayout()
        body.setSpacing(28)
        # The figure is what the eye looks for after the countdown and the side: the widest.
        body.addWidget(scroll, 5)
        body.addLayout(centre, 5)
        body.addWidget(self.figure, 6)
        full = QVBoxLayout(self.full)
        full.setContentsMargins(0, 0, 0, 0)
        full.addLayout(header)
        full.addLayout(body, 1)
        self.floor = FloorView(clock, self)
        self._views = QStackedWidget(self)
        self._views.addWidget(self.full)
        self._views.addWidget(self.floor)
        self.controls.floor_view.connect(self.toggle_floor_view)
        self._layout = QVBoxLayout(self)
        self._layout.addWidget(self._views, 1)
        self._layout.addWidget(self.notes)  # under both: a problem is never hidden
        self._layout.addWidget(self.controls, 0, Qt.AlignmentFlag.AlignRight)

    # -- sizes: everything scales with the window, so it reads the same at 800x600 and 4K ---

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        base = text_pixels(self.window().size())
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
        self.floor.scale(base)
        grown, self._base = base != self._base, base
        if grown and self.snapshot is not None and self._shown is not None:
            self._marked = -2  # the list's numbers need more room, or less
            self._mark_instruction(self._shown, current_instruction(self.snapshot))
        for button in self.answers.findChildren(QPushButton):
            self._scale_answer(button)
        margin = round(base * 1.3)
        self._layout.setContentsMargins(margin, margin * 2 // 3, margin, margin * 2 // 3)
        # The countdown takes at least 40% of the page's height.
        self.ring.setMinimumHeight(int(self.height() * 0.4))

    # -- following the session ---------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() is QEvent.Type.PaletteChange:  # light to dark: recolour everything
            self._shown = None
            if self.snapshot is not None:
                self.show_snapshot(self.snapshot)

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
        self._pulse_until = self.clock.now() + PULSE_SECONDS
        for ring in (self.ring, self.floor.ring):
            ring.set_pulse(True)

    # -- the floor view -----------------------------------------------------------------------

    @property
    def floor_view_shown(self) -> bool:
        return self._views.currentWidget() is self.floor

    def set_floor_view(self, chosen: bool) -> None:
        self._floor_chosen = chosen
        self._arrange()

    def toggle_floor_view(self) -> None:
        self.set_floor_view(not self._floor_chosen)

    def _arrange(self) -> None:
        """The floor view where chosen, but never over a question waiting for its answer."""
        step = self.snapshot.step if self.snapshot is not None else None
        floor = self._floor_chosen and not (step is not None and step.phase is Phase.CHECK)
        self.controls.show_floor_view(self._floor_chosen, floor)
        shown = self.floor if floor else self.full
        if self._views.currentWidget() is shown:
            return
        # Only the figure on the screen follows the session: it is brought up to date first.
        if self.snapshot is not None and step is not None:
            (self.floor if floor else self.figure).show_snapshot(self.snapshot)
        self._views.setCurrentWidget(shown)

    # -- drawing ------------------------------------------------------------------------------

    def show_snapshot(self, snapshot: Snapshot) -> None:
        """Draw the session as it is now."""
        if self.ring.pulsing and self.clock.now() >= self._pulse_until:
            for ring in (self.ring, self.floor.ring):
                ring.set_pulse(False)
        self.snapshot = snapshot
        step = snapshot.step
        if step is None:  # the session ended: whatever starts next is drawn afresh
            self._shown = None
            self.figure.show_snapshot(snapshot)
            self.floor.show_snapshot(snapshot)
            return
        self.controls.set_paused(snapshot.paused)
        self.controls.hurt_button.setEnabled(snapshot.can_hurt)
        if step is not self._shown:  # a new step, or the first of another session
            self._show_step(snapshot, step)
        # The page's texts follow even under the floor view (a hidden label paints nothing);
        # the figure that is hidden does not, since working out its frames costs.
        self._show_time(snapshot, step)
        if self.floor_view_shown:
            self.floor.show_snapshot(snapshot)
        else:
            self.figure.show_snapshot(snapshot)

    def _show_step(self, snapshot: Snapshot, step: PlanStep) -> None:
        self._shown = step
        set_text(self.where, where_text(snapshot.routine_name, step))
        set_text(self.phase, phase_title(step))
        set_text(self.stretch_name, step.stretch.name)
        set_text(self.feel, feel_text(step))
        set_text(self.care, care_html(step))
        self.figure.show_step(step)
        self.coming.set_full_text(next_text(snapshot))
        self._show_answers(step)
        self._marked = -2  # force the instructions to be drawn
        self._arrange()  # a question comes out of the floor view

    def _show_answers(self, step: PlanStep) -> None:
        for button in self.answers.findChildren(QPushButton):
            button.hide()
            button.deleteLater()
        asking = step.phase is Phase.CHECK
        self.ring.setVisible(not asking)
        self.asking.hide()  # shown again with its new buttons, which show with it
        if not asking:
            return
        set_text(self.question, step.stretch.question)
        answers = zip(ANSWER_KEYS, step.stretch.answers, strict=False)
        for number, (key, answer) in enumerate(answers):
            button = AnswerButton(key, answer.label, self.answers)
            button.setToolTip(f"{answer.label} (key {key})")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, a=answer.id: self.answered.emit(a))
            self._scale_answer(button)
            self._answer_grid.addWidget(button, *divmod(number, ANSWER_COLUMNS))
        even_out(self.answers)
        self.asking.show()

    def _scale_answer(self, button: QPushButton) -> None:
        """Big enough to read and to hit from the floor, with the key to press on top."""
        font = QFont(button.font())
        font.setPixelSize(round(self._base * 1.3))
        button.setFont(font)
        button.setMinimumHeight(round(self._base * 5))

    def answer_by_key(self, key: str) -> None:
        step = self.snapshot.step if self.snapshot is not None else None
        if step is None or step.phase is not Phase.CHECK or key not in ANSWER_KEYS:
            return
        number = ANSWER_KEYS.index(key)
        if number < len(step.stretch.answers):
            self.answered.emit(step.stretch.answers[number].id)

    def _show_time(self, snapshot: Snapshot, step: PlanStep) -> None:
        set_text(self.total_left, total_left_text(snapshot))
        set_text(self.words, words_text(snapshot))
        show_side(self.side, snapshot)
        show_countdown(self.ring, snapshot)
        set_text(self.caption, caption_text(snapshot))
        self._mark_instruction(step, current_instruction(snapshot))

    def _mark_instruction(self, step: PlanStep, current: int | None) -> None:
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
        # The numbers grow with the text, the list's indent (40 px) does not: room past 20 px.
        indent = max(0, self._base - 20)
        self.instructions.setText(f"<ol style='margin-left:{indent}px'>{''.join(items)}</ol>")
        self.instructions.setAccessibleDescription(
            f"Step {current + 1}: {step.stretch.instructions[current]}"
            if current is not None
            else ""
        )
