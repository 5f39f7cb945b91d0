"""The Contacts screen, pushed alone on a real diary by a tiny harness app: filter the
register as you type, open an organisation, and jump from one of its meetings to that day."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from textual.app import App
from textual.screen import Screen
from textual.widgets import OptionList, Static

from missiondiary.domain import Attendee, Visibility
from missiondiary.store import open_store
from missiondiary.tui.messages import Jump
from missiondiary.tui.screens.contacts import ContactsScreen
from store_helpers import at, china_mission
from tui_helpers import settle, wait_until


class Harness(App[None]):
    """Pushes one screen and keeps whatever it dismisses with."""

    def __init__(self, make: Callable[[], Screen]) -> None:
        super().__init__()
        self.make = make
        self.results: list[object] = []

    def on_mount(self) -> None:
        self.push_screen(self.make(), callback=self.results.append)


async def filtered(app: App, pilot, text: str) -> None:
    """Until the list shows what the filter `text` finds (it waits for a pause in typing)."""
    await wait_until(
        pilot, lambda: getattr(app.screen, "listed_for", None) == text, f"the list for {text!r}"
    )
    await settle(app, pilot)


def two_missions(path: Path) -> dict[str, str]:
    """Jinshan met in 2011 and again in 2013; Zhang Rui of CCPIT once, with a private note."""
    with open_store(path) as store:
        first = china_mission(store, "Chongqing 2011")
        second = store.create_mission(
            "Chongqing 2013", date(2013, 5, 6), date(2013, 5, 10), "Asia/Shanghai"
        )
        old = store.add_meeting(
            first.id,
            "Jinshan, first call",
            at("2011-11-21 15:00"),
            organisations=["Jinshan Group"],
            attendees=[Attendee("Chen Weidong", "Chair", "Jinshan Group")],
            visibility=Visibility.MEMBERS,
        )
        new = store.add_meeting(
            second.id,
            "Jinshan, hospital follow-up",
            at("2013-05-07 10:00", "Asia/Shanghai"),
            organisations=["Jinshan Group"],
        )
        store.add_meeting(
            first.id,
            "CCPIT Chongqing",
            at("2011-11-22 14:00"),
            attendees=[Attendee("Zhang Rui", "Vice-Chair", "CCPIT Chongqing")],
        )
        jinshan = store.find_organisation("Jinshan Group")
        store.update_organisation(jinshan.id, add_aliases=["金山集团"], kind="company")
        zhang = store.find_person("Zhang Rui")
        store.update_person(zhang.id, messaging="WeChat: zhangrui_cq")
        return {"old": old.id, "new": new.id, "second": second.id, "first": first.id}


def option_texts(listing: OptionList) -> list[str]:
    return [str(option.prompt) for option in listing.options]


@pytest.mark.slow
async def test_contacts_open_an_organisation_and_jump_to_its_newest_meeting(
    diary_path: Path,
) -> None:
    ids = two_missions(diary_path)
    app = Harness(lambda: ContactsScreen(diary_path))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        listing = app.screen.query_one("#contacts-list", OptionList)
        texts = option_texts(listing)
        assert any("Jinshan Group" in text for text in texts)
        assert any("Zhang Rui" in text for text in texts)

        await pilot.press(*"金山")  # another name, in another script
        await filtered(app, pilot, "金山")
        texts = option_texts(listing)
        assert any("Jinshan Group" in text for text in texts)
        assert not any("Zhang Rui" in text for text in texts)

        await pilot.press("enter")  # opens the highlighted organisation
        await settle(app, pilot)
        meetings = app.screen.query_one("#contacts-meetings", OptionList)
        shown = option_texts(meetings)
        assert ["hospital follow-up" in shown[0], "first call" in shown[1]] == [True, True]
        assert app.screen.focused is meetings
        heading = str(app.screen.query_one("#contacts-heading", Static).render())
        assert "also known as 金山集团" in heading
        assert "2 meetings on 2 missions" in heading

        await pilot.press("enter")  # the newest meeting
        await settle(app, pilot)
    assert app.results == [
        Jump(ids["second"], date(2013, 5, 7), entry_id=ids["new"], kind="meeting")
    ]


async def test_contacts_show_a_persons_private_details_and_one_escape_leaves(
    diary_path: Path,
) -> None:
    two_missions(diary_path)
    app = Harness(lambda: ContactsScreen(diary_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press(*"zhang")
        await filtered(app, pilot, "zhang")
        await pilot.press("enter")
        await settle(app, pilot)
        private = str(app.screen.query_one("#contacts-private", Static).render())
        assert "WeChat: zhangrui_cq" in private
        await pilot.press("escape")  # one press leaves, from the meetings too
        await settle(app, pilot)
    assert app.results == [None]


@pytest.mark.slow
async def test_contacts_say_when_nothing_matches(diary_path: Path) -> None:
    two_missions(diary_path)
    app = Harness(lambda: ContactsScreen(diary_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press(*"nobody")
        await filtered(app, pilot, "nobody")
        texts = option_texts(app.screen.query_one("#contacts-list", OptionList))
        assert texts == ["Nothing called 'nobody'."]
