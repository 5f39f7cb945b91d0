"""A throwaway WordPress on 127.0.0.1 from Debian's packages, for the sending tests and for
trying it by hand:

    python tests/helpers/wordpress_local.py /tmp/wp      # prints the address and passwords

Its own MariaDB (own datadir, a socket, no network), PHP's built-in server with a router of
our own (no file in /etc), WP_ENVIRONMENT_TYPE=local so application passwords work over
plain http, nothing allowed to leave the machine. Users: `admin` (administrator), `author`
and `contributor`, each with an application password named missiondiary.

Needs: apt-get install -y wordpress mariadb-server php-cli php-mysql php-xml
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ABSPATH = Path("/usr/share/wordpress")
INSTALL_LINE = "apt-get install -y wordpress mariadb-server php-cli php-mysql php-xml"


def missing() -> str | None:
    """Why a WordPress cannot be set up here, or None."""
    needed = ["php", "mariadbd", "mariadb-install-db", "mariadb"]
    absent = [name for name in needed if shutil.which(name) is None]
    if absent or not (ABSPATH / "wp-settings.php").exists():
        return f"needs WordPress, MariaDB and PHP: {INSTALL_LINE}"
    probe = subprocess.run(["php", "-m"], capture_output=True, text=True, check=False)
    if "mysqli" not in probe.stdout:
        return f"needs PHP's MySQL module: {INSTALL_LINE}"
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(check, what: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise RuntimeError(f"timed out waiting for {what}")


_BOOTSTRAP = """<?php
define('DB_NAME', 'wordpress');
define('DB_USER', 'wp');
define('DB_PASSWORD', 'wp');
define('DB_HOST', 'localhost:{socket}');
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', '');
define('WP_HOME', '{url}');
define('WP_SITEURL', '{url}');
define('WP_CONTENT_DIR', '{abspath}/wp-content');
define('WP_CONTENT_URL', '{url}/wp-content');
define('WP_ENVIRONMENT_TYPE', 'local');
define('DISABLE_WP_CRON', true);
define('WP_HTTP_BLOCK_EXTERNAL', true);
define('AUTOMATIC_UPDATER_DISABLED', true);
define('WP_AUTO_UPDATE_CORE', false);
define('AUTH_KEY', 'test'); define('SECURE_AUTH_KEY', 'test'); define('LOGGED_IN_KEY', 'test');
define('NONCE_KEY', 'test'); define('AUTH_SALT', 'test'); define('SECURE_AUTH_SALT', 'test');
define('LOGGED_IN_SALT', 'test'); define('NONCE_SALT', 'test');
if (!defined('ABSPATH')) define('ABSPATH', '{abspath}/');
$table_prefix = 'wp_';
require_once ABSPATH . 'wp-settings.php';
add_filter('pre_wp_mail', '__return_false');
"""

# Static files as they are; everything else through WordPress's front controller (the
# Debian wp-config.php, which looks in /etc, is never loaded).
_ROUTER = """<?php
$path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
$file = '{abspath}' . $path;
if ($path !== '/' && is_file($file) && substr($file, -4) !== '.php') {{ return false; }}
define('WP_USE_THEMES', true);
require '{bootstrap}';
wp();
require ABSPATH . WPINC . '/template-loader.php';
"""

# The same site as one whose pretty links are off: /wp-json/ is not found, only ?rest_route=.
_PLAIN_ROUTER = """<?php
if (strpos($_SERVER['REQUEST_URI'], '/wp-json') === 0) {{ http_response_code(404); exit; }}
require '{router}';
"""

_INSTALL = """<?php
define('WP_INSTALLING', true);
$_SERVER['HTTP_HOST'] = '127.0.0.1';
require '{bootstrap}';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
$out = [];
if (!is_blog_installed()) {{
    wp_install('Chamber members', 'admin', 'admin@example.invalid', true, '', 'admin-pass');
}}
update_option('timezone_string', 'America/Halifax');
update_option('permalink_structure', '/%year%/%monthnum%/%day%/%postname%/');
flush_rewrite_rules();
$roles = ['admin' => 'administrator', 'author' => 'author', 'contributor' => 'contributor'];
foreach ($roles as $login => $role) {{
    $user = get_user_by('login', $login);
    $id = $user ? $user->ID : wp_insert_user([
        'user_login' => $login, 'user_pass' => $login . '-pass',
        'user_email' => $login . '@example.invalid', 'role' => $role]);
    $made = WP_Application_Passwords::create_new_application_password(
        $id, ['name' => 'missiondiary']);
    $out[$login] = $made[0];
}}
echo json_encode($out);
"""


@dataclass
class WordPressSite:
    root: Path
    port: int = 0
    passwords: dict[str, str] = field(default_factory=dict)
    _db: subprocess.Popen | None = None
    _php: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def socket_path(self) -> Path:
        return self.root / "mysql.sock"

    def set_up(self) -> WordPressSite:
        self.root.mkdir(parents=True, exist_ok=True)
        self.port = self.port or _free_port()
        datadir = self.root / "db"
        if not datadir.exists():
            subprocess.run(
                [
                    "mariadb-install-db",
                    "--no-defaults",
                    f"--datadir={datadir}",
                    "--user=root",
                    "--skip-test-db",
                    "--auth-root-authentication-method=socket",
                ],
                check=True,
                capture_output=True,
            )
        self._db = subprocess.Popen(
            [
                "mariadbd",
                "--no-defaults",
                f"--datadir={datadir}",
                f"--socket={self.socket_path}",
                "--skip-networking",
                f"--pid-file={self.root / 'mariadb.pid'}",
                "--user=root",
                "--innodb-buffer-pool-size=32M",
                "--performance-schema=OFF",
            ],
            stdout=subprocess.DEVNULL,
            stderr=(self.root / "mariadb.log").open("ab"),
        )
        _wait_for(self.socket_path.exists, "MariaDB's socket")
        sql = (
            "CREATE DATABASE IF NOT EXISTS wordpress CHARACTER SET utf8mb4;"
            "CREATE USER IF NOT EXISTS 'wp'@'localhost' IDENTIFIED BY 'wp';"
            "GRANT ALL ON wordpress.* TO 'wp'@'localhost';"
        )
        subprocess.run(
            ["mariadb", "--no-defaults", f"--socket={self.socket_path}", "-uroot", "-e", sql],
            check=True,
            capture_output=True,
        )
        bootstrap = self.root / "bootstrap.php"
        bootstrap.write_text(
            _BOOTSTRAP.format(socket=self.socket_path, url=self.url, abspath=ABSPATH)
        )
        (self.root / "router.php").write_text(_ROUTER.format(abspath=ABSPATH, bootstrap=bootstrap))
        install = self.root / "install.php"
        install.write_text(_INSTALL.format(bootstrap=bootstrap))
        done = subprocess.run(
            ["php", str(install)], check=True, capture_output=True, text=True, cwd=self.root
        )
        self.passwords = json.loads(done.stdout[done.stdout.index("{") :])
        self.start()
        return self

    def start(self) -> None:
        """PHP's server, one process (no PHP_CLI_SERVER_WORKERS: extra workers outlive it)."""
        self._php = subprocess.Popen(
            [
                "php",
                "-S",
                f"127.0.0.1:{self.port}",
                "-t",
                str(ABSPATH),
                str(self.root / "router.php"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=(self.root / "php.log").open("ab"),
            cwd=self.root,
        )

        def answers() -> bool:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return True
            except OSError:
                return False

        _wait_for(answers, "PHP's server")

    def serve_without_pretty_links(self) -> tuple[str, subprocess.Popen]:
        """The site again on another port, where /wp-json/ is 404 (only ?rest_route=)."""
        router = self.root / "router-plain.php"
        router.write_text(_PLAIN_ROUTER.format(router=self.root / "router.php"))
        port = _free_port()
        process = subprocess.Popen(
            ["php", "-S", f"127.0.0.1:{port}", "-t", str(ABSPATH), str(router)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd=self.root,
        )

        def answers() -> bool:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    return True
            except OSError:
                return False

        _wait_for(answers, "PHP's second server")
        return f"http://127.0.0.1:{port}", process

    def stop_server(self) -> None:
        if self._php is not None:
            self._php.terminate()
            self._php.wait(10)
            self._php = None

    def tear_down(self) -> None:
        self.stop_server()
        if self._db is not None:
            self._db.terminate()
            self._db.wait(30)
            self._db = None

    def php(self, code: str) -> str:
        """Run PHP inside the site (to read what WordPress holds, as its admin would)."""
        script = self.root / "probe.php"
        script.write_text(
            f"<?php $_SERVER['HTTP_HOST'] = '127.0.0.1'; require '{self.root / 'bootstrap.php'}';\n"
            + code
        )
        done = subprocess.run(["php", str(script)], check=True, capture_output=True, text=True)
        return done.stdout


def main() -> None:
    why = missing()
    if why:
        sys.exit(why)
    site = WordPressSite(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/wordpress-local"))

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt  # `kill PID` stops the database and PHP too

    signal.signal(signal.SIGTERM, stop)
    site.set_up()
    print(f"WordPress at {site.url} (Ctrl-C or kill {os.getpid()} stops it)", flush=True)
    for user, password in site.passwords.items():
        print(f"  {user}: application password {password}", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        site.tear_down()


if __name__ == "__main__":
    main()
