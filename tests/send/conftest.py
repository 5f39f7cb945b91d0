"""Sending tests: no system keyring (secrets land in the test's own diary), real servers on
127.0.0.1 only."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from smtp_local import SmtpServer


@pytest.fixture(autouse=True)
def no_system_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    """Never write a test's password into the keyring of the machine running the tests."""
    import keyring
    from keyring.backends import fail

    monkeypatch.setattr(keyring.core, "_keyring_backend", fail.Keyring())


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def wordpress_site(tmp_path_factory: pytest.TempPathFactory):
    """One throwaway WordPress for the whole run (about ten seconds to set up)."""
    from wordpress_local import WordPressSite, missing

    why = missing()
    if why:
        pytest.skip(why)
    site = WordPressSite(tmp_path_factory.mktemp("wordpress")).set_up()
    yield site
    site.tear_down()
