"""How long does a content file as large as it may be (1 MiB) take to check?

Files an attack would write: a self-check with 10,000 and 40,000 answers, the same with one
answer's id used again at the end (so every line is looked for), and 90,000 unknown keys. For
each it prints, as JSON, the best of five `read_content_file` runs in seconds and how many
problems were found: validation must take time linear in the file, never quadratic.

    python -m benchmarks.content [--runs N]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from desktop_app.core.catalogue import load_catalogue, read_content_file
from desktop_app.resources import assets_dir

CHECK = """\
name = "Check"
[[step]]
stretch = "mine"
[[stretch]]
id = "mine"
name = "Mine"
kind = "check"
position = "floor"
instructions = ["Lie down."]
question = "Which?"
answers = [
"""


def answers(count: int, *, again: bool = False) -> str:
    lines = [f'{{id="a{n}",label="x"}},' for n in range(count)]
    return CHECK + "\n".join(lines + (['{id="a5",label="again"},'] if again else [])) + "\n]\n"


FILES = {
    "answers-10000": answers(10_000),
    "answers-40000": answers(40_000),
    "answers-40000-one-twice": answers(40_000, again=True),
    "unknown-keys-90000": 'name = "Keys"\n[[step]]\nstretch = "lizard-pose"\n'
    + "".join(f"k{n} = 1\n" for n in range(90_000)),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    builtin = load_catalogue(assets_dir(), None).stretches
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        for name, text in FILES.items():
            path = Path(folder) / f"{name}.toml"
            path.write_text(text, encoding="utf-8")
            times = []
            for _ in range(args.runs):
                start = time.perf_counter()
                loaded = read_content_file(path, builtin)
                times.append(time.perf_counter() - start)
            results[name] = {
                "bytes": path.stat().st_size,
                "seconds": round(min(times), 3),
                "problems": len(loaded.errors),
            }
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
