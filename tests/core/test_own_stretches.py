"""A stretch of the user's own, text only: a key only repetitions have makes it a repetition
exercise without `kind = "reps"`, and one with nothing but its steps says them on both sides."""

from __future__ import annotations

from desktop_app.core.catalogue import load_catalogue, read_content_file
from desktop_app.core.cues import Verbosity, estimate_seconds, fit_lead_ins, rehearse
from desktop_app.core.model import Kind, Side
from desktop_app.core.plan import Phase, build_plan
from desktop_app.resources import assets_dir

STEPS = ["Stand tall, holding a chair.", "Bend one knee and hold the ankle behind you."]

MINE = f"""\
name = "Mine"
[[step]]
stretch = "standing-quad-pull"
hold = 20
[[step]]
stretch = "band-pull-apart"
reps = 6

[[stretch]]
id = "standing-quad-pull"
name = "Standing quad pull"
sided = true
position = "standing"
instructions = {STEPS!r}

[[stretch]]
id = "band-pull-apart"
name = "Band pull-apart"
position = "standing"
tempo = 3
instructions = ["Hold a band at shoulder height.", "Pull it apart slowly, then return."]
"""


def load(tmp_path, text: str):
    path = tmp_path / "mine.toml"
    path.write_text(text, encoding="utf-8")
    return read_content_file(path, load_catalogue(assets_dir(), None).stretches)


def test_a_tempo_makes_a_repetition_exercise_without_saying_its_kind(tmp_path):
    loaded = load(tmp_path, MINE)
    assert loaded.errors == []
    band = loaded.stretches["band-pull-apart"]
    assert band.kind is Kind.REPS
    assert loaded.routine is not None
    (reps,) = [s for s in build_plan(loaded.routine).steps if s.phase is Phase.REPS]
    assert (reps.reps, reps.tempo, reps.duration) == (6, 3, 18)


def test_each_key_for_repetitions_alone_is_enough(tmp_path):
    for key, value in (("reps", "8"), ("alternate", "true"), ("rep_return", '"And back."')):
        text = MINE.replace("tempo = 3", f"{key} = {value}").replace("reps = 6\n", "")
        loaded = load(tmp_path, text)
        assert loaded.errors == [], key
        assert loaded.stretches["band-pull-apart"].kind is Kind.REPS, key


def test_a_tempo_on_a_stretch_said_to_be_held_is_still_an_error(tmp_path):
    loaded = load(tmp_path, MINE.replace("tempo = 3", 'kind = "hold"\ntempo = 3'))
    (error,) = loaded.errors
    assert "stretch 'band-pull-apart': 'tempo' is for repetition exercises" in str(error)


def test_a_step_holding_a_stretch_with_a_tempo_is_told_to_count_it(tmp_path):
    loaded = load(tmp_path, MINE.replace("reps = 6", "hold = 30"))
    (error,) = loaded.errors
    assert "'band-pull-apart' is counted in reps: use reps" in str(error)


def test_a_stretch_with_only_its_steps_says_them_on_each_side(tmp_path):
    routine = load(tmp_path, MINE).routine
    assert routine is not None
    plan = fit_lead_ins(build_plan(routine), Verbosity.NORMAL, estimate_seconds)  # as spoken
    said = {Side.LEFT: [], Side.RIGHT: []}
    for cue in rehearse(plan, Verbosity.NORMAL, seconds_of=estimate_seconds):
        step = plan.steps[min(cue.step, len(plan.steps) - 1)]  # the end's words: past the last
        if step.stretch.id == "standing-quad-pull" and step.phase in (Phase.PREPARE, Phase.SWITCH):
            said[step.side].append(cue.text)
    for side in Side:
        assert [text for text in said[side] if text in STEPS] == STEPS, side
    assert said[Side.RIGHT][0] == "Release. Switch sides."


def test_a_built_in_stretch_says_again_only_what_its_file_marks(catalogue):
    lizard = catalogue.stretches["lizard-pose"]
    assert lizard.said_again == lizard.again != tuple(range(len(lizard.instructions)))
    thomas = catalogue.stretches["thomas-test"]  # marks none, but says how to change sides
    assert thomas.said_again == ()
