"""Files far larger than anyone writes, as an attack would: read whole, their problems at their
own lines, and a file with thousands of problems cut short. How long they take is measured by
`python -m benchmarks.content`; here, that the answers are right at that size."""

from __future__ import annotations

from pathlib import Path

from benchmarks.content import CHECK
from desktop_app.core.catalogue import MAX_FILE_BYTES, MAX_PROBLEMS, read_content_file

FIRST_ANSWER_LINE = CHECK.count("\n") + 1


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "big.toml"
    path.write_text(text, encoding="utf-8")
    assert path.stat().st_size <= MAX_FILE_BYTES  # read, not refused for its size
    return path


def answers(count: int, *, again: int | None = None) -> str:
    lines = [f'{{id="a{n}",label="x"}},' for n in range(count)]
    if again is not None:
        lines.append(f'{{id="a{again}",label="again"}},')
    return CHECK + "\n".join(lines) + "\n]\n"


def test_forty_thousand_answers_load(tmp_path):
    loaded = read_content_file(write(tmp_path, answers(40_000)), {})
    assert loaded.errors == []
    assert loaded.routine is not None
    check = loaded.routine.steps[0].stretch
    assert len(check.answers) == 40_000
    assert check.answers[-1].id == "a39999"


def test_an_answer_used_twice_among_forty_thousand_is_found_at_its_own_line(tmp_path):
    path = write(tmp_path, answers(40_000, again=5))
    loaded = read_content_file(path, {})
    assert [(e.line, e.message) for e in loaded.errors] == [
        (FIRST_ANSWER_LINE + 40_000, "stretch 'mine': answer 40001: the id 'a5' is used twice")
    ]


def test_ninety_thousand_unknown_keys_are_cut_short(tmp_path, catalogue):
    head = 'name = "Keys"\n[[step]]\nstretch = "lizard-pose"\n'
    keys = "".join(f"k{n} = 1\n" for n in range(90_000))
    path = write(tmp_path, head + keys)
    errors = read_content_file(path, catalogue.stretches).errors
    assert len(errors) == MAX_PROBLEMS + 1
    assert [(e.line, e.message) for e in errors[:2]] == [
        (4, "step 1: unknown key 'k0' in a [[step]] table"),
        (5, "step 1: unknown key 'k1' in a [[step]] table"),
    ]
    assert errors[MAX_PROBLEMS - 1].line == 3 + MAX_PROBLEMS
    assert (errors[-1].line, errors[-1].message) == (
        None,
        f"more than {MAX_PROBLEMS} problems: fix these first",
    )


def test_a_file_with_just_the_most_problems_is_not_cut_short(tmp_path, catalogue):
    head = 'name = "Keys"\n[[step]]\nstretch = "lizard-pose"\n'
    keys = "".join(f"k{n} = 1\n" for n in range(MAX_PROBLEMS))
    errors = read_content_file(write(tmp_path, head + keys), catalogue.stretches).errors
    assert len(errors) == MAX_PROBLEMS
    assert all("unknown key" in e.message for e in errors)
