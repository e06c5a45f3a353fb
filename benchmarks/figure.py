"""What the figure costs: working out one frame (pose, joints, picture) and painting it, at
the size of the session page's figure card in a 1280x800 window (440x690) and at full screen
on 2560x1440 (900x1240), for every step of every stretch.
A frame is painted as the session view paints it: the kept picture of the props copied, the
body, then the kept picture of the arrows and the side's letter. A session's CPU with the
figure on screen is measured by benchmarks/startup.py.

Run: QT_QPA_PLATFORM=offscreen python -m benchmarks.figure
It prints, as JSON, the medians and the slowest in milliseconds, and the budget: a frame drawn
well under 2 ms (we take 1 ms).
"""

from __future__ import annotations

import json
import statistics
import time

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPixmap

from desktop_app.core.catalogue import load_catalogue
from desktop_app.core.figure_motion import frame_at
from desktop_app.core.figure_scene import scene
from desktop_app.core.model import Routine, RoutineStep
from desktop_app.core.plan import build_plan
from desktop_app.resources import assets_dir
from desktop_app.ui.look import theme
from desktop_app.ui.look.figure_paint import Placement, paint_backdrop, paint_body, paint_marks

FRAMES = 90  # three seconds at 30 frames a second
WINDOW = (440, 690)  # the figure card, pixels
FULL_SCREEN = (900, 1240)
BUDGET_MS = 1.0


def _ms(runs: list[float]) -> dict[str, float]:
    return {
        "median_ms": round(statistics.median(runs) * 1000, 3),
        "max_ms": round(max(runs) * 1000, 3),
    }


def main() -> None:
    QGuiApplication.instance() or QGuiApplication([])
    stretches = load_catalogue(assets_dir(), None).stretches
    compute: list[float] = []
    paint: dict[tuple[int, int], list[float]] = {WINDOW: [], FULL_SCREEN: []}
    for stretch in stretches.values():
        plan = build_plan(Routine("r", "R", (RoutineStep(stretch),)))
        for step in plan.steps:
            duration = step.duration or 10.0
            for (width, height), runs in paint.items():
                image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
                rect = QRectF(0, 0, width, height)
                kept = scene(stretch, stretch.sided)  # worked out once, as in the view
                place = Placement(kept.stage, rect)
                props, marks = QPixmap(width, height), QPixmap(width, height)
                for i in range(FRAMES):
                    begun = time.perf_counter()
                    frame = frame_at(step, duration * i / FRAMES)
                    assert frame is not None
                    drawing = frame.drawing(stretch.figure)  # type: ignore[arg-type]
                    computed = time.perf_counter()
                    if i == 0:  # the view draws the props and the marks once per step
                        props.fill(QColor("white"))
                        painter = QPainter(props)
                        spec = stretch.figure
                        assert spec is not None
                        paint_backdrop(painter, drawing, kept, spec, place, rect, theme.LIGHT)
                        painter.end()
                        marks.fill(Qt.GlobalColor.transparent)
                        painter = QPainter(marks)
                        paint_marks(painter, kept, place, theme.LIGHT)
                        painter.end()
                        computed = time.perf_counter()
                    painter = QPainter(image)
                    painter.drawPixmap(0, 0, props)
                    paint_body(painter, drawing, place, theme.LIGHT)
                    painter.drawPixmap(0, 0, marks)
                    painter.end()
                    done = time.perf_counter()
                    compute.append(computed - begun)
                    runs.append(done - computed)
    report = {
        "frames": len(compute),
        "compute": _ms(compute),
        "paint_window": _ms(paint[WINDOW]),
        "paint_full_screen": _ms(paint[FULL_SCREEN]),
        "budget_ms": BUDGET_MS,
    }
    in_window = statistics.median(compute) + statistics.median(paint[WINDOW])
    report["frame_window_median_ms"] = round(in_window * 1000, 3)
    report["within_budget"] = in_window * 1000 < BUDGET_MS
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
