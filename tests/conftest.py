"""Real diary files under tmp_path; never a mock of the store.

A new diary runs every schema step (about 65 ms of CPU) and the demo another 150 ms; with
hundreds of tests that was a fifth of the default run. So each test process makes one new
diary and one demo diary, and each test gets a byte copy of them: the same real files,
for half a millisecond. Tests about creating a diary open a path that does not exist yet
themselves (`diary_path`), which no copy touches."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from missiondiary.store import Store, open_store


@pytest.fixture(scope="session")
def new_diary_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("new-diary") / "diary.db"
    with open_store(path):
        pass
    return path


@pytest.fixture(scope="session")
def demo_diary_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from missiondiary.demo import build_demo

    path = tmp_path_factory.mktemp("demo-diary") / "diary.db"
    with open_store(path) as store:
        build_demo(store)
    return path


@pytest.fixture(scope="session")
def demo_command_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The diary `missiondiary demo --no-tui` makes, made once per test process by that
    command; the command-line tests that start from the demo get a copy (`demo_db_path`)."""
    from cli_helpers import ok

    path = tmp_path_factory.mktemp("demo-command") / "diary.db"
    ok(path, "demo", "--no-tui")
    return path


@pytest.fixture
def demo_db_path(diary_path: Path, demo_command_template: Path) -> Path:
    copy_template(demo_command_template, diary_path)
    return diary_path


def copy_template(template: Path, path: Path) -> None:
    """`template` at `path` unless a file is already there (an encrypted diary made by the
    store tests' `diary_path`). The templates are closed, so their WAL is folded in and the
    one file is the whole diary."""
    if not path.exists():
        shutil.copyfile(template, path)


@pytest.fixture
def diary_path(tmp_path: Path) -> Path:
    return tmp_path / "diary.db"


@pytest.fixture
def diary(diary_path: Path, new_diary_template: Path) -> Iterator[Store]:
    copy_template(new_diary_template, diary_path)
    with open_store(diary_path) as store:
        yield store


@pytest.fixture
def demo_diary(diary_path: Path, request: pytest.FixtureRequest) -> Iterator[Store]:
    """A diary holding the demo mission (London chamber, China, November 2011)."""
    if diary_path.exists():  # an encrypted diary: the demo is built into it
        from missiondiary.demo import build_demo

        with open_store(diary_path) as store:
            build_demo(store)
            yield store
        return
    copy_template(request.getfixturevalue("demo_diary_template"), diary_path)
    with open_store(diary_path) as store:
        yield store


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """One worker more than there are cores (`-n auto`): the app's tests spend part of their
    time waiting for its timers (autosave, the change watcher), and a third worker fills it."""
    return (os.cpu_count() or 1) + 1
