"""The store's tests run on a plain diary and on an encrypted one (SQLCipher).

The encrypted diaries are copies of one encrypted empty diary made once per test process,
so they share its salt and the key is derived once (half a second), not per test. The
encrypted variants carry the `encrypted` mark. The default run takes test_store.py's (every
entity written and read back, about 2 s of CPU); the others (follow-ups, search, history,
the register, the concurrent writers) are `slow` too, so CI's slow trials run them, and
`pytest -m encrypted tests/store` runs them all by hand."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from missiondiary.store import open_store

PASSPHRASE = "Chongqing by night, 2011"
# Modules whose encrypted variant runs by default; the others' only with -m encrypted.
DEFAULT_ENCRYPTED = {"test_store.py"}
ENCRYPTED = DEFAULT_ENCRYPTED | {
    "test_store_followups.py",
    "test_search.py",
    "test_history.py",
    "test_register.py",
    "test_concurrent_writers.py",
}


@pytest.fixture(scope="session")
def encrypted_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from missiondiary.store.encryption import encrypt_diary

    path = tmp_path_factory.mktemp("encrypted-template") / "template.db"
    with open_store(path):
        pass
    encrypt_diary(path, PASSPHRASE)
    return path


@pytest.fixture(params=["plain", "encrypted"])
def diary_kind(request: pytest.FixtureRequest) -> str:
    return request.param


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Encrypted variants: marked `encrypted`; `slow` too outside DEFAULT_ENCRYPTED; not at
    all for the modules about the file itself (bad files, backups, migrations...), which
    read its bytes or its pages on purpose."""
    here = Path(__file__).parent
    kept, dropped = [], []
    for item in items:
        callspec = getattr(item, "callspec", None)
        if callspec is None or callspec.params.get("diary_kind") != "encrypted":
            kept.append(item)
        elif item.path.parent != here or item.path.name not in ENCRYPTED:
            dropped.append(item)
        else:
            item.add_marker(pytest.mark.encrypted)
            if item.path.name not in DEFAULT_ENCRYPTED:
                item.add_marker(pytest.mark.slow)
            kept.append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


@pytest.fixture
def diary_path(
    tmp_path: Path,
    diary_kind: str,
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
) -> Path:
    path = tmp_path / "diary.db"
    if diary_kind == "encrypted":
        shutil.copyfile(request.getfixturevalue("encrypted_template"), path)
        monkeypatch.setenv("MISSIONDIARY_PASSPHRASE", PASSPHRASE)
    return path
