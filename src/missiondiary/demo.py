"""The demo mission: a chamber of commerce delegation to Chongqing and Chengdu, November 2011.

It is built from the facts of a real chamber president's blog (see BRIEF.md) in our own words,
so a new user meets every feature on believable data: a flight that crosses zones and dates,
meetings with private working notes, an MOU with no amount and a deal with one, follow-ups
done, open and dropped, and posts for the first days. Building it twice changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from missiondiary.domain import (
    Attendee,
    FollowUpStatus,
    Mission,
    Moment,
    Outcome,
    Visibility,
    name_key,
)
from missiondiary.store import Store
from missiondiary.timeline import moment_from_text

DEMO_SLUG = "london-chamber-china-2011"

MISSION_TZ = "Asia/Chongqing"  # a legacy alias of Asia/Shanghai, kept on purpose
HOME_TZ = "America/Toronto"
BEIJING_TZ = "Asia/Shanghai"

PRIVATE, MEMBERS, PUBLIC = Visibility.PRIVATE, Visibility.MEMBERS, Visibility.PUBLIC

# People met (names other than the chamber's own are invented).
BALLES = Attendee("Joaquim Balles", "President", "London Chamber of Commerce")
LILY = Attendee("Lily Wang", "Board member", "London Chamber of Commerce")
KELLER = Attendee("Dr. Martin Keller", "Director of Partnerships", "CSTAR")
CHEN = Attendee("Chen Weidong", "Chair", "Jinshan Group of Companies")
WU = Attendee("Wu Haiyan", "Director of International Cooperation", "Jinshan Group of Companies")
LIU = Attendee("Dr. Liu Fang", "Deputy Director", "Jinshan International Hospital")
TANG = Attendee("Tang Jun", "Vice-Mayor", "Chongqing Municipal People's Government")
MA = Attendee("Ma Lin", "Director-General", "Chongqing Foreign Affairs Office")
ZHANG = Attendee("Zhang Rui", "Vice-Chair", "CCPIT Chongqing Sub-Council")
HUANG = Attendee("Huang Lei", "Board member", "Private Enterprise Association of Chongqing")
OKAFOR = Attendee("Sarah Okafor", "Chief Executive", "Thames Valley Medical Devices")
ZHOU = Attendee("Zhou Bin", "General Manager", "Chongqing Jiali Medical Supply Co., Ltd.")
YANG = Attendee("Yang Xue", "Deputy Director", "Chengdu Hi-tech Zone Investment Service Bureau")
DENG = Attendee("Deng Hui", "Division Chief", "Sichuan Provincial Department of Commerce")
GAO = Attendee("Gao Ming", "Secretary-General", "Chengdu General Chamber of Commerce")
PAN = Attendee("Pan Yifei", "Vice-President, Business Development", "Shudu Pharmaceutical Group")


@dataclass(frozen=True)
class _Item:
    kind: str
    title: str
    at: str
    end: str = ""
    tz: str = MISSION_TZ
    end_tz: str = ""
    location: str = ""
    details: str = ""
    visibility: Visibility = MEMBERS


@dataclass(frozen=True)
class _Meeting:
    title: str
    at: str
    location: str
    organisations: tuple[str, ...]
    attendees: tuple[Attendee, ...]
    notes: str
    summary: str
    outcomes: tuple[Outcome, ...] = ()
    visibility: Visibility = MEMBERS
    tz: str = MISSION_TZ
    followups: tuple[_FollowUp, ...] = field(default=())


@dataclass(frozen=True)
class _FollowUp:
    text: str
    owner: str
    day: str
    due: str | None = None
    visibility: Visibility = MEMBERS
    closed: tuple[FollowUpStatus, str] | None = None  # (status, the mission day it happened)


ITINERARY: tuple[_Item, ...] = (
    # Day 0: an overnight flight that leaves Toronto on the 20th and lands on the 21st.
    _Item(
        "flight",
        "Air Canada AC 031 Toronto → Beijing",
        "2011-11-20 00:55",
        end="2011-11-21 03:40",
        tz=HOME_TZ,
        end_tz=BEIJING_TZ,
        location="Toronto Pearson (YYZ) → Beijing Capital (PEK)",
        details="Delegation of six: Chamber, City of London and CSTAR. Seats 31A–31F.",
    ),
    # Day 1
    _Item(
        "flight",
        "Air China CA 1421 Beijing → Chongqing",
        "2011-11-21 07:30",
        end="2011-11-21 10:20",
        tz=BEIJING_TZ,
        location="Beijing Capital (PEK) → Chongqing Jiangbei (CKG)",
    ),
    _Item(
        "hotel",
        "Check in: Harbour Plaza Chongqing",
        "2011-11-21 11:30",
        location="Wuyi Road, Yuzhong District",
        details="Confirmation HP-88214. Breakfast from 06:30 on the 3rd floor.",
    ),
    _Item("meeting", "Jinshan Group of Companies", "2011-11-21 15:00", location="Jinshan Tower"),
    _Item(
        "reception",
        "Dinner hosted by the Private Enterprise Association",
        "2011-11-21 19:00",
        location="Yuzhong District",
    ),
    # Day 2
    _Item(
        "meeting",
        "Mayor and senior city officials",
        "2011-11-22 09:30",
        end="2011-11-22 11:30",
        location="Chongqing City Hall",
    ),
    _Item("meeting", "CCPIT Chongqing", "2011-11-22 14:00", location="CCPIT offices, Jiangbei"),
    _Item(
        "meeting",
        "Board of the Private Enterprise Association: presentations",
        "2011-11-22 16:30",
        location="Association headquarters",
        details="CSTAR, the Mayor of London and the Chamber each present (20 minutes).",
    ),
    _Item(
        "other",
        "Call with Chamber staff in London",
        "2011-11-22 21:30",
        location="Hotel",
        details="8:30 in the morning at home: board agenda, MOU circulation.",
        visibility=PRIVATE,
    ),
    # Day 3
    _Item(
        "ceremony",
        "MOU signing ceremony",
        "2011-11-23 10:00",
        end="2011-11-23 11:30",
        location="Chongqing City Hall",
        details="Press in attendance; photos and a joint statement afterwards.",
        visibility=PUBLIC,
    ),
    _Item(
        "meeting",
        "Thames Valley Medical Devices and Jiali Medical Supply",
        "2011-11-23 14:30",
        location="Jiali offices, Yubei District",
    ),
    _Item(
        "reception",
        "Farewell dinner with the Vice-Mayor",
        "2011-11-23 19:00",
        location="Chongqing Grand Theatre restaurant",
    ),
    # Day 4: on to Chengdu.
    _Item(
        "train",
        "D5112 Chongqing North → Chengdu East",
        "2011-11-24 08:20",
        end="2011-11-24 10:35",
        location="Chongqing North station",
        details="Second class, car 6.",
    ),
    _Item(
        "hotel",
        "Check in: Jinjiang Hotel Chengdu",
        "2011-11-24 11:30",
        location="Renmin South Road",
    ),
    _Item(
        "meeting",
        "Chengdu Hi-tech Zone investment office",
        "2011-11-24 15:00",
        location="Tianfu Software Park",
    ),
    # Day 5
    _Item(
        "meeting",
        "Sichuan Provincial Department of Commerce",
        "2011-11-25 10:00",
        location="Provincial government compound",
    ),
    _Item("visit", "Tianfu Life Science Park", "2011-11-25 14:30", location="Hi-tech Zone South"),
    # Day 6
    _Item(
        "meeting",
        "Chengdu General Chamber of Commerce",
        "2011-11-26 10:00",
        location="Chamber offices, Jinjiang District",
    ),
    # Day 7: a Sunday.
    _Item(
        "visit",
        "Giant Panda Breeding Research Base",
        "2011-11-27 09:00",
        location="Northern Chengdu",
        visibility=PUBLIC,
    ),
    # Day 8
    _Item(
        "meeting",
        "Shudu Pharmaceutical Group",
        "2011-11-28 10:00",
        location="Shudu plant, Wenjiang District",
    ),
    # Day 9
    _Item(
        "other",
        "Delegation debrief",
        "2011-11-29 09:00",
        location="Jinjiang Hotel",
        visibility=PRIVATE,
    ),
    _Item(
        "flight",
        "Air China CA 4112 Chengdu → Beijing",
        "2011-11-29 17:05",
        end="2011-11-29 19:40",
        end_tz=BEIJING_TZ,
        location="Chengdu Shuangliu (CTU) → Beijing Capital (PEK)",
    ),
    # Day 10: home the same calendar day, thirteen hours behind.
    _Item(
        "flight",
        "Air Canada AC 032 Beijing → Toronto",
        "2011-11-30 16:20",
        end="2011-11-30 17:05",
        tz=BEIJING_TZ,
        end_tz=HOME_TZ,
        location="Beijing Capital (PEK) → Toronto Pearson (YYZ)",
    ),
)

MEETINGS: tuple[_Meeting, ...] = (
    _Meeting(
        "Jinshan Group of Companies, with hospital officials",
        "2011-11-21 15:00",
        "Jinshan Tower, 18th floor",
        ("Jinshan Group of Companies", "Private Enterprise Association of Chongqing"),
        (CHEN, WU, LIU, KELLER, BALLES),
        notes=(
            "- Chen chairs the Private Enterprise Association as well: effectively our "
            "counterpart chamber.\n"
            "- Hospital team keen on CSTAR's surgical training programme; want a costed "
            "proposal before spring.\n"
            "- **Confidential:** the Mayor of Vancouver and UBC approached Jinshan after "
            "reading about Jinshan's visit to London, came to Chongqing recently, and plan "
            "a full stakeholder visit in May 2012. Do not mention outside the board.\n"
        ),
        summary=(
            "We reviewed the relationships begun when Jinshan visited London last spring and "
            "agreed next steps with the hospital's leadership on surgical training."
        ),
        outcomes=(Outcome("CSTAR to send a costed surgical-training proposal to Jinshan"),),
        followups=(
            _FollowUp(
                "Send CSTAR's surgical-training proposal to Jinshan",
                "Dr. Martin Keller",
                "2011-11-21",
                due="2012-01-15",
            ),
            _FollowUp(
                "Find out what Vancouver and UBC are offering Jinshan before their May visit",
                "Joaquim Balles",
                "2011-11-21",
                due="2012-03-01",
                visibility=PRIVATE,
            ),
        ),
    ),
    _Meeting(
        "Dinner with the Private Enterprise Association",
        "2011-11-21 19:00",
        "Yuzhong District",
        ("Private Enterprise Association of Chongqing", "CSTAR", "City of London"),
        (CHEN, HUANG, LILY, BALLES),
        notes=(
            "Three MOUs expected: CSTAR, the City and the Chamber, each with its counterpart. "
            "Signing at City Hall, press invited; date not fixed until tomorrow.\n\n"
            "Lily will ask Peter Ng and the Hsu family to join the committee.\n"
        ),
        summary=(
            "Our hosts proposed that CSTAR, the City and the Chamber each sign a memorandum of "
            "understanding at City Hall, with the press present. We discussed a standing "
            "Asian Business Opportunities Committee at the Chamber, focused on China and "
            "Chongqing, with a matching committee here focused on Southwestern Ontario."
        ),
        outcomes=(
            Outcome("Agreed in principle: three MOUs to be signed at Chongqing City Hall"),
            Outcome("Chamber to form an Asian Business Opportunities Committee"),
        ),
        followups=(
            _FollowUp(
                "Send the MOU text to the Chamber board",
                "Joaquim Balles",
                "2011-11-21",
                due="2011-11-22",
                closed=(FollowUpStatus.DONE, "2011-11-22"),
            ),
            _FollowUp(
                "Set up the Asian Business Opportunities Committee (China / Chongqing first)",
                "Lily Wang",
                "2011-11-21",
                due="2012-02-29",
            ),
            _FollowUp(
                "Progress update to Chongqing, with company meetings at both ends",
                "Joaquim Balles",
                "2011-11-21",
                due="2012-04-16",
            ),
        ),
    ),
    _Meeting(
        "Mayor and senior city officials",
        "2011-11-22 09:30",
        "Chongqing City Hall",
        ("Chongqing Municipal People's Government", "City of London"),
        (TANG, MA, KELLER, BALLES),
        notes=(
            "Vice-Mayor Tang asked twice about direct flights to Canada: a priority for the "
            "city. Ma Lin handles the sister-city file; send her the council resolution.\n"
        ),
        summary=(
            "The Vice-Mayor welcomed the delegation and confirmed the city will host "
            "tomorrow's signing. The city sees life sciences and advanced manufacturing as "
            "the first fields for exchanges with London."
        ),
        outcomes=(Outcome("Signing ceremony confirmed for 23 November at City Hall"),),
        visibility=PUBLIC,
        followups=(
            _FollowUp(
                "Send London council's sister-city resolution to the Foreign Affairs Office",
                "City of London",
                "2011-11-22",
                due="2011-12-09",
            ),
        ),
    ),
    _Meeting(
        "CCPIT Chongqing",
        "2011-11-22 14:00",
        "CCPIT offices, Jiangbei",
        ("CCPIT Chongqing Sub-Council",),
        (ZHANG, BALLES, LILY),
        notes="Zhang prefers WeChat to e-mail. Their trade-matching fair is in late March.\n",
        summary=(
            "CCPIT (the China Council for the Promotion of International Trade) offered to "
            "match London exporters with Chongqing buyers at its spring trade-matching fair."
        ),
        outcomes=(Outcome("CCPIT to reserve a London table at its March trade-matching fair"),),
        followups=(
            _FollowUp(
                "Send CCPIT a list of London exporters interested in Chongqing",
                "Chamber secretariat",
                "2011-11-22",
                due="2011-12-16",
            ),
        ),
    ),
    _Meeting(
        "Board of the Private Enterprise Association",
        "2011-11-22 16:30",
        "Association headquarters",
        ("Private Enterprise Association of Chongqing", "CSTAR"),
        (CHEN, HUANG, KELLER, BALLES, LILY),
        notes="Slides went well; the board asked for the Chamber's member directory in Chinese.\n",
        summary=(
            "CSTAR, the Mayor of London and the Chamber each presented to the board and to "
            "member companies; many questions about investing in Ontario's life sciences."
        ),
    ),
    _Meeting(
        "MOU signing at City Hall",
        "2011-11-23 10:00",
        "Chongqing City Hall",
        (
            "Private Enterprise Association of Chongqing",
            "Chongqing Municipal People's Government",
            "CSTAR",
            "City of London",
        ),
        (TANG, CHEN, KELLER, BALLES),
        notes="Press: Chongqing Daily, CQTV. Keep the signed originals in the Chamber safe.\n",
        summary=(
            "The Chamber and the Private Enterprise Association of Chongqing signed a "
            "memorandum of understanding to promote trade and investment between their "
            "members; CSTAR and the City signed their own with their counterparts."
        ),
        outcomes=(
            Outcome("MOU: London Chamber of Commerce and Private Enterprise Association"),
            Outcome("MOU: CSTAR and Jinshan International Hospital, surgical training"),
        ),
        visibility=PUBLIC,
        followups=(
            _FollowUp(
                "Publish the signing photos and joint statement for members",
                "Chamber communications",
                "2011-11-23",
                due="2011-11-25",
                visibility=PUBLIC,
                closed=(FollowUpStatus.DONE, "2011-11-24"),
            ),
        ),
    ),
    _Meeting(
        "Thames Valley Medical Devices and Jiali Medical Supply",
        "2011-11-23 14:30",
        "Jiali offices, Yubei District",
        ("Thames Valley Medical Devices", "Chongqing Jiali Medical Supply Co., Ltd."),
        (OKAFOR, ZHOU, BALLES),
        notes="Jiali wanted exclusivity for all of western China; Sarah held to Chongqing only.\n",
        summary=(
            "A London member company signed a distribution agreement for its surgical "
            "training simulators in Chongqing."
        ),
        outcomes=(
            Outcome(
                "Distribution agreement, first-year order of training simulators",
                Decimal("1250000"),
                "CNY",
            ),
        ),
    ),
    _Meeting(
        "Chengdu Hi-tech Zone investment office",
        "2011-11-24 15:00",
        "Tianfu Software Park",
        ("Chengdu Hi-tech Zone Investment Service Bureau",),
        (YANG, KELLER, BALLES),
        notes="Land and tax incentives for foreign R&D centres; brochure in the blue folder.\n",
        summary=(
            "The zone presented its incentives for foreign research centres and asked for "
            "introductions to London's life-sciences companies."
        ),
        followups=(
            _FollowUp(
                "Introduce three London life-sciences firms to the Hi-tech Zone",
                "Joaquim Balles",
                "2011-11-24",
                due="2011-12-15",
            ),
        ),
    ),
    _Meeting(
        "Sichuan Provincial Department of Commerce",
        "2011-11-25 10:00",
        "Provincial government compound",
        ("Sichuan Provincial Department of Commerce",),
        (DENG, BALLES),
        notes="Formal, short. They will write to the Ontario ministry directly.\n",
        summary="An introductory call on the province's trade office; courtesies exchanged.",
    ),
    _Meeting(
        "Chengdu General Chamber of Commerce",
        "2011-11-26 10:00",
        "Chamber offices, Jinjiang District",
        ("Chengdu General Chamber of Commerce",),
        (GAO, BALLES, LILY),
        notes="Gao suggested a chamber-to-chamber exchange of interns; needs board approval.\n",
        summary="Chamber to chamber: we compared how each serves small exporters.",
        outcomes=(
            Outcome(
                "Letter of intent: pilot shipment of Ontario ice wine to Chengdu members",
                Decimal("45000"),
                "CAD",
            ),
        ),
        followups=(
            _FollowUp(
                "Put the intern exchange with Chengdu to the board",
                "Joaquim Balles",
                "2011-11-26",
                due="2012-01-20",
                visibility=PRIVATE,
            ),
        ),
    ),
    _Meeting(
        "Shudu Pharmaceutical Group",
        "2011-11-28 10:00",
        "Shudu plant, Wenjiang District",
        ("Shudu Pharmaceutical Group",),
        (PAN, KELLER, BALLES),
        notes="Interested in clinical trials in London; cautious about timelines.\n",
        summary="A tour of the plant and a first conversation about clinical research in London.",
        visibility=PRIVATE,
        followups=(
            _FollowUp(
                "Arrange a second visit to the Shudu plant with CSTAR's clinical team",
                "Dr. Martin Keller",
                "2011-11-28",
                due="2012-02-15",
                visibility=PRIVATE,
                closed=(FollowUpStatus.DROPPED, "2011-11-29"),
            ),
        ),
    ),
)

FOLLOWUPS: tuple[_FollowUp, ...] = (
    _FollowUp(
        "Thank-you letters to the Vice-Mayor, CCPIT and our hosts in Chengdu",
        "Joaquim Balles",
        "2011-11-29",
        due="2011-12-05",
        visibility=PRIVATE,
    ),
    _FollowUp(
        "Report on the mission at the December members' breakfast",
        "Joaquim Balles",
        "2011-11-30",
        due="2011-12-14",
    ),
)

POSTS: dict[int, tuple[str, str, str]] = {
    # day -> (place, title, the delegate's own words)
    1: (
        "China / Chongqing",
        "",
        "Door to door it took us more than a day to reach Chongqing, and the city met us "
        "with cranes on every skyline: whole districts are going up at once.\n\n"
        "This afternoon we sat down with the **Jinshan Group of Companies** and officials "
        "from the hospital Jinshan is developing, to agree next steps on the relationships "
        "that began when Jinshan visited London. Jinshan's chair also chairs the Private "
        "Enterprise Association of Chongqing, the city's equivalent of our Chamber, so "
        "these conversations reach well beyond one company.\n\n"
        "Over dinner we learned that CSTAR, the City and the Chamber are each expected to "
        "sign a memorandum of understanding at City Hall, in front of the press. Things are "
        "moving quickly; I will get the MOU text to the board as soon as I have it.\n\n"
        "We also talked about how to keep this going once we are home. An *Asian Business "
        "Opportunities Committee* at the Chamber was warmly received: Lily Wang has offered "
        "to lead it with several of London's Asian business contacts, starting with China "
        "and Chongqing only. Our hosts will set up a matching committee focused on "
        "Southwestern Ontario, and want to compare progress in April, with company meetings "
        "at both ends.\n\n"
        "Tomorrow: the Mayor and senior city officials, CCPIT, and the board of the Private "
        "Enterprise Association.\n",
    ),
    2: (
        "",
        "",
        "A day of presentations. The Vice-Mayor received us at City Hall in the morning and "
        "confirmed that the city will host tomorrow's signing. In the afternoon CCPIT offered "
        "London exporters a table at its spring trade-matching fair, and CSTAR, our Mayor "
        "and I each presented to the board of the Private Enterprise Association.\n\n"
        "The MOU text went to the board this morning; thank you for the quick replies.\n",
    ),
    3: (
        "",
        "Signed at City Hall",
        "This morning the Chamber and the Private Enterprise Association of Chongqing signed "
        "their memorandum of understanding at City Hall, alongside CSTAR and the City, with "
        "cameras from the city's newspapers and television.\n\n"
        "In the afternoon one of our own members, Thames Valley Medical Devices, signed a "
        "distribution agreement with a Chongqing supplier: the first business to come out "
        "of this mission, and I hope not the last.\n",
    ),
    4: (
        "China / Chengdu",
        "",
        "Two hours on the train brought us to Chengdu, greener and calmer than Chongqing. "
        "The Hi-tech Zone walked us through its incentives for research centres and asked "
        "for introductions to London's life-sciences companies: if that is you, write to me.\n",
    ),
    10: (
        "China / Beijing",
        "Heading home",
        "Our last morning in China, and a long flight that lands in Toronto barely an hour "
        "after it leaves Beijing by the clock. Ten days, three signed MOUs, a first "
        "order for a member company and a list of promises to keep: I will report on all "
        "of it at the December members' breakfast.\n",
    ),
}


# The register: what the delegation knows about those it met. Organisations' notes, contact
# details and protocol notes are private always; the demo shows where they live.
@dataclass(frozen=True)
class _Org:
    aliases: tuple[str, ...] = ()
    kind: str = ""
    city: str = ""
    country: str = ""
    notes: str = ""


@dataclass(frozen=True)
class _Person:
    aliases: tuple[str, ...] = ()
    email: str = ""
    messaging: str = ""
    card: str = ""
    protocol: str = ""


ORGANISATIONS: dict[str, _Org] = {
    "Jinshan Group of Companies": _Org(
        ("金山集团", "Jinshan"),
        "company",
        "Chongqing",
        "China",
        notes="Family-held. The hospital project is the chair's priority for 2012.",
    ),
    "CCPIT Chongqing Sub-Council": _Org(
        ("CCPIT Chongqing", "中国国际贸易促进委员会重庆市分会"),
        "trade-promotion",
        "Chongqing",
        "China",
    ),
    "Chongqing Municipal People's Government": _Org(
        ("重庆市人民政府",), "government", "Chongqing", "China"
    ),
    "Private Enterprise Association of Chongqing": _Org((), "chamber", "Chongqing", "China"),
    "Chengdu General Chamber of Commerce": _Org(("成都市总商会",), "chamber", "Chengdu", "China"),
    "Chongqing Jiali Medical Supply Co., Ltd.": _Org(
        ("Jiali Medical",), "company", "Chongqing", "China"
    ),
}
PEOPLE: dict[str, _Person] = {
    "Chen Weidong": _Person(
        ("陈卫东",),
        card="Chen Weidong, Chairman, Jinshan Group of Companies · Jinshan Tower, Chongqing",
        protocol=(
            "Address as Chairman Chen. Gave: a framed print of the Toronto skyline. "
            "Received: a Yixing tea set. Does not drink; toasts with tea."
        ),
    ),
    "Zhang Rui": _Person(
        ("张锐",),
        email="zhang.rui@example.cn",
        messaging="WeChat: zhangrui_cq",
        protocol="Prefers WeChat to e-mail. Gave: a Chamber tie pin.",
    ),
}


def _register(store: Store) -> None:
    """Other names, kinds and places, and a little private knowledge, each added only where
    the diary has none yet (a diary may already know these names otherwise)."""
    taken = {name_key(name) for name in store.register_names("organisation")}
    for name, facts in ORGANISATIONS.items():
        org = store.find_organisation(name)
        store.update_organisation(
            org.id,
            add_aliases=[a for a in facts.aliases if name_key(a) not in taken],
            kind=org.kind or facts.kind,
            city=org.city or facts.city,
            country=org.country or facts.country,
            notes=org.notes or facts.notes,
        )
    taken = {name_key(name) for name in store.register_names("person")}
    for name, known in PEOPLE.items():
        person = store.find_person(name)
        store.update_person(
            person.id,
            add_aliases=[a for a in known.aliases if name_key(a) not in taken],
            email=person.contact.email or known.email,
            messaging=person.contact.messaging or known.messaging,
            card=person.contact.card or known.card,
            protocol=person.protocol or known.protocol,
        )


def _at(text: str, tz: str) -> Moment:
    return moment_from_text(text, tz).moment


def _find(store: Store, slug: str) -> Mission | None:
    return next((mission for mission in store.missions() if mission.slug == slug), None)


def build_demo(store: Store) -> Mission:
    """Create the demo mission, or return it untouched if the diary already has it.

    One transaction: an interrupted build leaves no half a demo behind to be mistaken for
    the whole one on the next run.
    """
    existing = _find(store, DEMO_SLUG)
    if existing is not None:
        return existing
    with store.write():
        mission = store.create_mission(
            "London Chamber of Commerce mission to China",
            date(2011, 11, 21),
            date(2011, 11, 30),
            MISSION_TZ,
            home_tz=HOME_TZ,
            organisation="London Chamber of Commerce",
            author="Joaquim Balles",
            slug=DEMO_SLUG,
            categories=["Trade missions", "China"],
            tags=["china", "chongqing", "chengdu", "life-sciences"],
        )
        items = {}
        for item in ITINERARY:
            added = store.add_itinerary_item(
                mission.id,
                item.title,
                _at(item.at, item.tz),
                _at(item.end, item.end_tz or item.tz) if item.end else None,
                kind=item.kind,
                location=item.location,
                details=item.details,
                visibility=item.visibility,
            )
            items[(item.at, item.kind)] = added.id
        for entry in MEETINGS:
            meeting = store.add_meeting(
                mission.id,
                entry.title,
                _at(entry.at, entry.tz),
                location=entry.location,
                organisations=entry.organisations,
                attendees=entry.attendees,
                notes=entry.notes,
                summary=entry.summary,
                outcomes=entry.outcomes,
                visibility=entry.visibility,
                itinerary_id=items.get((entry.at, "meeting")),
            )
            for followup in entry.followups:
                _add_followup(store, mission, followup, meeting.id)
        for followup in FOLLOWUPS:
            _add_followup(store, mission, followup, None)
        for number, (place, title, body) in POSTS.items():
            store.write_post(mission.id, number, body, title=title or None, place=place or None)
        _register(store)
    return mission


def _add_followup(store: Store, mission: Mission, entry: _FollowUp, meeting_id: str | None) -> None:
    followup = store.add_followup(
        mission.id,
        entry.text,
        date.fromisoformat(entry.day),
        owner=entry.owner,
        due=date.fromisoformat(entry.due) if entry.due else None,
        meeting_id=meeting_id,
        visibility=entry.visibility,
    )
    if entry.closed is not None:
        status, on = entry.closed
        store.set_followup_status(followup.id, status, on=date.fromisoformat(on))
