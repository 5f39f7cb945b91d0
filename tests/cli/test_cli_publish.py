"""`missiondiary publish`: the paths written on stdout, the withheld count on stderr (the post
itself never says), and nothing private in what is written."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from cli_helpers import as_json, dump, invoke, ok
from missiondiary.demo import DEMO_SLUG

# Words that live only in the demo's private entries and working notes.
PRIVATE_WORDS = ("Vancouver", "Confidential", "Call with Chamber staff", "Shudu", "intern")


@pytest.fixture
def demo_db(demo_db_path: Path) -> Path:
    return demo_db_path


def written(result_stdout: str) -> list[Path]:
    return [Path(line) for line in result_stdout.splitlines() if line.strip()]


def test_publish_a_day_for_members_writes_markdown_and_html(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "posts"
    result = ok(
        demo_db, "publish", DEMO_SLUG, "--day", "1", "--format", "md,html", "--out", str(out)
    )
    paths = written(result.stdout)
    stem = f"2011-11-21-{DEMO_SLUG}-day-1"
    assert [p.name for p in paths] == [f"{stem}.md", f"{stem}.html"]
    assert all(p.parent == out.resolve() and p.exists() for p in paths)
    assert result.stderr.strip() == "1 entry withheld from members"

    markdown = paths[0].read_text(encoding="utf-8")
    front, body = markdown.split("---\n", 2)[1:]
    fields = yaml.safe_load(front)
    assert fields["title"] == "London Chamber of Commerce mission to China – Day 1"
    assert fields["day"] == 1
    assert fields["author"] == "Joaquim Balles"
    assert "## China / Chongqing" in body
    assert "Jinshan Group of Companies" in body
    for text in (markdown, paths[1].read_text(encoding="utf-8")):
        for word in PRIVATE_WORDS:
            assert word not in text


def test_publish_by_date_is_the_same_as_by_day_and_reruns_overwrite(
    demo_db: Path, tmp_path: Path
) -> None:
    out = tmp_path / "posts"
    by_day = ok(demo_db, "publish", DEMO_SLUG, "--day", "3", "--out", str(out))
    first = written(by_day.stdout)[0].read_text(encoding="utf-8")
    by_date = ok(demo_db, "publish", DEMO_SLUG, "--date", "2011-11-23", "--out", str(out))
    assert written(by_date.stdout) == written(by_day.stdout)
    assert sorted(p.name for p in out.iterdir()) == [f"2011-11-23-{DEMO_SLUG}-day-3.md"]
    assert written(by_date.stdout)[0].read_text(encoding="utf-8") == first


def test_publish_all_for_the_public_withholds_members_entries(
    demo_db: Path, tmp_path: Path
) -> None:
    out = tmp_path / "public"
    result = ok(demo_db, "publish", DEMO_SLUG, "--all", "--audience", "public", "--out", str(out))
    paths = written(result.stdout)
    days = [p for p in paths if "-day-" in p.name]
    # Only days with a public entry are posts: the members-only flight out (Day 0) is none.
    assert days[0].name == f"2011-11-22-{DEMO_SLUG}-day-2.md"
    assert all("\n### " in p.read_text(encoding="utf-8") for p in days)
    assert {p.name for p in paths if "-day-" not in p.name} == {"index.md", "feed.xml"}
    count = int(result.stderr.split()[0])
    assert count > 0
    assert result.stderr.strip().endswith("withheld from public")
    everything = "".join(p.read_text(encoding="utf-8") for p in paths)
    assert "MOU signing" in everything  # the public ceremony
    assert "Harbour Plaza" not in everything  # a members-only hotel
    for word in PRIVATE_WORDS:
        assert word not in everything


def test_publish_records_the_day_as_published(demo_db: Path, tmp_path: Path) -> None:
    assert as_json(demo_db, "day", "show", DEMO_SLUG, "2")["post"]["status"] == "draft"
    ok(demo_db, "publish", DEMO_SLUG, "--day", "2", "--out", str(tmp_path / "o"))
    post = as_json(demo_db, "day", "show", DEMO_SLUG, "2")["post"]
    assert post["status"] == "published"
    assert post["published_at"]


def test_publish_into_a_file_is_a_usage_error(demo_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "a-file.md"
    target.write_text("keep me", encoding="utf-8")
    before = dump(demo_db)
    result = invoke(demo_db, "publish", DEMO_SLUG, "--day", "1", "--out", str(target))
    assert result.exit_code == 2
    assert "--out" in result.stderr
    assert target.read_text(encoding="utf-8") == "keep me"
    assert dump(demo_db) == before


def test_publish_with_an_unknown_theme_writes_nothing(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "posts"
    before = dump(demo_db)
    result = invoke(demo_db, "publish", DEMO_SLUG, "--all", "--theme", "neon", "--out", str(out))
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: --theme")
    assert not out.exists()
    assert dump(demo_db) == before
