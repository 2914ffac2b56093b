"""Every `annotator …` line of the README's code blocks, typed as a user types it.

The lines are read from README.md, so a command added there later is run here too. They run in
README order, through a shell (globs, `$(...)`, comments work as they would in a terminal), with the
installed `annotator` script first on PATH, the CLI's own defaults, and the default project moved
into a temporary data folder. The files a line names are prepared as a user would have them:
`seeds/` from the checkout, `more/` holding Prodigy-style files of the user's own, and the team
files of the analysts' lines (`corpus/`, `bob.jsonl`, `colleague.annotator.db`).

A line that opens the window (`annotator`, `annotator gui`, with `--project`) runs offscreen: it
must open the project (seeding the default one), draw the window and stay up without an error
until the test closes it.

The team lines name a server by the README's placeholder, `postgresql://USER@db.example.org/
newsroom`: that URL, and nothing else of the line, becomes the throwaway test cluster's
(tests/pg.py) database for the README, USER kept, the README's `admin` being the cluster's
superuser. Where no PostgreSQL server is installed those lines alone are skipped (never in CI).
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO, SEEDS

README = REPO / "README.md"
SCRIPT = Path(sys.executable).with_name("annotator")

#: Formats `annotator import` reads back, by the extension an export to them is named with.
REIMPORTABLE = (".jsonl", ".json", ".csv")


def readme_command_lines(text: str | None = None) -> list[str]:
    """The lines of the README's fenced code blocks that start with `annotator`."""
    text = README.read_text(encoding="utf-8") if text is None else text
    lines: list[str] = []
    for block in re.findall(r"^```[^\n]*\n(.*?)^```", text, flags=re.DOTALL | re.MULTILINE):
        for line in block.splitlines():
            if re.match(r"annotator(\s|$)", line.strip()):
                lines.append(line.strip())
    return lines


def test_the_readme_command_lines_are_found() -> None:
    lines = readme_command_lines()
    assert any(line.startswith("annotator import ") for line in lines)
    assert any(line.startswith("annotator export ") for line in lines)
    assert readme_command_lines("```\nannotator stats  # counts\nmake run\n```\n") == [
        "annotator stats  # counts"
    ]


def opens_the_window(line: str) -> bool:
    words = shlex.split(line, comments=True)
    while len(words) >= 3 and words[1] in ("--project", "--analyst"):
        del words[1:3]
    return words in (["annotator"], ["annotator", "gui"])


#: The README's example server project, a placeholder mapped to the test cluster.
README_SERVER = re.compile(r"postgresql://(\w+)@db\.example\.org/newsroom")
#: The README's name for the server's administrator (the role that runs `server init`).
README_ADMIN = "admin"


def on_test_server(line: str, cluster: Any, database: str) -> str:
    """The line with the README's server URL replaced by the test cluster's (quoted for the
    shell: it carries `?host=`); the role it names is kept, `admin` is the cluster's own."""
    from tests.pg_team import as_role

    def mapped(match: re.Match[str]) -> str:
        role = match.group(1)
        target = str(cluster.target(database))
        return shlex.quote(target if role == README_ADMIN else as_role(target, role))

    return README_SERVER.sub(mapped, line)


def _more_files(folder: Path) -> None:
    """A user's own Prodigy-style files: annotated articles, as another tool wrote them."""
    folder.mkdir()
    records = [
        {
            "text": "Lavrov said the talks in Geneva would resume.",
            "meta": {"title": "Talks to resume", "outlet": "Example Wire"},
            "spans": [
                {"start": 0, "end": 6, "label": "SOURCE"},
                {"start": 12, "end": 44, "label": "CLAIM"},
            ],
            "answer": "accept",
        },
        {
            "text": "Kerry arrived in Moscow on Monday, the ministry said.",
            "meta": {"title": "Kerry in Moscow"},
            "spans": [{"start": 0, "end": 5, "label": "PERSON"}],
            "answer": "accept",
        },
    ]
    with (folder / "wire.jsonl").open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record) + "\n")


def _team_files(cwd: Path, env: dict[str, str]) -> None:
    """What the README's team lines name: a colleague's corpus folder, a file of another
    analyst's annotations of the same texts, and a colleague's project file."""
    shutil.copytree(cwd / "more", cwd / "corpus")
    records = [json.loads(line) for line in (cwd / "more" / "wire.jsonl").read_text().splitlines()]
    for record in records:
        record["spans"] = record["spans"][:1]  # bob marked less
    (cwd / "bob.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    made = subprocess.run(
        [
            str(SCRIPT),
            "--project",
            "colleague.annotator.db",
            "--analyst",
            "carol",
            "import",
            "more",
        ],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert made.returncode == 0, made.stderr


def _outputs(line: str) -> list[str]:
    """The files a line says it writes (`-o`, `--output`, `--out`), standard output left out."""
    words = shlex.split(line, comments=True)
    named = [
        words[i + 1]
        for i, word in enumerate(words[:-1])
        if word in ("-o", "--output", "--out") and words[i + 1] != "-"
    ]
    return named


def _run_window(
    line: str, cwd: Path, env: dict[str, str], data: Path, *, server: bool = False
) -> str | None:
    """Start the window offscreen, wait until it is up, close it; what went wrong, or None."""
    process = subprocess.Popen(
        ["bash", "-c", line],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + (6 if server else 60)  # a server project makes no file
    try:
        # Up: the project exists and the process has stayed alive a few seconds past it.
        while time.monotonic() < deadline and process.poll() is None:
            if list(data.glob("*.db")):
                break
            time.sleep(0.2)
        time.sleep(4)
        if process.poll() is not None:
            _out, err = process.communicate()
            return f"the window closed by itself (status {process.returncode}): {err[-2000:]}"
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
        _out, err = process.communicate(timeout=30)
    if "Traceback" in err or "error" in err.lower():
        return f"the window reported: {err[-2000:]}"
    return None


def _test_server(request: pytest.FixtureRequest, lines: list[str]) -> tuple[Any, str] | None:
    """The throwaway cluster and a new empty database for the README's team lines, or None
    where no server is installed (outside CI: `pg_cluster` fails there instead)."""
    if not any(README_SERVER.search(line) for line in lines):
        return None
    try:
        cluster = request.getfixturevalue("pg_cluster")
    except pytest.skip.Exception:
        return None
    return cluster, cluster.new_database()


@pytest.mark.skipif(not SCRIPT.exists(), reason="the annotator script is not installed")
def test_every_readme_command_line_works_as_typed(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    cwd = tmp_path / "checkout"
    cwd.mkdir()
    shutil.copytree(SEEDS, cwd / "seeds")
    _more_files(cwd / "more")
    data = tmp_path / "user-data"
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("ANNOTATOR_PROJECT", "ANNOTATOR_DATA_DIR")
    }
    env.update(
        PATH=f"{SCRIPT.parent}{os.pathsep}{env.get('PATH', '')}",
        ANNOTATOR_DATA_DIR=str(data),
        HOME=str(tmp_path / "home"),
        XDG_CONFIG_HOME=str(tmp_path / "xdg-config"),
        XDG_DATA_HOME=str(tmp_path / "xdg-data"),
        QT_QPA_PLATFORM="offscreen",
    )
    _team_files(cwd, env)
    lines = readme_command_lines()
    assert lines
    server = _test_server(request, lines)
    failures: list[str] = []
    for line in lines:
        typed = line
        on_server = README_SERVER.search(line) is not None
        if on_server:
            if server is None:
                continue  # no PostgreSQL here (pg_cluster said why); CI always has one
            line = on_test_server(line, *server)
        if opens_the_window(line):
            problem = _run_window(line, cwd, env, data, server=on_server)
            if problem:
                failures.append(f"{typed}\n  {problem}")
            continue
        result = subprocess.run(
            ["bash", "-c", line], cwd=cwd, env=env, capture_output=True, text=True, timeout=180
        )
        line = typed
        if result.returncode != 0 or "Traceback" in result.stderr:
            failures.append(f"{line}\n  exit {result.returncode}: {result.stderr.strip()[-1500:]}")
            continue
        for output in _outputs(line):
            written = cwd / output
            if not written.exists():
                failures.append(f"{line}\n  did not write {output}")
            elif written.is_file() and written.suffix in REIMPORTABLE:
                again = subprocess.run(
                    [str(SCRIPT), "--project", str(tmp_path / "again.db"), "import", output],
                    cwd=cwd,
                    env=env,
                    capture_output=True,
                    text=True,
                    timeout=180,
                )
                if again.returncode != 0:
                    failures.append(f"{line}\n  {output} does not import again: {again.stderr}")
    assert not failures, "README command lines that fail as typed:\n" + "\n".join(failures)
