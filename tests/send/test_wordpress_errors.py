"""What a delegate sees when the address is not a WordPress or its certificate does not
verify: real servers on 127.0.0.1 (Python's own), no WordPress needed, so these run by default."""

from __future__ import annotations

import http.server
import shutil
import ssl
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from cli_helpers import dump, invoke


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass  # the test reads the command's stderr, not the server's log


@pytest.fixture
def plain_site(tmp_path: Path) -> Iterator[str]:
    """A web server that is not WordPress: every path is 404."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def self_signed_site(tmp_path: Path) -> Iterator[str]:
    if shutil.which("openssl") is None:
        pytest.skip("needs openssl: apt-get install -y openssl")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key),
         "-out", str(cert), "-days", "1", "-subj", "/CN=127.0.0.1"],
        check=True, capture_output=True,
    )  # fmt: skip
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Quiet)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"https://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _setup(db: Path, url: str):
    return invoke(
        db, "send", "setup", "wordpress", "chamber", "--url", url, "--user", "editor",
        input="abcd efgh ijkl mnop\n",
    )  # fmt: skip


def test_an_address_without_the_rest_api_is_named_and_nothing_is_kept(
    tmp_path: Path, plain_site: str
) -> None:
    db = tmp_path / "diary.db"
    invoke(db, "mission", "new", "Mission", "--start", "2011-11-21", "--end", "2011-11-30",
           "--tz", "Asia/Shanghai")  # fmt: skip
    before = dump(db)
    result = _setup(db, plain_site)
    assert result.exit_code == 1 and "Traceback" not in result.output
    [line] = result.stderr.strip().splitlines()
    assert "no WordPress REST API (404 on /wp-json/)" in line and "nothing was kept" in line
    assert dump(db) == before


def test_a_certificate_that_does_not_verify_is_refused(tmp_path: Path, self_signed_site) -> None:
    db = tmp_path / "diary.db"
    result = _setup(db, self_signed_site)
    assert result.exit_code == 1
    [line] = result.stderr.strip().splitlines()
    assert "certificate of 127.0.0.1 does not verify" in line
    assert "abcd" not in result.output  # the password is never printed


def test_no_connection_keeps_the_site_and_says_it_was_not_checked(tmp_path: Path) -> None:
    from smtp_local import free_port

    db = tmp_path / "diary.db"
    result = _setup(db, f"http://127.0.0.1:{free_port()}")
    assert result.exit_code == 0
    assert "not checked now (no connection to 127.0.0.1)" in result.stdout
