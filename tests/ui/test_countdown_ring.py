"""The countdown ring: a tick that only moves the arc repaints round the arc's end."""

from __future__ import annotations

from desktop_app.ui.session.countdown_ring import CountdownRing


def test_a_tick_repaints_only_round_the_end_of_the_arc(qtbot, monkeypatch):
    ring = CountdownRing()
    qtbot.addWidget(ring)
    ring.resize(400, 400)
    ring.show_time(0.50, "15", "seconds")
    regions = []
    monkeypatch.setattr(ring, "update", lambda *area: regions.append(area))
    ring.show_time(0.49, "15", "seconds")  # a tenth of a second of a 30 s hold
    (area,) = regions[-1]
    assert area.width() < 60 and area.height() < 60
    assert area.contains(200, 390)  # half way round: the bottom of the ring
    ring.show_time(0.48, "14", "seconds")  # a new second: the digits change too
    assert regions[-1] == ()
    ring.show_time(0.20, "14", "seconds")  # a jump: all of it
    assert regions[-1] == ()
