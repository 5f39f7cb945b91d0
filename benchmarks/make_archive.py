"""Build a heavy, realistic diary for the benchmark: ten years of trade missions in one file.

    python benchmarks/make_archive.py --entries 100000 --seed 1 --out /tmp/archive.db

N entries are about 40% itinerary items, 30% meetings (100–400 words of working notes, a
summary, attendees, organisations, outcomes with amounts) and 30% follow-ups (most closed
within weeks, some dropped, a fifth still open), spread over missions of 5–15 days in many
zones from 2015 to 2024. People and organisations come from one directory per region and are
met again on later missions. Most days also have the delegate's post; posts are not counted in
N. The same entries and seed always give the same file contents (ids included).

The file is made by the Store (so its schema and migrations are the real ones) and filled in
bulk with prepared `executemany` inside one transaction, with `synchronous = OFF` on this
connection only. Two things differ from entries typed in the app:
- no `changes` rows (history) are written: the archive has nothing to undo, which changes no
  read path the benchmark times;
- the FTS5 indexes are filled by their triggers as the rows go in, then optimised once.
The result opens with `Store.open` and behaves like any other diary.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from missiondiary.store import Store
from missiondiary.store.migrations import FTS_COLUMNS
from missiondiary.timeline import place

FIRST_YEAR, YEARS = 2015, 10
FORMAT = 2  # changes whenever the same seed would build a different archive
# Known words for the benchmark's searches: a sector the notes mention now and then, and the
# prefix and words a delegate types while searching.
SEARCH_WORD = "aerospace"
TYPED_PREFIX = "inv"
TYPED_WORDS = "medical devices"


@dataclass(frozen=True)
class Region:
    country: str
    cities: tuple[tuple[str, str], ...]  # (city, zone)
    currency: str
    given: tuple[str, ...]
    family: tuple[str, ...]
    roots: tuple[str, ...]  # words organisation names are made of
    family_first: bool = False


REGIONS = (
    Region(
        "China",
        (
            ("Shanghai", "Asia/Shanghai"),
            ("Beijing", "Asia/Shanghai"),
            ("Chongqing", "Asia/Chongqing"),
            ("Chengdu", "Asia/Shanghai"),
            ("Shenzhen", "Asia/Shanghai"),
            ("Hong Kong", "Asia/Hong_Kong"),
        ),
        "CNY",
        ("Wei", "Fang", "Lei", "Jun", "Xue", "Hui", "Ming", "Rui", "Lin", "Bin", "Yifei", "Jing"),
        ("Chen", "Wang", "Li", "Zhang", "Liu", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun"),
        ("Jinshan", "Huaxin", "Tianfu", "Changjiang", "Shudu", "Hongda", "Zhongke", "Jiali"),
        family_first=True,
    ),
    Region(
        "Japan",
        (("Tokyo", "Asia/Tokyo"), ("Osaka", "Asia/Tokyo"), ("Nagoya", "Asia/Tokyo")),
        "JPY",
        ("Haruto", "Yui", "Sota", "Aoi", "Ren", "Hina", "Kenji", "Emi", "Takeshi", "Naoko"),
        ("Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito", "Yamamoto", "Nakamura"),
        ("Hikari", "Sakura", "Fuji", "Kansai", "Mirai", "Kizuna", "Asahi", "Tsubasa"),
    ),
    Region(
        "South Korea",
        (("Seoul", "Asia/Seoul"), ("Busan", "Asia/Seoul")),
        "KRW",
        ("Min-jun", "Seo-yeon", "Ji-ho", "Ha-eun", "Do-yoon", "Ji-woo", "Hyun-woo", "Soo-ah"),
        ("Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon"),
        ("Hanbit", "Daehan", "Saerom", "Mirae", "Hanul", "Gaon", "Nuri", "Saebyeok"),
        family_first=True,
    ),
    Region(
        "India",
        (("Mumbai", "Asia/Kolkata"), ("New Delhi", "Asia/Kolkata"), ("Bengaluru", "Asia/Kolkata")),
        "INR",
        ("Aarav", "Priya", "Rohan", "Ananya", "Vikram", "Neha", "Arjun", "Kavya", "Sanjay"),
        ("Sharma", "Patel", "Iyer", "Reddy", "Gupta", "Nair", "Mehta", "Rao", "Banerjee"),
        ("Bharat", "Sahyadri", "Indus", "Ganga", "Vistara", "Kaveri", "Surya", "Navya"),
    ),
    Region(
        "Vietnam",
        (("Ho Chi Minh City", "Asia/Ho_Chi_Minh"), ("Hanoi", "Asia/Ho_Chi_Minh")),
        "VND",
        ("Anh", "Linh", "Minh", "Thao", "Quang", "Lan", "Duc", "Hoa"),
        ("Nguyen", "Tran", "Le", "Pham", "Hoang", "Vu", "Dang", "Bui"),
        ("Saigon", "Thang Long", "Hong Ha", "Mekong", "Viet Tien", "Sao Mai"),
        family_first=True,
    ),
    Region(
        "Singapore",
        (("Singapore", "Asia/Singapore"),),
        "SGD",
        ("Wei Ling", "Darren", "Mei", "Ravi", "Siti", "Marcus", "Hui Min", "Farid"),
        ("Tan", "Lim", "Ng", "Lee", "Wong", "Goh", "Kumar", "Rahman"),
        ("Merlion", "Lion City", "Straits", "Temasek", "Marina", "Jurong"),
    ),
    Region(
        "United Arab Emirates",
        (("Dubai", "Asia/Dubai"), ("Abu Dhabi", "Asia/Dubai")),
        "AED",
        ("Ahmed", "Fatima", "Omar", "Mariam", "Khalid", "Noura", "Saeed", "Aisha"),
        ("Al Mansouri", "Al Hashimi", "Al Suwaidi", "Al Mazrouei", "Al Falasi", "Al Nuaimi"),
        ("Gulf", "Falcon", "Oasis", "Emirates", "Pearl", "Dhow"),
    ),
    Region(
        "Germany",
        (
            ("Berlin", "Europe/Berlin"),
            ("Munich", "Europe/Berlin"),
            ("Frankfurt", "Europe/Berlin"),
            ("Hamburg", "Europe/Berlin"),
        ),
        "EUR",
        ("Lukas", "Anna", "Jonas", "Lea", "Felix", "Marie", "Stefan", "Katrin", "Matthias"),
        ("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Becker", "Hoffmann", "Koch"),
        ("Rhein", "Alpen", "Hansa", "Nordlicht", "Elbe", "Spree", "Bavaria", "Taunus"),
    ),
    Region(
        "France",
        (("Paris", "Europe/Paris"), ("Lyon", "Europe/Paris"), ("Toulouse", "Europe/Paris")),
        "EUR",
        ("Camille", "Louis", "Chloé", "Hugo", "Léa", "Julien", "Élodie", "Thomas", "Hélène"),
        ("Martin", "Bernard", "Dubois", "Moreau", "Laurent", "Lefèvre", "Roux", "Girard"),
        ("Lumière", "Garonne", "Rhône", "Azur", "Étoile", "Occitanie", "Vendôme"),
    ),
    Region(
        "Poland",
        (("Warsaw", "Europe/Warsaw"), ("Kraków", "Europe/Warsaw")),
        "PLN",
        ("Jakub", "Zuzanna", "Piotr", "Agnieszka", "Tomasz", "Magda", "Krzysztof", "Ewa"),
        ("Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kamiński", "Lewandowski", "Zieliński"),
        ("Wisła", "Mazowsze", "Bałtyk", "Tatry", "Orzeł", "Polonia"),
    ),
    Region(
        "Nigeria",
        (("Lagos", "Africa/Lagos"), ("Abuja", "Africa/Lagos")),
        "NGN",
        ("Chinedu", "Ngozi", "Tunde", "Amaka", "Emeka", "Funmi", "Ifeanyi", "Bisi"),
        ("Okafor", "Adeyemi", "Balogun", "Eze", "Okonkwo", "Bello", "Nwosu", "Afolabi"),
        ("Niger Delta", "Zuma", "Eko", "Sahel", "Aso Rock", "Benue"),
    ),
    Region(
        "Kenya",
        (("Nairobi", "Africa/Nairobi"), ("Mombasa", "Africa/Nairobi")),
        "KES",
        ("Wanjiru", "Otieno", "Achieng", "Kamau", "Njeri", "Kiprop", "Akinyi", "Mwangi"),
        ("Odhiambo", "Kariuki", "Mutua", "Wambui", "Kiptoo", "Njoroge", "Omondi"),
        ("Savannah", "Kilimanjaro", "Rift", "Tana", "Harambee", "Simba"),
    ),
    Region(
        "South Africa",
        (("Johannesburg", "Africa/Johannesburg"), ("Cape Town", "Africa/Johannesburg")),
        "ZAR",
        ("Thabo", "Lerato", "Sipho", "Naledi", "Pieter", "Anika", "Johan", "Zanele"),
        ("Nkosi", "Dlamini", "van der Merwe", "Botha", "Mokoena", "Naidoo", "Khumalo"),
        ("Ubuntu", "Table Bay", "Highveld", "Protea", "Karoo", "Drakensberg"),
    ),
    Region(
        "Brazil",
        (("São Paulo", "America/Sao_Paulo"), ("Rio de Janeiro", "America/Sao_Paulo")),
        "BRL",
        ("João", "Mariana", "Pedro", "Beatriz", "Lucas", "Fernanda", "Rafael", "Gabriela"),
        ("Silva", "Santos", "Oliveira", "Souza", "Costa", "Pereira", "Almeida", "Ferreira"),
        ("Paulista", "Guanabara", "Ipiranga", "Tropical", "Cerrado", "Atlântica"),
    ),
    Region(
        "Mexico",
        (("Mexico City", "America/Mexico_City"), ("Monterrey", "America/Monterrey")),
        "MXN",
        ("Sofía", "Diego", "Valentina", "Mateo", "Regina", "Santiago", "Ximena", "Emiliano"),
        ("Hernández", "García", "Martínez", "López", "González", "Rodríguez", "Ramírez"),
        ("Azteca", "Sierra Madre", "Bajío", "Anáhuac", "Maya", "Sol"),
    ),
    Region(
        "United States",
        (
            ("Los Angeles", "America/Los_Angeles"),
            ("San Francisco", "America/Los_Angeles"),
            ("Chicago", "America/Chicago"),
            ("New York", "America/New_York"),
            ("Boston", "America/New_York"),
        ),
        "USD",
        ("Emily", "Michael", "Jessica", "David", "Ashley", "Chris", "Sarah", "Daniel", "Megan"),
        ("Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson"),
        ("Pacific", "Golden Gate", "Lakeshore", "Liberty", "Bay State", "Sunset", "Hudson"),
    ),
    Region(
        "Australia",
        (("Sydney", "Australia/Sydney"), ("Melbourne", "Australia/Melbourne")),
        "AUD",
        ("Olivia", "Jack", "Charlotte", "William", "Mia", "Noah", "Isla", "Lachlan"),
        ("Smith", "Jones", "Williams", "Taylor", "Kelly", "Ryan", "Walker", "Harris"),
        ("Southern Cross", "Harbour", "Wattle", "Coral", "Outback", "Murray"),
    ),
    Region(
        "Chile",
        (("Santiago", "America/Santiago"), ("Valparaíso", "America/Santiago")),
        "CLP",
        ("Matías", "Catalina", "Benjamín", "Antonia", "Vicente", "Josefa", "Tomás", "Isidora"),
        ("Muñoz", "Rojas", "Díaz", "Soto", "Contreras", "Silva", "Morales", "Fuentes"),
        ("Andes", "Pacífico", "Atacama", "Cordillera", "Maipo", "Araucanía"),
    ),
)

# The chambers and offices whose delegations fill the diary: (organisation, home zone, city).
HOMES = (
    ("London Chamber of Commerce", "America/Toronto", "London"),
    ("Greater Manchester Chamber of Commerce", "Europe/London", "Manchester"),
    ("Calgary Economic Development", "America/Edmonton", "Calgary"),
    ("Lyon Métropole Trade Office", "Europe/Paris", "Lyon"),
    ("Brisbane Chamber of Commerce", "Australia/Brisbane", "Brisbane"),
    ("City of Los Angeles Trade Office", "America/Los_Angeles", "Los Angeles"),
)
DELEGATES = (
    "Joaquim Balles",
    "Lily Wang",
    "Dr. Martin Keller",
    "Sarah Okafor",
    "Priya Raman",
    "Tom Gallagher",
    "Hélène Marchand",
    "Grace Liu",
    "Marcus Reid",
    "Ines Duarte",
    "Kwame Mensah",
    "Rachel Cohen",
)
SECTORS = (
    "medical devices",
    "clean energy",
    "agri-food",
    "higher education",
    SEARCH_WORD,
    "logistics",
    "fintech",
    "water treatment",
    "advanced manufacturing",
    "life sciences",
    "tourism",
    "film and media",
    "mining equipment",
    "automotive parts",
    "software",
    "construction",
    "wine and spirits",
    "cybersecurity",
)
ORG_KINDS = (
    "Group",
    "Holdings",
    "Industrial Park",
    "Investment Promotion Agency",
    "Chamber of Commerce",
    "University",
    "Hospital",
    "Development Bank",
    "Trading Co.",
    "Technologies",
    "Municipal Government",
    "Port Authority",
)
ROLES = (
    "Chair",
    "Chief Executive",
    "Director of International Cooperation",
    "Vice-President, Business Development",
    "General Manager",
    "Deputy Director",
    "Head of Procurement",
    "Secretary-General",
    "Vice-Mayor",
    "Division Chief",
    "Investment Manager",
    "Dean",
)
DOCUMENTS = (
    "the MOU text",
    "the costed proposal",
    "our member directory",
    "the delegation photos",
    "the investment brochure",
    "a draft term sheet",
    "the training programme outline",
    "the product samples",
    "the letter of intent",
    "the trade show invitation",
)

NOTE_SENTENCES = (
    "{person} opened by describing how {org} has grown in {sector} since our last visit.",
    "They want a partner in {home_city} for {sector} and asked about our members' capacity.",
    "Investment of around {amount} {currency} is planned over three years, subject to approval.",
    "{person} was candid: the regulatory approval takes longer than the brochure suggests.",
    "We discussed distribution for {sector}, especially cold-chain logistics into {city}.",
    "Their investors are cautious after last year; a pilot project would reassure them.",
    "{org} invited our members to the {sector} fair in {city} next spring.",
    "The hospital's procurement office buys through tenders; we need a local agent to bid.",
    "We agreed the next step is a video call with the engineers within two weeks.",
    "{person} asked for references from two of our members already exporting to {country}.",
    "Pricing came up twice: they compare everything with suppliers from Germany and Korea.",
    "The vice-mayor's office wants a signing ceremony with press if the MOU is ready.",
    "There was real interest in student exchanges and a joint research chair in {sector}.",
    "I promised to introduce {person} to our university's technology transfer office.",
    "Their questions on inventory and after-sales service were detailed and well prepared.",
    "The tea was excellent and the room overlooked the river; the mood was warm throughout.",
    "We should not commit to exclusivity before our board has seen the numbers.",
    "They are building a new industrial park for {sector} and offer three years rent-free.",
    "The interpreter was very good; next time bring bilingual business cards.",
    "{org} already works with two firms from {home_city}, so trust is there.",
    "Currency risk worries them; they would prefer invoices in {currency}.",
    "A delegation from {city} will visit {home_city} in the autumn; we host the dinner.",
    "The inventory financing scheme could suit our smaller members in {sector}.",
    "We were asked to invite them to the chamber's annual gala as guests of honour.",
)
SUMMARY_SENTENCES = (
    "We met {org} to discuss cooperation in {sector}.",
    "Both sides agreed to keep talking and to exchange contacts between members.",
    "{org} will visit {home_city} later this year.",
    "We explored how our members could supply {sector} projects in {city}.",
    "A memorandum of understanding is being prepared for signature.",
    "Our hosts presented their plans for investment in {sector}.",
)
POST_SENTENCES = (
    "Today took us from meetings at breakfast to a reception that ran late into the evening.",
    "{city} greeted us with rain and an extraordinary welcome from our hosts.",
    "The conversations about {sector} were the most concrete of the mission so far.",
    "We signed nothing today, but we learned a great deal about how business is done here.",
    "Our members' products drew more questions than we had time to answer.",
    "Tomorrow we travel on to the next city with a full programme of visits.",
    "I am grateful to everyone who made time for the delegation at short notice.",
    "The site visit showed us the scale of what is being built: whole districts at once.",
    "Several members have follow-up meetings of their own; I will report back on them.",
    "We ended the day comparing notes over dinner and planning how to follow up at home.",
)
OUTCOMES = (
    ("MOU on cooperation in {sector} to be signed", False),
    ("Order for {sector} equipment", True),
    ("Joint pilot project in {city}", True),
    ("Agreement to exchange student delegations", False),
    ("Distribution agreement for {country}", True),
    ("Letter of intent on investment in {sector}", True),
)
FOLLOWUPS = (
    "Send {document} to {person}",
    "Introduce {person} to our {sector} members",
    "Confirm dates for the return visit from {org}",
    "Ask the board about {document}",
    "Book the venue for the {org} delegation",
    "Share {document} with members in {sector}",
    "Chase {person} about the site visit",
)
FLIGHT_NUMBERS = ("AC", "BA", "LH", "AF", "CA", "NH", "EK", "SQ", "QF", "UA", "KL", "TK")
HOTELS = ("Grand Hyatt", "Shangri-La", "Marriott", "Hilton", "Novotel", "InterContinental")


@dataclass
class Directory:
    """People and organisations of a region, shared by every mission there."""

    organisations: list[tuple[str, str]] = field(default_factory=list)  # (id, name)
    people: list[tuple[str, str, str, str]] = field(default_factory=list)  # id, name, role, org


@dataclass
class Archive:
    """What was written, for the caller (and the smoke test) to check."""

    path: Path
    entries: int
    missions: int
    counts: Counter
    seconds: float
    search_word: str = SEARCH_WORD
    typed_prefix: str = TYPED_PREFIX
    typed_words: str = TYPED_WORDS


class _Builder:
    def __init__(self, rng: random.Random, entries: int) -> None:
        self.rng = rng
        self.entries = entries
        self.counts: Counter = Counter()
        self.rows: dict[str, list[tuple]] = {table: [] for table in _COLUMNS}
        self.directories: dict[str, Directory] = {}
        self.org_ids: dict[str, str] = {}
        self.person_keys: set[str] = set()
        self.offsets: dict[tuple[str, date], timedelta] = {}
        self.slugs: set[str] = set()
        # Directory sizes grow with the archive: ~N/50 organisations, ~N/20 people.
        self.orgs_per_region = max(4, entries // 50 // len(REGIONS))
        self.people_per_org = (2, 6)

    # ids, times ------------------------------------------------------------------
    def new_id(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def moment(self, local: datetime, tz: str) -> tuple[str, str, str]:
        """(local, zone, utc) as the store keeps them; one zone lookup per zone and day."""
        key = (tz, local.date())
        offset = self.offsets.get(key)
        if offset is None:
            noon = local.replace(hour=12, minute=0)
            offset = noon - place(noon, tz).moment.utc.replace(tzinfo=None)
            self.offsets[key] = offset
        utc = (local - offset).replace(tzinfo=UTC)
        return (
            local.isoformat(timespec="seconds"),
            tz,
            utc.isoformat(timespec="seconds"),
        )

    @staticmethod
    def stamp(utc_iso: str, minutes: int = 5) -> str:
        when = datetime.fromisoformat(utc_iso) + timedelta(minutes=minutes)
        return when.isoformat(timespec="milliseconds")

    # the directory ----------------------------------------------------------------
    def organisation(self, name: str, created: str) -> str:
        org_id = self.org_ids.get(name)
        if org_id is None:
            org_id = self.org_ids[name] = self.new_id()
            key = " ".join(name.split()).casefold()
            self.rows["organisations"].append((org_id, name, key, created, created))
        return org_id

    def directory(self, region: Region, created: str) -> Directory:
        found = self.directories.get(region.country)
        if found is not None:
            return found
        rng = self.rng
        directory = Directory()
        names: set[str] = set()
        while len(directory.organisations) < self.orgs_per_region:
            root = rng.choice(region.roots)
            city = rng.choice(region.cities)[0]
            sector = rng.choice(SECTORS).title() if rng.random() < 0.5 else ""
            name = " ".join(
                part for part in (city if rng.random() < 0.4 else "", root, sector) if part
            )
            name = f"{name} {rng.choice(ORG_KINDS)}"
            if name in names:
                name = f"{name} {len(names) + 1}"
            names.add(name)
            org_id = self.organisation(name, created)
            directory.organisations.append((org_id, name))
            for _ in range(rng.randint(*self.people_per_org)):
                given, family = rng.choice(region.given), rng.choice(region.family)
                person = f"{family} {given}" if region.family_first else f"{given} {family}"
                if person.casefold() in self.person_keys:
                    person = f"{person} {rng.choice('ABCDEFGHJKLMNPRSTW')}."
                if person.casefold() in self.person_keys:
                    continue
                self.person_keys.add(person.casefold())
                person_id = self.new_id()
                self.rows["people"].append((person_id, person, person.casefold(), created, created))
                directory.people.append((person_id, person, rng.choice(ROLES), org_id))
        self.directories[region.country] = directory
        return directory

    # text ------------------------------------------------------------------------
    def text(self, sentences: tuple[str, ...], words: tuple[int, int], slots: dict) -> str:
        rng = self.rng
        target = rng.randint(*words)
        out: list[str] = []
        count = 0
        while count < target:
            sentence = rng.choice(sentences).format(**slots)
            out.append(sentence)
            count += len(sentence.split())
            if rng.random() < 0.2:
                out.append("\n\n")
        return " ".join(out).replace(" \n\n ", "\n\n").strip()

    # missions --------------------------------------------------------------------
    def build(self) -> int:
        """Plan every mission's days (how many entries of each kind) until N is reached, then
        fill them in start-date order, so rowids follow time as in a diary kept for years."""
        rng = self.rng
        plans: list[list[tuple[int, int, int]]] = []
        left = self.entries
        while left > 0:
            plan = []
            for _ in range(rng.randint(5, 15)):
                counts = [rng.randint(2, 6), rng.randint(1, 5), rng.randint(1, 5)]
                if sum(counts) > left:  # the last day of the last mission takes what is left
                    counts = [left * 4 // 10, left * 3 // 10, 0]
                    counts[2] = left - counts[0] - counts[1]
                plan.append((counts[0], counts[1], counts[2]))
                left -= sum(counts)
                if left <= 0:
                    break
            plans.append(plan)
        span = (date(FIRST_YEAR + YEARS, 1, 1) - date(FIRST_YEAR, 1, 1)).days - 16
        starts = sorted(date(FIRST_YEAR, 1, 1) + timedelta(days=rng.randrange(span)) for _ in plans)
        for start, plan in zip(starts, plans, strict=True):
            self.mission(start, plan)
        return len(plans)

    def mission(self, start: date, plan: list[tuple[int, int, int]]) -> None:
        rng = self.rng
        region = rng.choice(REGIONS)
        home_org, home_tz, home_city = rng.choice(HOMES)
        days = len(plan)
        end = start + timedelta(days=days - 1)
        cities = rng.sample(region.cities, k=min(len(region.cities), rng.randint(1, 3)))
        author = rng.choice(DELEGATES)
        title = f"{home_org} mission to {region.country}"
        slug_stem = f"{home_city}-{region.country}-{start:%Y-%m}".lower().replace(" ", "-")
        slug, number = slug_stem, 1
        while slug in self.slugs:
            number += 1
            slug = f"{slug_stem}-{number}"
        self.slugs.add(slug)
        mission_id = self.new_id()
        created = f"{start - timedelta(days=30):%Y-%m-%d}T09:00:00.000+00:00"
        main_tz = cities[0][1]
        self.rows["missions"].append(
            (
                mission_id,
                slug,
                title,
                home_org,
                author,
                start.isoformat(),
                end.isoformat(),
                main_tz,
                home_tz,
                f'["Trade missions", "{region.country}"]',
                '["' + '", "'.join(c[0].lower() for c in cities) + '"]',
                created,
                created,
            )
        )
        directory = self.directory(region, created)
        own_org = self.organisation(home_org, created)
        city_index = -1
        for offset, (n_items, n_meetings, n_followups) in enumerate(plan):
            when = start + timedelta(days=offset)
            # Move on to the next city every few days.
            new_index = min(len(cities) - 1, offset * len(cities) // days)
            arrival = new_index != city_index
            city_index = new_index
            city, tz = cities[city_index]
            slots = {
                "city": city,
                "country": region.country,
                "home_city": home_city,
                "currency": region.currency,
            }
            items = self.itinerary(mission_id, when, tz, city, n_items, arrival, offset == 0)
            meetings = self.meetings(
                mission_id, when, tz, city, n_meetings, directory, own_org, region, slots, items
            )
            self.followups(mission_id, when, n_followups, meetings, directory, author, slots)
            if rng.random() < 0.7:
                self.post(mission_id, offset + 1, when, region, city, slots)

    def itinerary(
        self,
        mission_id: str,
        when: date,
        tz: str,
        city: str,
        count: int,
        arrival: bool,
        first_day: bool,
    ) -> list[tuple[str, str]]:
        """Itinerary rows for one day; returns (id, start_local) of the 'meeting' kind ones."""
        rng = self.rng
        meeting_slots: list[tuple[str, str]] = []
        hours = sorted(rng.sample(range(7, 22), k=min(count, 15)))
        for index, hour in enumerate(hours):
            local = datetime.combine(when, datetime.min.time()).replace(
                hour=hour, minute=rng.choice((0, 15, 30, 45))
            )
            if index == 0 and arrival:
                kind = "flight"
                carrier = rng.choice(FLIGHT_NUMBERS)
                title = f"{carrier} {rng.randint(10, 999)} to {city}"
                location = f"{city} airport"
            elif index == len(hours) - 1 and first_day:
                kind, title, location = "hotel", f"{rng.choice(HOTELS)} {city}", city
            else:
                kind = rng.choice(("meeting", "meeting", "visit", "reception", "transfer", "other"))
                title = {
                    "meeting": "Meeting at the host's offices",
                    "visit": f"Site visit: {rng.choice(SECTORS)} plant",
                    "reception": "Reception hosted by the consulate",
                    "transfer": "Car to the next appointment",
                    "other": "Delegation briefing",
                }[kind]
                location = city
            start = self.moment(local, tz)
            end_local = local + timedelta(minutes=rng.choice((45, 60, 90, 120)))
            end = self.moment(end_local, tz) if end_local.date() == when else (None, None, None)
            created = self.stamp(start[2], -60 * 24)
            item_id = self.new_id()
            visibility = rng.choices(("members", "public", "private"), (6, 2, 2))[0]
            self.rows["itinerary_items"].append(
                (
                    item_id,
                    mission_id,
                    kind,
                    title,
                    *start,
                    when.isoformat(),
                    *end,
                    location,
                    "",
                    visibility,
                    created,
                    created,
                )
            )
            self.counts["itinerary"] += 1
            if kind == "meeting":
                meeting_slots.append((item_id, start[0]))
        return meeting_slots

    def meetings(
        self,
        mission_id: str,
        when: date,
        tz: str,
        city: str,
        count: int,
        directory: Directory,
        own_org: str,
        region: Region,
        slots: dict,
        items: list[tuple[str, str]],
    ) -> list[tuple[str, str, str]]:
        """Meeting rows; returns (id, person, org name) for follow-ups to refer to."""
        rng = self.rng
        made: list[tuple[str, str, str]] = []
        hours = sorted(rng.sample(range(8, 21), k=min(count, 13)))
        for hour in hours:
            org_id, org_name = rng.choice(directory.organisations)
            staff = [p for p in directory.people if p[3] == org_id] or directory.people[:1]
            attendees = rng.sample(staff, k=min(len(staff), rng.randint(1, 4)))
            sector = rng.choice(SECTORS)
            filled = {
                **slots,
                "org": org_name,
                "person": attendees[0][1],
                "sector": sector,
                "amount": f"{rng.randint(1, 90)} million",
            }
            local = datetime.combine(when, datetime.min.time()).replace(
                hour=hour, minute=rng.choice((0, 30))
            )
            at = self.moment(local, tz)
            meeting_id = self.new_id()
            visibility = rng.choices(("private", "members", "public"), (4, 5, 1))[0]
            notes = self.text(NOTE_SENTENCES, (100, 400), filled)
            summary = self.text(SUMMARY_SENTENCES, (20, 60), filled)
            if visibility == "private":
                summary = ""
            linked = items.pop(0)[0] if items and rng.random() < 0.5 else None
            created = self.stamp(at[2], 90)
            self.rows["meetings"].append(
                (
                    meeting_id,
                    mission_id,
                    f"{org_name}: {sector}",
                    *at,
                    when.isoformat(),
                    f"{org_name}, {city}",
                    notes,
                    summary,
                    visibility,
                    linked,
                    created,
                    created,
                )
            )
            self.counts["meeting"] += 1
            for position, link in enumerate((org_id, own_org), start=1):
                self.rows["meeting_organisations"].append((meeting_id, link, position))
            for position, (person_id, _, role, person_org) in enumerate(attendees, start=1):
                self.rows["meeting_attendees"].append(
                    (meeting_id, person_id, role, person_org, position)
                )
            for position in range(1, rng.choice((0, 0, 1, 1, 2, 3)) + 1):
                text, priced = rng.choice(OUTCOMES)
                amount = str(rng.randint(5, 5000) * 1000) if priced and rng.random() < 0.6 else None
                self.rows["outcomes"].append(
                    (
                        self.new_id(),
                        meeting_id,
                        position,
                        text.format(**filled),
                        amount,
                        region.currency if amount else None,
                        created,
                        created,
                    )
                )
                self.counts["outcome"] += 1
            made.append((meeting_id, attendees[0][1], org_name))
        return made

    def followups(
        self,
        mission_id: str,
        when: date,
        count: int,
        meetings: list[tuple[str, str, str]],
        directory: Directory,
        author: str,
        slots: dict,
    ) -> None:
        rng = self.rng
        for _ in range(count):
            meeting = rng.choice(meetings) if meetings and rng.random() < 0.6 else None
            person = meeting[1] if meeting else rng.choice(directory.people)[1]
            org = meeting[2] if meeting else rng.choice(directory.organisations)[1]
            text = rng.choice(FOLLOWUPS).format(
                document=rng.choice(DOCUMENTS),
                person=person,
                org=org,
                sector=rng.choice(SECTORS),
                **slots,
            )
            due = when + timedelta(days=rng.randint(1, 60)) if rng.random() < 0.7 else None
            status = rng.choices(("done", "dropped", "open"), (7, 1, 2))[0]
            closed = (
                (when + timedelta(days=rng.randint(0, 45))).isoformat()
                if status != "open"
                else None
            )
            created = f"{when.isoformat()}T12:00:00.000+00:00"
            self.rows["followups"].append(
                (
                    self.new_id(),
                    mission_id,
                    text,
                    rng.choice((author, author, person)),
                    when.isoformat(),
                    due.isoformat() if due else None,
                    status,
                    closed,
                    meeting[0] if meeting else None,
                    rng.choices(("private", "members", "public"), (5, 4, 1))[0],
                    created,
                    created,
                )
            )
            self.counts["followup"] += 1

    def post(
        self, mission_id: str, number: int, when: date, region: Region, city: str, slots: dict
    ) -> None:
        body = self.text(POST_SENTENCES, (80, 200), {**slots, "sector": self.rng.choice(SECTORS)})
        created = f"{when.isoformat()}T20:00:00.000+00:00"
        self.rows["day_posts"].append(
            (
                self.new_id(),
                mission_id,
                number,
                "",
                f"{region.country} / {city}",
                body,
                "draft",
                None,
                created,
                created,
            )
        )
        self.counts["post"] += 1


_COLUMNS = {
    "organisations": ("id", "name", "name_key", "created_at", "updated_at"),
    "people": ("id", "name", "name_key", "created_at", "updated_at"),
    "missions": (
        "id",
        "slug",
        "title",
        "organisation",
        "author",
        "start_date",
        "end_date",
        "tz",
        "home_tz",
        "categories",
        "tags",
        "created_at",
        "updated_at",
    ),
    "itinerary_items": (
        "id",
        "mission_id",
        "kind",
        "title",
        "start_local",
        "start_tz",
        "start_utc",
        "local_date",
        "end_local",
        "end_tz",
        "end_utc",
        "location",
        "details",
        "visibility",
        "created_at",
        "updated_at",
    ),
    "meetings": (
        "id",
        "mission_id",
        "title",
        "at_local",
        "at_tz",
        "at_utc",
        "local_date",
        "location",
        "notes",
        "summary",
        "visibility",
        "itinerary_id",
        "created_at",
        "updated_at",
    ),
    "meeting_organisations": ("meeting_id", "organisation_id", "position"),
    "meeting_attendees": ("meeting_id", "person_id", "role", "organisation_id", "position"),
    "outcomes": (
        "id",
        "meeting_id",
        "position",
        "text",
        "amount",
        "currency",
        "created_at",
        "updated_at",
    ),
    "followups": (
        "id",
        "mission_id",
        "text",
        "owner",
        "day",
        "due",
        "status",
        "closed_on",
        "meeting_id",
        "visibility",
        "created_at",
        "updated_at",
    ),
    "day_posts": (
        "id",
        "mission_id",
        "day",
        "title",
        "place",
        "body",
        "status",
        "published_at",
        "created_at",
        "updated_at",
    ),
}


def build_archive(path: Path | str, entries: int = 100_000, seed: int = 1) -> Archive:
    """Write a new archive at `path` (which must not exist) and say what is in it."""
    path = Path(path)
    if path.exists():
        raise FileExistsError(f"{path} exists; the archive is only ever written to a new file")
    started = time.perf_counter()
    rng = random.Random(seed)
    builder = _Builder(rng, entries)
    missions = builder.build()
    store = Store.open(path)  # the real schema, migrations and pragmas
    try:
        conn: sqlite3.Connection = store.db.conn
        conn.execute("PRAGMA synchronous = OFF")  # this connection only; the data is rebuildable
        with store.db.atomic():
            for table, columns in _COLUMNS.items():
                marks = ", ".join("?" * len(columns))
                conn.executemany(
                    f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",
                    builder.rows[table],
                )
            for table in FTS_COLUMNS:
                conn.execute(f"INSERT INTO {table}_fts ({table}_fts) VALUES ('optimize')")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        store.close()
    counts = Counter(builder.counts)
    counts["mission"] = len(builder.rows["missions"])
    counts["person"] = len(builder.rows["people"])
    counts["organisation"] = len(builder.rows["organisations"])
    written = counts["itinerary"] + counts["meeting"] + counts["followup"]
    return Archive(
        path=path,
        entries=written,
        missions=missions,
        counts=counts,
        seconds=time.perf_counter() - started,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=100_000, help="default: 100000")
    parser.add_argument("--seed", type=int, default=1, help="default: 1")
    parser.add_argument("--out", type=Path, required=True, help="a new diary file to write")
    args = parser.parse_args(argv)
    if args.entries < 1:
        parser.error("--entries: at least 1")
    try:
        archive = build_archive(args.out, args.entries, args.seed)
    except FileExistsError as error:
        print(f"make_archive: {error}", file=sys.stderr)
        return 1
    parts = ", ".join(f"{count} {kind}" for kind, count in sorted(archive.counts.items()))
    print(f"{archive.path}: {archive.entries} entries in {archive.seconds:.1f} s ({parts})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
