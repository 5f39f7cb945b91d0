"""Hostile input on every command: arbitrary Unicode, control characters and NUL, right-to-left
text and emoji, what a shell hands Python for bytes that are not UTF-8, SQL, shell, YAML and
Markdown metacharacters, impossible dates, times and zones, ids that match nothing.

Every run ends in success or one error line (exit 1 or 2), never a traceback; a run that
fails leaves the diary byte-for-byte as it was. "As it was" means the main file's bytes once
every committed change is in it: each command closes its connection, SQLite then moves the
WAL into the main file, and `checkpointed_bytes` does that for any WAL left over, so the
comparison is of the whole diary and does not depend on when SQLite checkpoints.

The default run tries a few inputs per command (EXAMPLES); `pytest -m slow` runs the same
properties with SLOW_EXAMPLES. The inputs tried per command are printed at the end of the
module and kept in pytest's cache under missiondiary/inputs_tried (docs/reliability.md).
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fs_helpers import checkpointed_bytes
from missiondiary.cli import cli
from missiondiary.domain import Attendee, Outcome, Visibility
from missiondiary.store import open_store
from missiondiary.timeline import moment_from_text

# One worker runs this whole module (xdist_group) so the figures below count every command.
pytestmark = pytest.mark.xdist_group("hostile_input")

EXAMPLES = 15  # per command; SLOW_EXAMPLES under `pytest -m slow`
SLOW_EXAMPLES = 1000
TRIED: Counter[str] = Counter()
FAILED: Counter[str] = Counter()

# inputs -----------------------------------------------------------------------------------

NASTY = [
    "",
    " ",
    "\x00",
    "Jinshan\x00Group",
    "\r\n\r\n",
    "\t\v\f",
    "\x1b[31mred\x1b[0m\x07",
    "\u202eevil\u202c.md",
    "\u200f\u200e\u2066isolate\u2069",
    "مرحبا بالوفد التجاري",
    "שלום עליכם",
    "重庆金山集团 — 签约",
    "🇨🇳🤝🇨🇦 👨‍👩‍👧‍👦 🎉",
    "Z̴̛͓a̷l̵g̶o̵ ̶t̷e̷x̸t",
    "\ufeffBOM",
    "\u2028line\u2029para\x85nel",
    "'; DROP TABLE missions; --",
    '" OR 1=1 --',
    "Robert'); DELETE FROM meetings WHERE ('1'='1",
    "%s %d %n {0} {title} %(x)s",
    "$(rm -rf ~) `reboot` ; ls | cat > x & || true",
    "../../etc/x",
    "/etc/passwd",
    "..\\..\\windows\\system32",
    "CON",
    "---",
    "---\ntitle: pwned\n---",
    "key: value: other",
    "- [ ] * & ! | > ' \" % @ `",
    "&anchor *alias !!python/object/apply:os.system ['ls']",
    "{{ site.title }} {% raw %} {%- endraw -%}",
    "[click](javascript:alert(1)) ![x](data:image/png;base64,AAAA)",
    "<script>alert(1)</script><img src=x onerror=alert(2)>",
    "# heading\n\n| a | b |\n|---|---|\n```\ncode",
    "\\",
    '"',
    "'",
    'NEAR("a" "b") AND OR NOT * ^ title:x',
    "-",
    "--help",
    "-x",
    "x" * 3000,
]
# Any character a command line can carry: every code point but the surrogates, plus the
# surrogates U+DC80..U+DCFF a shell hands Python for bytes that are not UTF-8.
CHARACTERS = st.characters(blacklist_categories=("Cs",))
SURROGATES = st.characters(min_codepoint=0xDC80, max_codepoint=0xDCFF)

text = st.one_of(
    st.sampled_from(NASTY),
    st.text(CHARACTERS, max_size=40),
    st.text(st.one_of(st.characters(max_codepoint=0x1F), CHARACTERS), max_size=20),
    st.text(st.one_of(SURROGATES, st.characters(max_codepoint=0x7F)), min_size=1, max_size=12),
    st.builds(lambda a, b: a + b, st.sampled_from(NASTY), st.text(CHARACTERS, max_size=10)),
)
DATES = [
    "2011-11-21",
    "2011-11-25",
    "2011-11-30",
    "2011-02-29",
    "2012-02-29",
    "2011-02-30",
    "2011-13-01",
    "2011-00-10",
    "0000-00-00",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "2011-11-21T10:00",
    "21/11/2011",
    "tomorrow",
    "٢٠١١-١١-٢١",
    "２０１１-１１-２１",
    "2011-11-21\x00",
    " 2011-11-21 ",
]
WALL_TIMES = [
    "2011-11-21 10:00",
    "2011-11-21 23:59",
    "2011-11-20 00:40",
    "2011-11-21 24:00",
    "2011-11-21 23:60",
    "2011-11-21 10:00:61",
    "2011-03-13 02:30",  # a time that never happened in Toronto
    "2011-11-06 01:30",  # a time that happened twice in Toronto
    "2011-10-30 02:30",  # twice in Paris
    "2011-02-30 10:00",
    "0001-01-01 00:00",
    "9999-12-31 23:59",
    "2011-11-21T10:00+08:00",
    "10:00",
]
ZONES = [
    "UTC",
    "Asia/Chongqing",
    "America/Toronto",
    "Europe/Paris",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "America/St_Johns",
    "Etc/GMT-14",
    "EST5EDT",
    "utc",
    "Etc/GMT+14",
    "Mars/Olympus",
    "",
    "../../../etc/passwd",
    "/etc/localtime",
    "Europe/Paris\x00",
    "UTC+25",
]

# the diary every run starts from ---------------------------------------------------------


@dataclass(frozen=True)
class Base:
    bytes: bytes
    ids: dict[str, list[str]]  # by kind ("any" too): ids and prefixes that name entries
    missions: list[str]  # slugs and prefixes that name a mission


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Base:
    """Two missions of ten days (one titled to break paths, YAML and HTML), a travel day
    before Day 1, an itinerary item, a meeting, a follow-up, one in the trash, a post."""
    path = tmp_path_factory.mktemp("hostile-base") / "diary.db"
    with open_store(path) as store:
        trip = store.create_mission(
            "Chamber mission to China",
            date(2011, 11, 21),
            date(2011, 11, 30),
            "Asia/Chongqing",
            home_tz="America/Toronto",
            slug="china-2011",
        )
        odd = store.create_mission(
            "../../etc/x \u202e<script>alert(1)</script> title: x",
            date(2011, 11, 21),
            date(2011, 11, 30),
            "UTC",
        )

        def at(value: str, tz: str = "Asia/Chongqing"):
            return moment_from_text(value, tz).moment

        flight = store.add_itinerary_item(
            trip.id, "AC 31 Toronto → Beijing", at("2011-11-20 09:00"), kind="flight"
        )
        item = store.add_itinerary_item(trip.id, "Hotel", at("2011-11-21 10:00"), kind="hotel")
        met = store.add_meeting(
            trip.id,
            "Jinshan Group",
            at("2011-11-21 14:00"),
            organisations=["Jinshan Group"],
            attendees=[Attendee("Chen Wei", "Chairman", "Jinshan Group")],
            notes="Private: budget ceiling",
            summary="Agreed to send the MOU",
            outcomes=[Outcome("Distribution agreement")],
            visibility=Visibility.MEMBERS,
            itinerary_id=item.id,
        )
        todo = store.add_followup(trip.id, "Send the MOU", date(2011, 11, 21), meeting_id=met.id)
        gone = store.add_followup(trip.id, "Deleted one", date(2011, 11, 22))
        store.delete_entry("followup", gone.id)
        store.write_post(trip.id, 1, "We landed in Chongqing.")
        store.add_itinerary_item(odd.id, "Travel", at("2011-11-20 09:00", "UTC"))
    kinds = {"itinerary": [flight.id, item.id], "meeting": [met.id], "followup": [todo.id]}
    ids = {kind: [*found, *(i[:8] for i in found)] for kind, found in kinds.items()}
    ids["trash"] = [gone.id, gone.id[:8]]
    ids["any"] = [i for found in ids.values() for i in found]
    return Base(checkpointed_bytes(path), ids, [trip.slug, odd.slug, trip.id[:8]])


@dataclass
class Run:
    folder: Path
    base: Base

    @property
    def diary(self) -> Path:
        return self.folder / "diary.db"

    def fresh(self) -> None:
        """The base diary again; today's backup is kept (one copy a day is the rule)."""
        for child in self.folder.iterdir():
            if child.name == "backups":
                continue
            if child.is_dir():
                shutil.rmtree(child)
            else:
                child.unlink()
        self.diary.write_bytes(self.base.bytes)

    def invoke(self, command: str, args: list[str], stdin: str | None = None) -> Result:
        TRIED[command] += 1
        self.fresh()
        # stdin is bytes: a file that is not UTF-8 reaches the command as it would from a pipe
        data = None if stdin is None else stdin.encode("utf-8", "surrogateescape")
        result = CliRunner().invoke(cli, ["--db", str(self.diary), *args], input=data)
        check_outcome(result, args)
        if result.exit_code != 0:
            FAILED[command] += 1
            assert checkpointed_bytes(self.diary) == self.base.bytes, args
        else:
            conn = sqlite3.connect(self.diary)
            try:
                assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok", args
            finally:
                conn.close()
        return result


def check_outcome(result: Result, args: list[str]) -> None:
    """Success, or one error line with exit 1 or 2; never a traceback."""
    error = result.exception
    if error is not None and not isinstance(error, SystemExit):
        import traceback

        trace = "".join(traceback.format_exception(error))
        raise AssertionError(f"traceback for {args!r}:\n{trace}")
    assert result.exit_code in (0, 1, 2), (args, result.exit_code)
    assert "Traceback" not in result.stderr, args
    if result.exit_code != 0:
        lines = result.stderr.strip().splitlines()
        errors = [line for line in lines if line.startswith("Error: ")]
        assert len(errors) == 1 and lines[-1] == errors[0], (args, lines)
        assert all(line.startswith(("Note: ", "Warning: ", "Error: ")) for line in lines), lines
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f]", errors[0]), errors  # no escapes


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory, base: Base) -> Iterator[Callable[[], Run]]:
    made: list[Path] = []

    def make() -> Run:
        folder = tmp_path_factory.mktemp("hostile")
        made.append(folder)
        return Run(folder, base)

    yield make
    for folder in made:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module", autouse=True)
def figures(request: pytest.FixtureRequest) -> Iterator[None]:
    """Print and keep the number of inputs tried per command (for docs/reliability.md)."""
    yield
    if not TRIED:
        return
    data = {name: {"tried": TRIED[name], "refused": FAILED[name]} for name in sorted(TRIED)}
    cache = getattr(request.config, "cache", None)  # absent under -p no:cacheprovider
    if cache is not None:
        cache.set("missiondiary/inputs_tried", data)
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter is None:
        return
    with capture.global_and_fixture_disabled() if capture else contextlib.nullcontext():
        reporter.write_line("")
        reporter.write_line(f"hostile inputs: {sum(TRIED.values())} runs of {len(TRIED)} commands")
        for name, counts in data.items():
            reporter.write_line(
                f"  {name:<20} {counts['tried']:>5} tried, {counts['refused']:>5} refused"
            )


# the commands -------------------------------------------------------------------------------
#
# Free text (titles, notes, names, queries) is always hostile: the diary must take any of it.
# The values with a shape (mission, id, date, time, zone, visibility, amount) are valid in
# about half the runs, so the hostile text reaches the store and the publisher; in the other
# half each of them may be hostile too, so the refusals are tried as well.

RUNS: dict[str, Callable[[Fields], st.SearchStrategy[tuple[list[str], str | None]]]] = {}


def command(name: str):
    def register(build: Callable[[Fields], st.SearchStrategy]) -> Callable:
        RUNS[name] = build
        return build

    return register


@dataclass(frozen=True)
class Fields:
    base: Base
    bad: bool  # the shaped values may be hostile too

    def pick(self, valid: st.SearchStrategy[str], hostile: st.SearchStrategy[str]):
        return st.one_of(valid, hostile) if self.bad else valid

    def mission(self) -> st.SearchStrategy[str]:
        return self.pick(st.sampled_from(self.base.missions), st.one_of(st.just("x"), text))

    def entry(self, kind: str = "any") -> st.SearchStrategy[str]:
        return self.pick(
            st.sampled_from(self.base.ids[kind]),
            st.one_of(
                st.sampled_from(self.base.ids["any"]),
                text,
                st.text("0123456789abcdef-", max_size=12),
            ),
        )

    def date(self) -> st.SearchStrategy[str]:
        valid = st.dates(date(2011, 11, 20), date(2011, 11, 30)).map(str)
        return self.pick(valid, st.one_of(st.sampled_from(DATES), text, st.dates().map(str)))

    def day_ref(self) -> st.SearchStrategy[str]:
        valid = st.one_of(st.integers(0, 10).map(str), self.date())
        return self.pick(valid, st.sampled_from(["-1", "11", "9999", "+3", "١", "1.5", "x"]))

    def wall(self) -> st.SearchStrategy[str]:
        valid = st.builds(
            lambda d, h, m: f"2011-11-{d} {h:02d}:{m:02d}",
            st.integers(20, 30),
            st.integers(0, 23),
            st.integers(0, 59),
        )
        hostile = st.one_of(
            st.sampled_from(WALL_TIMES),
            st.builds(
                lambda d, h, m: f"{d} {h:02d}:{m:02d}",
                st.dates(),
                st.integers(0, 30),
                st.integers(0, 70),
            ),
            text,
        )
        return self.pick(valid, hostile)

    def zone(self) -> st.SearchStrategy[str]:
        return self.pick(st.sampled_from(ZONES[:10]), st.one_of(st.sampled_from(ZONES), text))

    def visibility(self) -> st.SearchStrategy[str]:
        return self.pick(st.sampled_from(["private", "members", "public", "PUBLIC"]), text)

    def kind(self) -> st.SearchStrategy[str]:
        return self.pick(st.sampled_from(["flight", "hotel", "meeting", "other"]), text)

    def amount(self) -> st.SearchStrategy[str]:
        valid = st.sampled_from(["1250000", "0", "99.95", "1000000000000"])
        return self.pick(valid, st.one_of(st.sampled_from(AMOUNTS), text))

    def currency(self) -> st.SearchStrategy[str]:
        return self.pick(st.sampled_from(["CNY", "CAD", "cad", "EUR"]), text)


AMOUNTS = ["-5", "1e309", "NaN", "Infinity", "1,000.50", "¥100", "٣", "0x10", ""]


def optional(flag: str, values: st.SearchStrategy[str]) -> st.SearchStrategy[list[str]]:
    return st.one_of(st.just([]), values.map(lambda value: [flag, value]))


def required(flag: str, values: st.SearchStrategy[str]) -> st.SearchStrategy[list[str]]:
    return values.map(lambda value: [flag, value])


def repeated(flag: str, values: st.SearchStrategy[str]) -> st.SearchStrategy[list[str]]:
    return st.lists(values, max_size=3).map(lambda items: [x for v in items for x in (flag, v)])


def joined(*parts: st.SearchStrategy[list[str]]) -> st.SearchStrategy[list[str]]:
    return st.tuples(*parts).map(lambda lists: [arg for part in lists for arg in part])


def one(value: st.SearchStrategy[str]) -> st.SearchStrategy[list[str]]:
    return value.map(lambda v: [v])


def words(*args: str) -> st.SearchStrategy[list[str]]:
    return st.just(list(args))


def no_stdin(args: st.SearchStrategy[list[str]]) -> st.SearchStrategy[tuple[list[str], None]]:
    return args.map(lambda a: (a, None))


@command("mission new")
def _(f: Fields):
    return no_stdin(
        joined(
            words("mission", "new"),
            one(text),
            required("--start", f.pick(st.just("2011-11-20"), f.date())),
            required("--end", f.date()),
            required("--tz", f.zone()),
            optional("--home-tz", f.zone()),
            optional("--organisation", text),
            optional("--author", text),
            optional("--slug", text),
            repeated("--category", text),
            repeated("--tag", text),
        )
    )


@command("mission edit")
def _(f: Fields):
    return no_stdin(
        joined(
            words("mission", "edit"),
            one(f.mission()),
            optional("--title", text),
            optional("--start", f.date()),
            optional("--end", f.date()),
            optional("--tz", f.zone()),
            optional("--author", text),
            repeated("--tag", text),
        )
    )


@command("itinerary add")
def _(f: Fields):
    return no_stdin(
        joined(
            words("itinerary", "add"),
            one(f.mission()),
            required("--at", f.wall()),
            required("--title", text),
            optional("--end", st.one_of(f.wall(), st.sampled_from(["23:59", "25:00"]))),
            optional("--tz", f.zone()),
            optional("--end-tz", f.zone()),
            optional("--kind", f.kind()),
            optional("--location", text),
            optional("--details", text),
            optional("--visibility", f.visibility()),
        )
    )


@command("itinerary edit")
def _(f: Fields):
    return no_stdin(
        joined(
            words("itinerary", "edit"),
            one(f.entry("itinerary")),
            optional("--at", f.wall()),
            optional("--tz", f.zone()),
            optional("--title", text),
            optional("--location", text),
            optional("--details", text),
        )
    )


@command("meeting add")
def _(f: Fields):
    money = st.one_of(st.none(), st.tuples(f.amount(), f.currency()))
    outcome = st.tuples(text, money).map(
        lambda o: [
            "--outcome",
            o[0],
            *(["--amount", o[1][0], "--currency", o[1][1]] if o[1] else []),
        ]
    )
    notes = st.one_of(
        st.just(([], None)),
        text.map(lambda t: (["--notes", t], None)),
        text.map(lambda t: (["--notes-file", "-"], t)),
    )
    args = joined(
        words("meeting", "add"),
        one(f.mission()),
        required("--at", f.wall()),
        required("--title", text),
        optional("--tz", f.zone()),
        optional("--location", text),
        repeated("--org", text),
        repeated("--with", text),
        optional("--summary", text),
        st.lists(outcome, max_size=2).map(lambda os: [x for o in os for x in o]),
        optional("--itinerary", f.entry("itinerary")),
        optional("--visibility", f.visibility()),
    )
    return st.tuples(args, notes).map(lambda p: (p[0] + p[1][0], p[1][1]))


@command("meeting edit")
def _(f: Fields):
    return no_stdin(
        joined(
            words("meeting", "edit"),
            one(f.entry("meeting")),
            optional("--title", text),
            optional("--notes", text),
            optional("--summary", text),
            repeated("--org", text),
            repeated("--with", text),
            optional("--visibility", f.visibility()),
        )
    )


@command("followup add")
def _(f: Fields):
    return no_stdin(
        joined(
            words("followup", "add"),
            one(f.mission()),
            one(text),
            optional("--owner", text),
            optional("--due", f.date()),
            optional("--meeting", f.entry("meeting")),
            optional("--date", f.date()),
            optional("--visibility", f.visibility()),
        )
    )


@command("followup done")
def _(f: Fields):
    return no_stdin(
        joined(
            st.sampled_from([["followup", "done"], ["followup", "drop"], ["followup", "reopen"]]),
            one(f.entry("followup")),
            st.one_of(st.just([]), required("--on", f.date())),
        ).map(lambda a: a if a[1] != "reopen" else a[:3])
    )


@command("followup list")
def _(f: Fields):
    return no_stdin(
        joined(
            words("followup", "list"),
            st.one_of(st.just([]), one(f.mission())),
            st.sets(st.sampled_from(["--open", "--overdue", "--json"])).map(sorted),
        )
    )


@command("day show")
def _(f: Fields):
    return no_stdin(
        joined(
            words("day", "show"),
            one(f.mission()),
            one(f.day_ref()),
            st.sampled_from([[], ["--json"]]),
        )
    )


@command("post write")
def _(f: Fields):
    body = st.one_of(
        text.map(lambda t: (["--text", t], None)),
        text.map(lambda t: (["--file", "-"], t)),
        st.just(([], None)),
    )
    args = joined(
        words("post", "write"),
        one(f.mission()),
        one(f.day_ref()),
        optional("--title", text),
        optional("--place", text),
    )
    return st.tuples(args, body).map(lambda p: (p[0] + p[1][0], p[1][1]))


@command("publish")
def _(f: Fields):
    what = st.one_of(
        words("--all"),
        required("--day", f.day_ref().filter(lambda v: "-" not in v[1:])),
        required("--date", f.date()),
    )
    formats = st.sampled_from(["md", "md,html", "md,html,wxr", "html", "wxr"])
    return no_stdin(
        joined(
            words("publish"),
            one(f.mission()),
            what,
            optional("--audience", f.pick(st.sampled_from(["members", "public"]), text)),
            optional("--format", f.pick(formats, text)),
            optional("--theme", f.pick(st.sampled_from(["default"]), text)),
            optional("--base-url", text),
            words("--out", "site"),
        )
    )


@command("search")
def _(f: Fields):
    return no_stdin(
        joined(
            words("search"),
            one(st.one_of(st.sampled_from(["Jinshan", "MOU", "budget", "jin*"]), text)),
            optional("--mission", f.mission()),
            st.sampled_from([[], ["--json"]]),
        )
    )


@command("undo / trash")
def _(f: Fields):
    return no_stdin(
        st.one_of(
            words("undo"),
            words("trash", "list"),
            words("trash", "list", "--json"),
            joined(words("trash", "restore"), one(f.entry("trash"))),
        )
    )


@command("delete / visibility")
def _(f: Fields):
    return no_stdin(
        st.one_of(
            joined(words("delete"), one(f.entry())),
            joined(words("visibility"), one(f.entry()), one(f.visibility())),
        )
    )


def _json(value: object) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)


@command("import / export")
def _(f: Fields):
    scalar = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), text)
    json_like = st.one_of(
        text,
        st.recursive(
            scalar,
            lambda inner: st.one_of(
                st.lists(inner, max_size=3), st.dictionaries(text, inner, max_size=3)
            ),
            max_leaves=8,
        ).map(_json),
        st.builds(
            lambda title, slug, tz: _json(
                {
                    "format": "missiondiary",
                    "version": 1,
                    "missions": [
                        {
                            "id": "0f0f0f0f-0000-4000-8000-000000000000",
                            "slug": slug,
                            "title": title,
                            "start_date": "2011-11-21",
                            "end_date": "2011-11-22",
                            "tz": tz,
                        }
                    ],
                }
            ),
            text,
            text,
            f.zone(),
        ),
    )
    return st.one_of(
        json_like.map(lambda content: (["import", "-"], content)),
        no_stdin(joined(words("export", "--out", "-"), optional("--mission", f.mission()))),
    )


@command("ics import / export")
def _(f: Fields):
    calendar = st.one_of(
        text,
        st.builds(
            lambda summary, start, tz: (
                "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x@y\r\n"
                f"SUMMARY:{summary}\r\nDTSTART;TZID={tz}:{start}\r\n"
                "END:VEVENT\r\nEND:VCALENDAR\r\n"
            ),
            text,
            f.pick(
                st.sampled_from(["20111121T100000", "20111125T235900"]),
                st.sampled_from(["20110230T100000", "2011", "garbage", ""]),
            ),
            f.zone(),
        ),
    )
    return st.one_of(
        st.tuples(f.mission(), calendar).map(lambda p: (["ics", "import", p[0], "-"], p[1])),
        no_stdin(joined(words("ics", "export"), one(f.mission()), words("--out", "-"))),
    )


def _file_name(name: str) -> bool:
    return "/" not in name and "\x00" not in name and bool(name.strip(". "))


@command("backup")
def _(f: Fields):
    return no_stdin(
        st.one_of(
            words("backup"),
            text.filter(_file_name).map(lambda name: ["backup", "--out", f"copies-{name}"]),
        )
    )


def _register(f: Fields):
    org = f.pick(st.sampled_from(["Jinshan Group", "jinshan", "Jin"]), text)
    person = f.pick(st.sampled_from(["Chen Wei", "chen"]), text)
    return no_stdin(
        st.one_of(
            joined(words("org", "list"), st.one_of(st.just([]), one(text))),
            joined(words("person", "list"), st.one_of(st.just([]), one(text))),
            joined(words("org", "show"), one(org), st.sampled_from([[], ["--json"]])),
            joined(words("person", "show"), one(person), st.sampled_from([[], ["--json"]])),
            joined(
                words("org", "edit"),
                one(org),
                optional("--name", text),
                repeated("--alias", text),
                optional("--city", text),
                optional("--kind", text),
                optional("--notes", text),
            ),
            joined(
                words("person", "edit"),
                one(person),
                repeated("--alias", text),
                optional("--title", text),
                optional("--org", org),
                optional("--as-of", f.date()),
                optional("--email", f.pick(st.just("chen@example.cn"), text)),
                optional("--phone", text),
                optional("--protocol", text),
            ),
            joined(words("org", "merge"), one(org), one(org)),
            joined(words("person", "merge"), one(person), one(person)),
        )
    )


def _report(f: Fields):
    return no_stdin(
        joined(
            words("report"),
            one(f.mission()),
            optional("--format", f.pick(st.sampled_from(["md", "html", "md,html"]), text)),
            optional("--audience", f.pick(st.sampled_from(["members", "public", "private"]), text)),
            optional("--theme", f.pick(st.just("default"), text)),
            words("--out", "report"),
        )
    )


# The counterpart register's commands, while the command line has them.
if {"org", "person"} <= set(cli.commands):
    RUNS["org / person"] = _register
if "report" in cli.commands:
    RUNS["report"] = _report


NAMES = sorted(RUNS)


def check_command(name: str, run: Run, examples: int) -> None:
    @settings(
        max_examples=examples,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(data=st.data())
    def check(data: st.DataObject) -> None:
        bad = data.draw(st.booleans(), label="hostile shapes")
        args, stdin = data.draw(RUNS[name](Fields(run.base, bad)), label="command")
        with contextlib.chdir(run.folder):  # --out and relative paths land in the run's folder
            run.invoke(name, args, stdin)

    check()


@pytest.mark.parametrize("name", NAMES)
def test_hostile_input_is_success_or_one_line_and_changes_nothing_on_failure(
    name: str, runs: Callable[[], Run]
) -> None:
    check_command(name, runs(), EXAMPLES)


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_hostile_input_at_length(name: str, runs: Callable[[], Run]) -> None:
    check_command(name, runs(), SLOW_EXAMPLES)


# ten megabytes of notes ------------------------------------------------------------------

TEN_MB = 10 * 1024 * 1024


def big_notes(marker: str) -> str:
    """About 10 MB of meeting notes in several scripts, with one word to find near the end."""
    line = "Jinshan 重庆 مرحبا 🎉 budget ceiling, hospital wing, MOU by Friday. "
    text = line * (TEN_MB // len(line.encode("utf-8")))
    return text + f"\n{marker}\n" + line


@pytest.mark.parametrize("how", ["--notes-file", pytest.param("--notes", marks=pytest.mark.slow)])
def test_ten_megabytes_of_notes_are_kept_whole_found_and_never_published(
    tmp_path: Path, base: Base, how: str
) -> None:
    db = tmp_path / "diary.db"
    db.write_bytes(base.bytes)
    notes = big_notes(f"zanzibar{how.strip('-').replace('-', '')}")
    assert len(notes.encode("utf-8")) >= TEN_MB
    source = tmp_path / "notes.md"
    source.write_text(notes, encoding="utf-8")
    value = str(source) if how == "--notes-file" else notes
    args = ["meeting", "add", "china-2011", "--at", "2011-11-22 09:00", "--title", "Long one"]
    runner = CliRunner()
    added = runner.invoke(cli, ["--db", str(db), *args, how, value, "--visibility", "public"])
    assert added.exit_code == 0, added.stderr
    shown = runner.invoke(cli, ["--db", str(db), "day", "show", "china-2011", "2", "--json"])
    [meeting] = [m for m in json.loads(shown.stdout)["meetings"] if m["title"] == "Long one"]
    assert meeting["notes"] == notes  # every character, nothing lost
    found = runner.invoke(cli, ["--db", str(db), "search", "zanzibar*", "--json"])
    assert [hit["title"] for hit in json.loads(found.stdout)] == ["Long one"]
    out = tmp_path / "site"
    published = runner.invoke(
        cli,
        [
            "--db",
            str(db),
            "publish",
            "china-2011",
            "--all",
            "--format",
            "md,html,wxr",
            "--audience",
            "public",
            "--out",
            str(out),
        ],
    )
    assert published.exit_code == 0, published.stderr
    for path in out.iterdir():
        assert "zanzibar" not in path.read_text(encoding="utf-8"), path.name
