"""The built-in content: complete, faithful to the source articles, in our own words."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.core.catalogue import load_notice
from desktop_app.core.cues import Verbosity, lead_in_parts
from desktop_app.core.model import Kind, Position, Routine, RoutineStep, Side
from desktop_app.core.plan import Phase, build_plan
from desktop_app.resources import assets_dir
from tests.shingles import shingles

STRETCHES = {
    "half-kneeling-hip-flexor",
    "seated-figure-four",
    "standing-tfl-cross-over",
    "kneeling-hip-flexor",
    "lizard-pose",
    "dead-bug",
    "thomas-test",
    "standing-hip-flexor",
}
ROUTINES = {"big-three", "iliopsoas", "desk-break", "full-lower-back", "thomas-self-test"}
ARTICLES = {
    "The Big 3: Essential Stretches for Bilateral Lower Back Pain Relief",
    "3 Stretching Exercises for Relieving Lower Back Tension and Pain",
}
# Not from the articles: the desk break's way to stand up and stretch the iliopsoas, as the
# iliopsoas article advises every 30 to 40 minutes, without kneeling.
COMMON_PRACTICE = {"standing-hip-flexor"}
SEED_RUNS = Path(__file__).parent / "data" / "seed_shingles.txt"


def test_everything_loads_without_errors(catalogue):
    assert catalogue.errors == []
    assert set(catalogue.stretches) == STRETCHES
    assert set(catalogue.routines) == ROUTINES


@pytest.mark.parametrize("stretch_id", sorted(STRETCHES))
def test_each_stretch_is_complete(catalogue, stretch_id):
    s = catalogue.stretches[stretch_id]
    assert s.name and s.summary and s.targets and s.setup and s.source
    assert 2 <= len(s.instructions) <= 5
    assert s.feel and s.mistakes and s.safety
    if s.kind is Kind.REPS:
        assert s.reps and s.tempo
    else:
        assert s.hold
    if s.sided or s.alternate:
        for side in Side:
            assert side.value in s.words_for(side).lower(), (stretch_id, side)


@pytest.mark.parametrize("stretch_id", sorted(STRETCHES))
def test_each_sided_stretch_says_how_to_get_to_the_other_side(catalogue, stretch_id):
    s = catalogue.stretches[stretch_id]
    if s.sided:
        assert s.change_sides.endswith("."), stretch_id
        # Said between the sides, one way only: it names neither.
        assert not {"left", "right"} & set(s.change_sides.lower().replace(",", "").split())


def test_each_stretch_credits_its_article_or_says_it_is_common_practice(catalogue):
    for stretch_id in STRETCHES - COMMON_PRACTICE:
        assert catalogue.stretches[stretch_id].source in ARTICLES, stretch_id
    for stretch_id in COMMON_PRACTICE:
        source = catalogue.stretches[stretch_id].source
        assert source.startswith("Common practice") and "not from" in source, stretch_id


def test_the_tfl_cross_over_says_where_the_wall_is_for_each_side(catalogue):
    # The hand on the wall is on the side the chest leans to, away from the hip that slides out.
    tfl = catalogue.stretches["standing-tfl-cross-over"]
    assert tfl.words_for(Side.LEFT).startswith("Right side to the wall, right hand on it.")
    assert tfl.words_for(Side.RIGHT).startswith("Left side to the wall, left hand on it.")
    assert "turn round" in tfl.change_sides


def test_stretch_facts_from_the_articles(catalogue):
    st = catalogue.stretches

    def text(stretch_id):
        s = st[stretch_id]
        parts = [
            s.setup,
            s.deepen,
            *s.instructions,
            *s.feel,
            *s.mistakes,
            *s.safety,
            *s.side_words.values(),
            *s.targets,
            s.summary,
        ]
        return " ".join(parts).lower()

    assert "cushion" in text("half-kneeling-hip-flexor")
    assert "tailbone" in text("half-kneeling-hip-flexor")
    assert "psoas" in text("half-kneeling-hip-flexor")
    assert st["seated-figure-four"].position is Position.SEATED
    assert "chair" in text("seated-figure-four") and "lean" in text("seated-figure-four")
    assert "wall" in text("standing-tfl-cross-over") and "pocket" in text("standing-tfl-cross-over")
    assert "behind" in st["standing-tfl-cross-over"].words_for(Side.LEFT).lower()
    assert "overhead" in text("kneeling-hip-flexor")
    standing = st["standing-hip-flexor"]
    assert standing.position is Position.STANDING and standing.sided
    assert "iliopsoas" in text("standing-hip-flexor") and "desk" in text("standing-hip-flexor")
    assert "tailbone" in text("standing-hip-flexor") and "heel up" in text("standing-hip-flexor")
    assert "30 to 40 minutes" in standing.summary
    assert "hands and knees" in text("lizard-pose") or "all fours" in text("lizard-pose")
    assert "elbows" in text("lizard-pose") and "outside" in text("lizard-pose")
    bug = st["dead-bug"]
    assert (bug.kind, bug.alternate, bug.position) == (Kind.REPS, True, Position.FLOOR)
    assert "bridge" in text("dead-bug") and "90 degrees" in text("dead-bug")
    assert "strength" in bug.summary.lower()
    thomas = st["thomas-test"]
    assert thomas.kind is Kind.CHECK and thomas.sided and thomas.position is Position.FLOOR
    assert [a.id for a in thomas.answers] == ["lifts", "bends", "neither", "unsure"]


@pytest.mark.parametrize(
    ("stretch_id", "words"),
    [
        ("half-kneeling-hip-flexor", ["tailbone", "weight forward slowly"]),
        ("kneeling-hip-flexor", ["tall", "forward and down"]),
        ("lizard-pose", ["outer edge", "front foot out"]),
        ("seated-figure-four", ["straight back", "chest forward"]),
        ("standing-tfl-cross-over", ["wall", "hip of that back leg slide out", "lean"]),
        ("standing-hip-flexor", ["desk", "foot back", "heel up", "tailbone", "hips forward"]),
        ("dead-bug", ["bridge", "lower back pressed down"]),
    ],
)
def test_the_spoken_setup_carries_each_stretchs_key_form(catalogue, stretch_id, words):
    # Said at the usual verbosity, to someone on the floor who cannot see the steps on screen:
    # in the lead-in of the first side, and again in the switch to the second.
    s = catalogue.stretches[stretch_id]
    plan = build_plan(Routine("r", "R", (RoutineStep(s),)))
    lead_ins = [step for step in plan.steps if step.phase in (Phase.PREPARE, Phase.SWITCH)]
    assert len(lead_ins) == (2 if s.sided else 1)
    for lead_in in lead_ins:
        parts = lead_in_parts(plan, lead_in, Verbosity.NORMAL)
        spoken = " ".join(part.words for part in parts).lower()
        assert all(word in spoken for word in words), spoken


@pytest.mark.parametrize("stretch_id", sorted(STRETCHES - {"dead-bug"}))
def test_left_and_right_name_the_hip_being_stretched_or_checked(catalogue, stretch_id):
    # One convention for every sided stretch, so LEFT on screen always means the same hip.
    for side in Side:
        words = catalogue.stretches[stretch_id].words_for(side).lower()
        assert f"{side.value} hip" in words or f"{side.value} knee down" in words, words


def test_routines_are_in_the_intended_order(catalogue):
    def ids(routine_id):
        return [step.stretch.id for step in catalogue.routines[routine_id].steps]

    assert ids("big-three") == [
        "half-kneeling-hip-flexor",
        "seated-figure-four",
        "standing-tfl-cross-over",
    ]
    assert ids("iliopsoas") == ["kneeling-hip-flexor", "lizard-pose", "dead-bug"]
    # Every exercise of the two articles; the standing hip flexor stretch is the desk's.
    assert set(ids("full-lower-back")) == STRETCHES - {"thomas-test"} - COMMON_PRACTICE
    assert ids("thomas-self-test") == ["thomas-test"]
    # The front of the hip first: stand up and stretch the iliopsoas, as the article advises.
    assert ids("desk-break") == [
        "standing-hip-flexor",
        "standing-tfl-cross-over",
        "seated-figure-four",
    ]
    desk = catalogue.routines["desk-break"]
    assert {s.stretch.position for s in desk.steps} <= {Position.STANDING, Position.SEATED}


def test_the_notice_says_general_guidance_and_when_to_stop():
    notice = load_notice(assets_dir())
    words = " ".join(notice.paragraphs).lower()
    assert "not medical advice" in words
    assert "stop" in words and "sharp" in words


def test_no_run_of_six_words_is_copied_from_the_articles(catalogue):
    seed_runs = {
        line for line in SEED_RUNS.read_text().splitlines() if line and not line.startswith("#")
    }
    titles = {s.source for s in catalogue.stretches.values()}
    copied = []
    strings = []
    for s in catalogue.stretches.values():
        strings += [
            s.name,
            s.summary,
            s.setup,
            s.deepen,
            s.question,
            *s.instructions,
            *s.feel,
            *s.mistakes,
            *s.safety,
            *s.targets,
            *s.side_words.values(),
            *(a.label for a in s.answers),
        ]
    strings += [r.description for r in catalogue.routines.values()]
    strings += load_notice(assets_dir()).paragraphs
    for string in strings:
        uncredited = string
        for title in titles:  # the articles are named where they are credited
            uncredited = uncredited.replace(title, "")
        if shingles(uncredited) & seed_runs:
            copied.append(string)
    assert copied == []


def test_the_copy_check_can_fail():
    seed_runs = set(SEED_RUNS.read_text().splitlines())
    assert shingles("Tuck your tailbone under—this is the most important part") & seed_runs
