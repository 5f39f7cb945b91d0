"""The documentation site builds with every link resolving, and says what the code does.

`mkdocs build --strict` fails on a page missing from the nav, a link to a page or heading that
is not there, or a command reference that no longer imports; the README sits outside the site,
so its links are checked here by hand."""

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest

from missiondiary.cli import cli

ROOT = next(p for p in Path(__file__).resolve().parents if (p / "mkdocs.yml").exists())
INSTALL = "python3 -m pip install -e '.[docs]'"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if (
        importlib.util.find_spec("mkdocs") is None
        or importlib.util.find_spec("mkdocs_click") is None
    ):
        pytest.skip(f"mkdocs and mkdocs-click are not installed: {INSTALL}")
    out = tmp_path_factory.mktemp("site")
    config = str(ROOT / "mkdocs.yml")
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", config]
    done = subprocess.run(
        [*command, "--site-dir", str(out)], capture_output=True, text=True, cwd=ROOT, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return out


def test_every_page_in_the_docs_folder_is_built(site: Path) -> None:
    pages = sorted(p.stem for p in (ROOT / "docs").glob("*.md"))
    assert "app" in pages and "cli" in pages
    for stem in pages:
        built = site / "index.html" if stem == "index" else site / stem / "index.html"
        assert built.is_file(), stem


def test_the_command_reference_names_every_command(site: Path) -> None:
    html = (site / "cli" / "index.html").read_text(encoding="utf-8")
    for name, command in cli.commands.items():
        assert f'id="missiondiary-{name}"' in html, name
        for sub in getattr(command, "commands", {}):
            assert f'id="missiondiary-{name}-{sub}"' in html, f"{name} {sub}"
    assert "--db" in html


def test_the_site_loads_nothing_from_the_network(site: Path) -> None:
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"<(script|link)[^>]+(src|href)=\"(https?:)?//", text), page


def test_the_readme_links_resolve_and_its_first_commands_set_up() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first_block = readme.split("```sh\n", 1)[1].split("```", 1)[0]
    assert first_block == (
        "python3 -m pip install -e . && missiondiary demo\n"
        "python3 -m pip install -e '.[test]' && python3 -m pytest\n"
    )
    links = re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", readme)
    local = [link for link in links if not re.match(r"[a-z]+:", link)]
    assert "docs/app.md" in local and "docs/screenshot-day.png" in local
    for link in local:
        assert (ROOT / link).exists(), link
