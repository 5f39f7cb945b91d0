"""The counterpart register in the store: other names, profiles across missions, titles over
time, merging duplicates and undoing the merge, and the first meeting with an organisation."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from missiondiary.domain import Attendee, Outcome, Visibility
from missiondiary.domain.names import core, similar_names
from missiondiary.domain.register import TitleSighting, parse_organisation_kind, titles_over_time
from missiondiary.errors import AmbiguousId, InvalidInput, NotFound
from missiondiary.store import Store, migrations, open_store
from store_helpers import at, china_mission, raw_connection, row_counts

SHANGHAI = "Asia/Shanghai"
REGISTER_TABLES = (
    "organisations",
    "organisation_aliases",
    "people",
    "person_aliases",
    "person_titles",
    "meeting_organisations",
    "meeting_attendees",
)


def three_missions(store: Store) -> dict[str, str]:
    """Jinshan met in 2011 (twice) and 2013; its duplicate 'Jinshan Group Co., Ltd.' in 2014."""
    first = china_mission(store, "Chongqing 2011")
    second = store.create_mission("Chongqing 2013", date(2013, 5, 6), date(2013, 5, 10), SHANGHAI)
    third = store.create_mission(
        "Shanghai expo 2014", date(2014, 11, 3), date(2014, 11, 7), SHANGHAI
    )
    dinner = store.add_meeting(
        first.id,
        "Dinner with the association",
        at("2011-11-21 19:00"),
        organisations=["Private Enterprise Association"],
        attendees=[Attendee("Chen Weidong", "Chair", "Jinshan Group")],
    )
    call = store.add_meeting(
        first.id,
        "Jinshan, first call",
        at("2011-11-21 15:00"),
        organisations=["Jinshan Group"],
        attendees=[Attendee("Chen Weidong", "Chair", "Jinshan Group"), Attendee("Wu Haiyan")],
        summary="A first conversation about the hospital.",
        visibility=Visibility.MEMBERS,
    )
    hospital = store.add_meeting(
        second.id,
        "Jinshan, hospital follow-up",
        at("2013-05-07 10:00", SHANGHAI),
        organisations=["Jinshan Group"],
        attendees=[Attendee("Chen Weidong", "Honorary Chair", "Jinshan Group")],
        outcomes=[Outcome("Training contract", amount=250000, currency="CNY")],
    )
    expo = store.add_meeting(
        third.id,
        "Expo stand visit",
        at("2014-11-04 11:00", SHANGHAI),
        organisations=["Jinshan Group Co., Ltd.", "Jinshan Group"],
        attendees=[
            Attendee("Chen W.", "Honorary Chair", "Jinshan Group Co., Ltd."),
            Attendee("Chen Weidong", "", "Jinshan Group"),
        ],
    )
    store.add_followup(
        second.id, "Send the training syllabus", date(2013, 5, 7), owner="Wu Haiyan",
        meeting_id=hospital.id,
    )  # fmt: skip
    done = store.add_followup(first.id, "Thank-you letter", date(2011, 11, 21), meeting_id=call.id)
    store.set_followup_status(done.id, "done", on=date(2011, 11, 22))
    return {
        "first": first.id,
        "second": second.id,
        "third": third.id,
        "dinner": dinner.id,
        "call": call.id,
        "hospital": hospital.id,
        "expo": expo.id,
    }


def table_rows(path: Path, tables: tuple[str, ...] = REGISTER_TABLES) -> dict[str, set]:
    """Every row of the register's tables, as sets of tuples (rowids aside)."""
    conn = raw_connection(path)
    try:
        return {t: set(conn.execute(f"SELECT * FROM {t}").fetchall()) for t in tables}
    finally:
        conn.close()


# profiles ---------------------------------------------------------------------------------


def test_an_organisation_met_on_two_missions_shows_both_meetings_newest_first(
    diary: Store,
) -> None:
    ids = three_missions(diary)
    jinshan = diary.find_organisation("Jinshan Group")
    profile = diary.organisation_profile(jinshan.id)
    assert [m.meeting_id for m in profile.meetings] == [
        ids["expo"],
        ids["hospital"],
        ids["dinner"],  # Chen came as Jinshan's chair: Jinshan was there too
        ids["call"],
    ]
    assert [m.mission_title for m in profile.meetings[1:3]] == ["Chongqing 2013", "Chongqing 2011"]
    assert (profile.first_met, profile.last_met) == (date(2011, 11, 21), date(2014, 11, 4))
    assert profile.missions == 3
    assert profile.meetings[1].outcomes[0].money() == "CNY 250,000"
    assert profile.meetings[3].people == ("Chen Weidong",)
    assert [(p.name, p.role, p.meetings) for p in profile.people] == [
        ("Chen Weidong", "Honorary Chair", 4)
    ]
    # Only follow-ups still open, from its meetings.
    assert [f.text for f in profile.open_followups] == ["Send the training syllabus"]


def test_a_person_profile_has_titles_over_time_as_seen_at_meetings_and_edits(
    diary: Store,
) -> None:
    three_missions(diary)
    chen = diary.find_person("chen weidong")
    diary.update_person(chen.id, title="Adviser", title_organisation="Jinshan Group",
                        as_of=date(2016, 1, 10))  # fmt: skip
    profile = diary.person_profile(chen.id)
    assert [(str(t), t.since, t.until, t.times) for t in profile.titles] == [
        ("Adviser, Jinshan Group", date(2016, 1, 10), date(2016, 1, 10), 1),
        ("Jinshan Group", date(2014, 11, 4), date(2014, 11, 4), 1),
        ("Honorary Chair, Jinshan Group", date(2013, 5, 7), date(2013, 5, 7), 1),
        ("Chair, Jinshan Group", date(2011, 11, 21), date(2011, 11, 21), 2),
    ]
    assert str(profile.current_title) == "Adviser, Jinshan Group"
    assert [m.title for m in profile.meetings][:2] == [
        "Expo stand visit",
        "Jinshan, hospital follow-up",
    ]
    assert profile.first_met == date(2011, 11, 21)
    assert [o.name for o in profile.organisations] == ["Jinshan Group"]


def test_a_persons_open_follow_ups_include_those_they_own(diary: Store) -> None:
    three_missions(diary)
    wu = diary.person_profile(diary.find_person("Wu Haiyan").id)
    assert [f.text for f in wu.open_followups] == ["Send the training syllabus"]


def test_titles_over_time_join_runs_and_skip_empty_sightings() -> None:
    seen = [
        TitleSighting(date(2012, 1, 1), "Director", "Acme"),
        TitleSighting(date(2011, 1, 1), "director", "ACME", "m1"),
        TitleSighting(date(2011, 6, 1), "", "", "m2"),
        TitleSighting(date(2013, 1, 1), "Chair", "Acme", "m3"),
    ]
    titles = titles_over_time(seen)
    assert [(t.title, t.since, t.until, t.times) for t in titles] == [
        ("Chair", date(2013, 1, 1), date(2013, 1, 1), 1),
        ("director", date(2011, 1, 1), date(2012, 1, 1), 2),
    ]


def test_lists_count_meetings_and_missions_and_filter_by_any_name(diary: Store) -> None:
    three_missions(diary)
    jinshan = diary.find_organisation("Jinshan Group")
    diary.update_organisation(jinshan.id, add_aliases=["金山集团"], kind="company",
                              city="Chongqing", country="China")  # fmt: skip
    entries = {e.name: e for e in diary.organisation_list()}
    assert (entries["Jinshan Group"].meetings, entries["Jinshan Group"].missions) == (4, 3)
    assert entries["Jinshan Group"].last_met == date(2014, 11, 4)
    assert entries["Jinshan Group"].detail == "company · Chongqing, China"
    assert [e.name for e in diary.organisation_list("金山")] == ["Jinshan Group"]
    assert [e.name for e in diary.organisation_list("CO., LTD")] == ["Jinshan Group Co., Ltd."]
    people = {e.name: e for e in diary.person_list()}
    assert people["Chen Weidong"].detail == "Jinshan Group"  # the latest sighting, no title
    assert (people["Chen Weidong"].meetings, people["Chen Weidong"].missions) == (4, 3)


# names ------------------------------------------------------------------------------------


def test_other_names_match_in_any_case_wherever_a_name_is_matched(diary: Store) -> None:
    mission = china_mission(diary)
    ccpit = diary.ensure_organisation("China Council for the Promotion of International Trade")
    diary.update_organisation(ccpit, add_aliases=["CCPIT", "中国国际贸易促进委员会"])
    assert diary.ensure_organisation("ccpit") == ccpit
    assert diary.find_organisation("Ccpit").id == ccpit
    assert diary.find_organisation("中国国际贸易促进委员会").id == ccpit
    meeting = diary.add_meeting(
        mission.id,
        "Trade fair briefing",
        at("2011-11-22 14:00"),
        organisations=["CCPIT"],
        attendees=[Attendee("Zhang Rui", "Vice-Chair", "ccpit")],
    )
    assert meeting.organisations == ("China Council for the Promotion of International Trade",)
    assert meeting.attendees[0].organisation == meeting.organisations[0]
    assert len(diary.organisations()) == 1
    zhang = diary.find_person("Zhang Rui")
    diary.update_person(zhang.id, add_aliases=["张锐"])
    assert diary.ensure_person("张锐") == zhang.id


def test_other_names_find_the_meetings_in_search(diary: Store) -> None:
    ids = three_missions(diary)
    jinshan = diary.find_organisation("Jinshan Group")
    diary.update_organisation(jinshan.id, add_aliases=["金山集团", "Golden Hill"])
    hits = diary.search("金山集团")
    assert {hit.entry_id for hit in hits} >= {ids["call"], ids["hospital"], ids["expo"]}
    assert all(hit.kind == "meeting" for hit in hits)
    assert "Jinshan Group (金山集团)" in hits[0].snippet
    assert ids["hospital"] in {hit.entry_id for hit in diary.search("golden hi")}
    chen = diary.find_person("Chen Weidong")
    diary.update_person(chen.id, add_aliases=["陈卫东"])
    assert ids["dinner"] in {hit.entry_id for hit in diary.search("陈卫东")}


def test_a_name_is_found_by_part_of_it_or_an_id_prefix_and_ambiguity_is_one_line(
    diary: Store,
) -> None:
    three_missions(diary)
    assert diary.find_organisation("private ent").name == "Private Enterprise Association"
    assert diary.find_organisation("association").name == "Private Enterprise Association"
    jinshan = diary.find_organisation("Jinshan Group")  # exact beats the longer name
    assert diary.find_organisation(jinshan.id[:8]).id == jinshan.id
    with pytest.raises(AmbiguousId) as caught:
        diary.find_organisation("jinshan")
    assert str(caught.value) == (
        "NAME: 'jinshan' matches 2 organisations (Jinshan Group, Jinshan Group Co., Ltd.); "
        "type more of the name"
    )
    with pytest.raises(NotFound, match="no organisation called 'Boeing'"):
        diary.find_organisation("Boeing")
    with pytest.raises(NotFound, match="no person called 'Li Wei'"):
        diary.find_person("Li Wei")


def test_another_entrys_name_cannot_become_an_other_name_and_nothing_changes(
    diary: Store, diary_path: Path
) -> None:
    three_missions(diary)
    jinshan = diary.find_organisation("Jinshan Group")
    before = table_rows(diary_path)
    with pytest.raises(InvalidInput, match=r"already Jinshan Group Co\., Ltd\.; .* org merge"):
        diary.update_organisation(
            jinshan.id, add_aliases=["JSG", "jinshan group co., ltd."], city="Chongqing"
        )
    with pytest.raises(InvalidInput, match="kind"):
        diary.update_organisation(jinshan.id, kind="bank")
    with pytest.raises(InvalidInput, match="--email"):
        diary.update_person(diary.find_person("Wu Haiyan").id, email="not an address")
    assert table_rows(diary_path) == before


def test_a_new_name_keeps_the_old_one_as_an_other_name(diary: Store) -> None:
    three_missions(diary)
    jinshan = diary.find_organisation("Jinshan Group")
    diary.update_organisation(jinshan.id, add_aliases=["Jinshan Group of Companies"])
    renamed = diary.update_organisation(jinshan.id, name="Jinshan Group of Companies")
    assert renamed.name == "Jinshan Group of Companies"
    assert renamed.aliases == ("Jinshan Group",)
    assert diary.meeting(diary.organisation_profile(jinshan.id).meetings[0].meeting_id)
    assert diary.find_organisation("jinshan group").id == jinshan.id


def test_editing_is_one_change_and_undo_puts_every_field_and_name_back(
    diary: Store, diary_path: Path
) -> None:
    three_missions(diary)
    wu = diary.find_person("Wu Haiyan")
    before = table_rows(diary_path)
    diary.update_person(
        wu.id,
        add_aliases=["吴海燕"],
        email="wu@example.cn",
        phone="+86 23 6000 0000",
        messaging="WeChat: wuhy",
        card="Wu Haiyan, Director",
        protocol="Prefers tea.",
        title="Director",
        title_organisation="Jinshan Hospital",  # new: added, and taken away by undo
        as_of=date(2013, 5, 7),
    )
    changed = diary.person(wu.id)
    assert changed.contact.email == "wu@example.cn" and changed.protocol == "Prefers tea."
    assert diary.undo().describe() == "person 'Wu Haiyan' changed"
    assert table_rows(diary_path) == before


def test_organisation_kinds_are_a_closed_list() -> None:
    assert parse_organisation_kind("Trade Promotion") == "trade-promotion"
    assert parse_organisation_kind("") == ""
    with pytest.raises(InvalidInput, match="'bank' is not one of company, government"):
        parse_organisation_kind("bank")


# merging ----------------------------------------------------------------------------------


def test_merging_organisations_moves_every_link_and_undo_restores_both_exactly(
    diary: Store, diary_path: Path
) -> None:
    ids = three_missions(diary)
    keep = diary.find_organisation("Jinshan Group")
    other = diary.find_organisation("Jinshan Group Co., Ltd.")
    diary.update_organisation(keep.id, add_aliases=["金山集团"], city="Chongqing")
    diary.update_organisation(other.id, add_aliases=["JSG"], kind="company", notes="Listed 2010.")
    chen_w = diary.find_person("Chen W.")
    diary.update_person(
        chen_w.id, title="Adviser", title_organisation="JSG", as_of=date(2015, 1, 1)
    )
    before = table_rows(diary_path)
    counts = row_counts(diary_path)

    merged = diary.merge_organisations(keep.id, other.id)

    assert merged.aliases == ("金山集团", "JSG", "Jinshan Group Co., Ltd.")
    assert (merged.city, merged.kind, merged.notes) == ("Chongqing", "company", "Listed 2010.")
    with pytest.raises(NotFound):
        diary.organisation(other.id)
    assert diary.find_organisation("jinshan group co., ltd.").id == keep.id
    expo = diary.meeting(ids["expo"])
    assert expo.organisations == ("Jinshan Group",)  # both were there: one link now
    assert {a.organisation for a in expo.attendees} == {"Jinshan Group"}
    profile = diary.organisation_profile(keep.id)
    assert profile.meetings[0].meeting_id == ids["expo"]
    assert {p.name for p in profile.people} == {"Chen Weidong", "Chen W."}
    assert str(diary.person_profile(chen_w.id).titles[0]) == "Adviser, Jinshan Group"
    assert diary.ensure_organisation("JSG") == keep.id
    assert diary.trash() == []  # a merged organisation does not wait in the trash

    change = diary.undo()
    assert change.describe() == (
        "merge of organisation 'Jinshan Group Co., Ltd.' into 'Jinshan Group'"
    )
    assert table_rows(diary_path) == before
    assert row_counts(diary_path)["organisations_fts"] == counts["organisations_fts"]
    assert diary.find_organisation("JSG").id == other.id
    assert diary.meeting(ids["expo"]).organisations == ("Jinshan Group Co., Ltd.", "Jinshan Group")
    assert [h.entry_id for h in diary.search("Ltd")] == [ids["expo"]]


def test_merging_people_moves_every_meeting_and_title_and_undo_restores_both(
    diary: Store, diary_path: Path
) -> None:
    ids = three_missions(diary)
    keep = diary.find_person("Chen Weidong")
    other = diary.find_person("Chen W.")
    diary.update_person(keep.id, protocol="Address as Chairman Chen.")
    diary.update_person(other.id, email="chen@example.cn", protocol="Gave: a tea set.",
                        add_aliases=["CWD"])  # fmt: skip
    before = table_rows(diary_path)

    merged = diary.merge_people(keep.id, other.id)

    assert merged.aliases == ("CWD", "Chen W.")
    assert merged.contact.email == "chen@example.cn"
    assert merged.protocol == "Address as Chairman Chen.\n\nGave: a tea set."
    expo = diary.meeting(ids["expo"])
    # Both were listed: one attendee now, KEEP's empty role taken from OTHER.
    assert [(a.name, a.role) for a in expo.attendees] == [("Chen Weidong", "Honorary Chair")]
    assert len(diary.person_profile(keep.id).meetings) == 4
    assert diary.ensure_person("chen w.") == keep.id

    assert diary.undo().describe() == "merge of person 'Chen W.' into 'Chen Weidong'"
    assert table_rows(diary_path) == before
    assert [a.name for a in diary.meeting(ids["expo"]).attendees] == ["Chen W.", "Chen Weidong"]


def test_merging_an_entry_with_itself_is_refused(diary: Store) -> None:
    three_missions(diary)
    jinshan = diary.find_organisation("Jinshan Group")
    with pytest.raises(InvalidInput, match="same organisation"):
        diary.merge_organisations(jinshan.id, jinshan.id)


# the report's questions -------------------------------------------------------------------


def test_organisations_first_met_are_those_whose_first_meeting_is_in_the_mission(
    diary: Store,
) -> None:
    ids = three_missions(diary)
    assert diary.organisations_first_met(ids["first"]) == {
        "Jinshan Group",
        "Private Enterprise Association",
    }
    assert diary.organisations_first_met(ids["second"]) == set()
    assert diary.organisations_first_met(ids["third"]) == {"Jinshan Group Co., Ltd."}


# migration 3 ------------------------------------------------------------------------------


def test_a_diary_from_schema_2_gains_the_register_and_keeps_its_directory(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    from sqlite_utils import Database

    db = Database(path)
    for number, step in enumerate(migrations.MIGRATIONS[:2], start=1):
        with db.atomic():
            step(db)
            db.execute(f"PRAGMA user_version = {number}")
    db.execute(
        "INSERT INTO organisations (id, name, name_key, created_at, updated_at) "
        "VALUES ('o1', 'Jinshan Group', 'jinshan group', 'x', 'x')"
    )
    db.conn.commit()
    db.close()
    with open_store(path) as store:
        jinshan = store.find_organisation("JINSHAN GROUP")
        assert (jinshan.id, jinshan.kind, jinshan.aliases) == ("o1", "", ())
        store.update_organisation("o1", add_aliases=["金山集团"])
        assert store.ensure_organisation("金山集团") == "o1"


# similar names (for the meeting form) ------------------------------------------------------


def test_similar_names_see_through_case_punctuation_suffixes_and_word_order() -> None:
    known = [
        "Jinshan Group of Companies",
        "Jinshan International Hospital",
        "Liu Fang",
        "Chongqing Foreign Affairs Office",
        "Thames Valley Medical Devices",
        "金山集团",
    ]
    assert similar_names("JINSHAN GROUP CO., LTD.", known) == ["Jinshan Group of Companies"]
    assert similar_names("Dr. Liu Fang", known) == ["Liu Fang"]
    assert similar_names("Fang Liu", known) == ["Liu Fang"]
    assert similar_names("Thames Valey Medical Devices Ltd", known) == [
        "Thames Valley Medical Devices"
    ]
    assert similar_names("金山集团有限公司", known) == ["金山集团"]
    # Different bodies stay apart; the same name in another case is no question at all.
    assert similar_names("Chengdu Foreign Affairs Office", known) == []
    assert similar_names("Lin Fang", known) == []
    assert similar_names("liu  fang", known) == []
    assert core("The Boeing Company") == "boeing"


@pytest.mark.parametrize("module", ["domain/register.py", "domain/names.py"])
def test_the_register_and_name_rules_are_headless(module: str) -> None:
    from import_helpers import PACKAGE, imported_names

    forbidden = ("missiondiary.store", "missiondiary.publish", "missiondiary.tui", "textual")
    assert not [n for n in imported_names(PACKAGE / module) if n.startswith(forbidden)]
