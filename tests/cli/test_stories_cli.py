"""`annotator stories …` as a user types it."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from annotator.cli import main


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_suggest_accept_and_list(tmp_path: Path) -> None:
    project = str(tmp_path / "p.db")
    table = tmp_path / "meta.csv"
    table.write_text(
        "file,url,date\n"
        "a.txt,https://www.rt.com/news/1/,2016-09-03\n"
        "b.txt,https://sputniknews.com/x/,2016-09-03\n",
        encoding="utf-8",
    )
    (tmp_path / "a.txt").write_text(
        "Lavrov and Kerry met in Geneva on the Syrian ceasefire.", "utf-8"
    )
    (tmp_path / "b.txt").write_text(
        "Kerry and Lavrov met on the Syrian ceasefire in Geneva.", "utf-8"
    )
    (tmp_path / "c.txt").write_text("Tara Reid checked into rehab, her publicist said.", "utf-8")
    code, _out, err = run(
        "--project",
        project,
        "import",
        "--metadata",
        str(table),
        str(tmp_path / "a.txt"),
        str(tmp_path / "b.txt"),
        str(tmp_path / "c.txt"),
    )
    assert code == 0, err
    code, out, err = run("--project", project, "stories", "suggest")
    assert code == 0, err
    assert "suggested 1 stories of 2 articles" in out
    name = out.splitlines()[0].split("\t")[1]
    code, out, err = run("--project", project, "stories", "rename", name, "Lavrov-Kerry")
    assert code == 0, err
    code, out, err = run("--project", project, "stories", "accept", "lavrov-kerry")
    assert code == 0, err
    code, out, _err = run("--project", project, "stories", "list", "--json")
    (story,) = [json.loads(line) for line in out.splitlines()]
    assert story["name"] == "Lavrov-Kerry" and story["suggested"] is False
    assert [(a["outlet"], a["file"]) for a in story["articles"]] == [
        ("rt.com", str(tmp_path / "a.txt")),
        ("sputniknews.com", str(tmp_path / "b.txt")),
    ]
    code, out, _err = run("--project", project, "stories", "list")
    assert out.splitlines()[0].endswith("Lavrov-Kerry\t(accepted, 2 articles)")
    assert "\tsputniknews.com\t2016-09-03\t" in out


def test_unknown_story_and_bad_ids_are_one_error_line(tmp_path: Path) -> None:
    project = str(tmp_path / "p.db")
    code, _out, err = run("--project", project, "stories", "list")
    assert code == 1 and "no such project" in err and not Path(project).exists()
    (tmp_path / "a.txt").write_text("Some text", encoding="utf-8")
    assert run("--project", project, "import", str(tmp_path / "a.txt"))[0] == 0
    code, _out, err = run("--project", project, "stories", "accept", "Nothing")
    assert code == 1
    assert err.strip() == "annotator: error: no story named 'Nothing' (stories: none yet)"
    code, _out, err = run("--project", project, "stories", "new", "X", "--articles", "1,x")
    assert code == 2 and "'x' is not an article id" in err
    code, _out, err = run("--project", project, "stories", "new", "X", "--articles", "1,5")
    assert (code, err.strip()) == (1, "annotator: error: no article 5")
    assert "X" not in run("--project", project, "stories", "list")[1]
