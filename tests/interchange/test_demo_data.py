"""The demo is data: a JSON exchange file in the package, read through the importer."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from missiondiary.cli import cli
from missiondiary.demo import DEMO_SLUG, build_demo, demo_document
from missiondiary.demo.datafile import DATA_FILE, FILE_STAMP, tidy
from missiondiary.interchange.json_format import dumps, export_json
from missiondiary.store import Store, open_store

REWRITE = "python -m missiondiary.demo.datafile"


def test_the_built_demo_is_exactly_its_data_file(demo_diary: Store) -> None:
    """Everything the file holds arrives, and nothing else: posts, register, follow-ups with
    their statuses, visibilities, zones, amounts (ids and times apart)."""
    exported = export_json(demo_diary, demo_diary.find_mission(DEMO_SLUG))
    assert dumps(tidy(exported)) == dumps(demo_document()), (
        f"the demo built differs from {DATA_FILE}; if the exchange format changed, run {REWRITE}"
    )


def test_the_data_file_is_free_of_volatile_noise() -> None:
    text = json.dumps(demo_document())
    assert "exported_at" not in text
    document = demo_document()
    stamps = {
        entry[key]
        for section in ("missions", "itinerary", "meetings", "followups", "posts", "people")
        for entry in document[section]
        for key in ("created_at", "updated_at")
    }
    assert stamps == {FILE_STAMP}
    assert document["meetings"][2]["id"] == "00000005-0000-4000-8000-000000000003"


def test_each_build_gets_fresh_ids_and_the_time_it_was_built(tmp_path: Path) -> None:
    file_ids = {m["id"] for m in demo_document()["meetings"]}
    built = []
    for name in ("a.db", "b.db"):
        with open_store(tmp_path / name) as store:
            mission = build_demo(store)
            meetings = store.meetings_for_mission(mission.id)
            built.append({m.id for m in meetings})
            assert all(m.created_at > FILE_STAMP for m in meetings)
    assert len(built[0]) == len(file_ids) == 11
    assert not built[0] & built[1] and not built[0] & file_ids


def test_the_shipped_file_imports_as_it_is_from_the_command_line(tmp_path: Path) -> None:
    """The data file is a genuine exchange file: `missiondiary import` takes it unchanged."""
    data = Path(__file__).parents[2] / "src" / "missiondiary" / "demo" / DATA_FILE
    db = tmp_path / "diary.db"
    result = CliRunner().invoke(cli, ["--db", str(db), "import", str(data)])
    assert result.exit_code == 0, result.output
    entries = sum(len(value) for value in demo_document().values() if isinstance(value, list))
    assert f"added {entries} (1 mission," in result.output
    assert "updated 0; kept 0" in result.output
    with open_store(db) as store:
        exported = export_json(store, store.find_mission(DEMO_SLUG))
    assert tidy(exported) == demo_document()


def test_undoing_the_demo_takes_its_register_back_too(diary: Store) -> None:
    build_demo(diary)
    diary.undo()
    assert diary.missions() == []
    assert diary.register_names("person") == {}
    assert diary.register_names("organisation") == {}
    mission = build_demo(diary)
    assert len(diary.meetings_for_mission(mission.id)) == 11
    assert "陈卫东" in diary.find_person("Chen Weidong").aliases


def test_the_demo_never_overwrites_what_the_diary_knows_of_someone(diary: Store) -> None:
    chen = diary.person(diary.ensure_person("chen weidong"))
    diary.update_person(chen.id, email="chen@jinshan.example", protocol="Met him in Toronto.")
    mission = build_demo(diary)
    known = diary.find_person("Chen Weidong")
    assert known.id == chen.id  # one person, met again, not a second Chen
    assert known.contact.email == "chen@jinshan.example"
    assert known.protocol == "Met him in Toronto."
    assert "陈卫东" in known.aliases  # the other name the diary lacked is added
    met = {a.name for m in diary.meetings_for_mission(mission.id) for a in m.attendees}
    assert "chen weidong" in met and "Chen Weidong" not in met
    assert sum(name.lower() == "chen weidong" for name in diary.register_names("person")) == 1
    zhang = diary.find_person("Zhang Rui")  # unknown before: the demo's facts in full
    assert zhang.contact.messaging == "WeChat: zhangrui_cq"
    assert "Prefers WeChat" in zhang.protocol
