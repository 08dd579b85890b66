"""Demo cases: realistic, deterministic for a seed, across the seven partner countries.

Used to try the program, in screenshots and in benchmarks. Names of companies, towns and people
carry their native diacritics; answers follow a company's overall maturity with some noise;
some interviews are left unfinished and statuses are mixed, as in a real broker's file.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from typing import Any

from brokerdesk.content import Library
from brokerdesk.domain.case import Case, new_document
from brokerdesk.domain.instrument import Instrument, Item
from brokerdesk.domain.scoring import score_case
from brokerdesk.services.cases import listing
from brokerdesk.services.unit_of_work import UnitOfWork

COUNTRIES: dict[str, dict[str, Any]] = {
    "PL": {
        "lang": "pl",
        "towns": [
            "Białystok",
            "Łódź",
            "Kraków",
            "Gdańsk",
            "Poznań",
            "Wrocław",
            "Rzeszów",
            "Bielsko-Biała",
            "Toruń",
            "Suwałki",
        ],
        "stems": [
            "Żuraw",
            "Bałtyk",
            "Mazur",
            "Świt",
            "Orzeł",
            "Łąka",
            "Wisła",
            "Podlasie",
            "Kłos",
            "Dąb",
        ],
        "forms": [
            "{stem} Sp. z o.o.",
            "Zakład {stem} S.A.",
            "{stem}-Tech Sp. z o.o.",
            "P.P.H.U. {stem}",
        ],
        "first": ["Małgorzata", "Wojciech", "Agnieszka", "Łukasz", "Żaneta", "Grzegorz"],
        "last": ["Wiśniewska", "Kowalczyk", "Zieliński", "Wróbel", "Dąbrowski", "Sołtys"],
        "langs": ["pl", "en", "de"],
    },
    "FI": {
        "lang": "fi",
        "towns": [
            "Tampere",
            "Oulu",
            "Jyväskylä",
            "Seinäjoki",
            "Hämeenlinna",
            "Kuopio",
            "Lappeenranta",
            "Vaasa",
            "Turku",
            "Mikkeli",
        ],
        "stems": [
            "Pohjola",
            "Kärki",
            "Järvi",
            "Metsä",
            "Säde",
            "Kivi",
            "Tähti",
            "Myrsky",
            "Häme",
            "Lumo",
        ],
        "forms": ["{stem} Oy", "{stem}tekniikka Oy", "Oy {stem} Ab", "{stem} Solutions Oy"],
        "first": ["Päivi", "Jyrki", "Sanna", "Mikko", "Tiina", "Jääskö"],
        "last": ["Mäkinen", "Hämäläinen", "Järvinen", "Virtanen", "Kärkkäinen", "Nieminen"],
        "langs": ["fi", "sv", "en"],
    },
    "DK": {
        "lang": "da",
        "towns": [
            "Århus",
            "Ålborg",
            "Odense",
            "Næstved",
            "Køge",
            "Esbjerg",
            "Herning",
            "Roskilde",
            "Sønderborg",
            "Vejle",
        ],
        "stems": [
            "Nørre",
            "Søndergaard",
            "Havblik",
            "Fjord",
            "Lærke",
            "Østkyst",
            "Ægir",
            "Bølge",
            "Skov",
            "Mølle",
        ],
        "forms": ["{stem} ApS", "{stem} A/S", "{stem} Teknik ApS", "{stem} & Søn A/S"],
        "first": ["Søren", "Mette", "Jørgen", "Birgitte", "Ørsted", "Astrid"],
        "last": ["Sørensen", "Højgaard", "Møller", "Kjærgaard", "Nørgaard", "Jensen"],
        "langs": ["da", "en", "de"],
    },
    "DE": {
        "lang": "de",
        "towns": [
            "Rostock",
            "Greifswald",
            "Lübeck",
            "Kiel",
            "Schwerin",
            "Flensburg",
            "Göttingen",
            "Würzburg",
            "Hamburg",
            "Stralsund",
        ],
        "stems": [
            "Nordlicht",
            "Küstenwerk",
            "Brückner",
            "Möwe",
            "Hanse",
            "Grün",
            "Säge",
            "Müller",
            "Weißdorn",
            "Störtebeker",
        ],
        "forms": [
            "{stem} GmbH",
            "{stem} GmbH & Co. KG",
            "{stem} Maschinenbau GmbH",
            "{stem} Technik UG",
        ],
        "first": ["Jürgen", "Käthe", "Matthias", "Özlem", "Sören", "Ulrike"],
        "last": ["Müller", "Schäfer", "Größer", "Köhler", "Weiß", "Bäcker"],
        "langs": ["de", "en", "pl"],
    },
    "EE": {
        "lang": "et",
        "towns": [
            "Tartu",
            "Pärnu",
            "Narva",
            "Viljandi",
            "Rakvere",
            "Kuressaare",
            "Võru",
            "Jõhvi",
            "Haapsalu",
            "Tallinn",
        ],
        "stems": [
            "Põhja",
            "Järve",
            "Mõisa",
            "Sõõru",
            "Kärbes",
            "Õun",
            "Tähe",
            "Lääne",
            "Küla",
            "Ääre",
        ],
        "forms": ["{stem} OÜ", "{stem} AS", "{stem} Tehnika OÜ", "{stem} Puit OÜ"],
        "first": ["Tõnu", "Külli", "Jüri", "Mari-Liis", "Sõber", "Ülle"],
        "last": ["Tamm", "Sepp", "Mägi", "Kõiv", "Pärn", "Õunapuu"],
        "langs": ["et", "en", "ru", "fi"],
    },
    "LT": {
        "lang": "lt",
        "towns": [
            "Kaunas",
            "Klaipėda",
            "Šiauliai",
            "Panevėžys",
            "Alytus",
            "Marijampolė",
            "Utena",
            "Telšiai",
            "Vilnius",
            "Tauragė",
        ],
        "stems": [
            "Žalgiris",
            "Šilas",
            "Ąžuolas",
            "Gintaras",
            "Vėtra",
            "Ūkis",
            "Nemunas",
            "Žiburys",
            "Baltija",
            "Šaltinis",
        ],
        "forms": ["UAB „{stem}“", "AB „{stem}“", "UAB „{stem} technika“", "MB „{stem}“"],
        "first": ["Jūratė", "Žydrūnas", "Aušra", "Vytautas", "Rūta", "Gintarė"],
        "last": [
            "Kazlauskas",
            "Jankauskienė",
            "Petrauskas",
            "Žukauskaitė",
            "Stankevičius",
            "Vaitkutė",
        ],
        "langs": ["lt", "en", "ru", "pl"],
    },
    "LV": {
        "lang": "lv",
        "towns": [
            "Rīga",
            "Daugavpils",
            "Liepāja",
            "Jelgava",
            "Jūrmala",
            "Ventspils",
            "Rēzekne",
            "Valmiera",
            "Cēsis",
            "Ogre",
        ],
        "stems": [
            "Dzintars",
            "Gaujas",
            "Ķemeri",
            "Zīle",
            "Ābele",
            "Šķēpi",
            "Ozols",
            "Saule",
            "Ēvele",
            "Latgale",
        ],
        "forms": ["SIA „{stem}“", "AS „{stem}“", "SIA „{stem} tehnika“", "SIA „{stem} Baltic“"],
        "first": ["Ģirts", "Ilze", "Kārlis", "Līga", "Māris", "Dace"],
        "last": ["Bērziņš", "Kalniņa", "Ozoliņš", "Liepiņa", "Krūmiņš", "Zīverte"],
        "langs": ["lv", "en", "ru"],
    },
}

# Each demo town in its NUTS-2 region, so that a case's town and region agree.
TOWN_REGIONS = {
    "Białystok": "PL84",
    "Łódź": "PL71",
    "Kraków": "PL21",
    "Gdańsk": "PL63",
    "Poznań": "PL41",
    "Wrocław": "PL51",
    "Rzeszów": "PL82",
    "Bielsko-Biała": "PL22",
    "Toruń": "PL61",
    "Suwałki": "PL84",
    "Tampere": "FI19",
    "Oulu": "FI1D",
    "Jyväskylä": "FI19",
    "Seinäjoki": "FI19",
    "Hämeenlinna": "FI1C",
    "Kuopio": "FI1D",
    "Lappeenranta": "FI1C",
    "Vaasa": "FI19",
    "Turku": "FI1C",
    "Mikkeli": "FI1D",
    "Århus": "DK04",
    "Ålborg": "DK05",
    "Odense": "DK03",
    "Næstved": "DK02",
    "Køge": "DK02",
    "Esbjerg": "DK03",
    "Herning": "DK04",
    "Roskilde": "DK02",
    "Sønderborg": "DK03",
    "Vejle": "DK03",
    "Rostock": "DE80",
    "Greifswald": "DE80",
    "Lübeck": "DEF0",
    "Kiel": "DEF0",
    "Schwerin": "DE80",
    "Flensburg": "DEF0",
    "Göttingen": "DE91",
    "Würzburg": "DE26",
    "Hamburg": "DE60",
    "Stralsund": "DE80",
    "Vilnius": "LT01",
}
DEFAULT_REGION = {"EE": "EE00", "LT": "LT02", "LV": "LV00"}
STRENGTHS = [
    "Committed owners, a product with a clear technical edge, and first export customers "
    "who reorder.",
    "Strong engineering team, certified quality management and capacity to grow output.",
    "A loyal domestic customer base, sound finances and managers who speak English and German.",
]
GAPS = [
    "No written plan for foreign markets, and little knowledge of target-market rules.",
    "Sales depend on one distributor; marketing material exists only in the home language.",
    "Thin finance for market entry, and no one in the company dedicated to export sales.",
]
NEXT_STEPS = [
    "Prepare a one-page export plan, then meet two distributors at the next trade fair.",
    "Contact the Enterprise Europe Network for a partner search in the target countries.",
    "Translate the product sheets and apply for support with the first market visit.",
]

AREAS = [
    ("product", "Precision machined components", "CNC-machined parts for food-processing lines."),
    ("product", "Modular timber houses", "Prefabricated timber house modules with design work."),
    ("service", "Industrial IoT monitoring", "Sensors and a web dashboard for machine uptime."),
    ("product", "Organic berry concentrates", "Cold-pressed concentrates for beverage makers."),
    (
        "competence",
        "Laser cladding know-how",
        "Repair of worn shafts and moulds by laser cladding.",
    ),
    ("service", "Software testing services", "Nearshore test automation for fintech companies."),
    ("product", "Recycled textile insulation", "Acoustic panels from recycled textile fibres."),
    ("product", "Marine electronics", "Navigation light controllers for small vessels."),
]
KEYWORDS = [
    "precision machining, food processing, stainless steel",
    "timber construction, modular housing, energy efficiency",
    "IoT, predictive maintenance, industrial software",
    "organic food, berries, beverage ingredients",
    "laser cladding, surface engineering, repair",
    "software testing, test automation, fintech",
    "circular economy, recycled textiles, acoustics",
    "marine electronics, navigation, boat building",
]
NACE = ["25", "16", "62", "10", "28", "62", "13", "26", "22", "27", "71", "31"]
STATUSES = [
    "draft",
    "interviewing",
    "interviewing",
    "assessed",
    "assessed",
    "partner_search",
    "closed",
]


def _scale(rng: random.Random, maturity: float) -> int | str:
    if rng.random() < 0.04:
        return "na"
    return max(0, min(4, round(rng.gauss(maturity, 0.9))))


def _profile(
    rng: random.Random, country: str, spec: dict[str, Any], library: Library, index: int
) -> dict[str, Any]:
    stem = rng.choice(spec["stems"])
    if index >= len(spec["stems"]) * len(spec["forms"]):
        # Past the simple names, double-barrelled ones, as real firms often are.
        stem = f"{stem}-{rng.choice([s for s in spec['stems'] if s != stem])}"
    company = rng.choice(spec["forms"]).format(stem=stem)
    size = rng.choice([(4, 0.6e6), (18, 2.5e6), (45, 8e6), (120, 25e6), (230, 48e6)])
    headcount = max(1, int(size[0] * rng.uniform(0.6, 1.2)))
    turnover = round(size[1] * rng.uniform(0.5, 1.3), -3)
    exports = rng.random() < 0.6
    regions = library.regions.get(country) or [("", "")]
    values: dict[str, Any] = {
        "company_name": company,
        "country": country,
        "town": (town := rng.choice(spec["towns"])),
        "region": TOWN_REGIONS.get(town) or DEFAULT_REGION.get(country) or rng.choice(regions)[0],
        "nace": rng.choice(NACE),
        "founded": rng.randint(1990, 2021),
        "headcount": headcount,
        "turnover": turnover,
        "balance_sheet": round(turnover * rng.uniform(0.4, 1.1), -3),
        "independence": rng.choice(["autonomous"] * 6 + ["partner", "linked"]),
        "languages": spec["langs"][: rng.randint(1, len(spec["langs"]))],
        # Required: without it no demo case would ever be complete.
        "sells_abroad": "yes" if exports else "no",
    }
    if exports:
        others = [c for c in COUNTRIES if c != country] + ["SE", "NO", "NL", "FR"]
        values["export_share"] = rng.randint(3, 70)
        values["foreign_markets"] = sorted(rng.sample(others, rng.randint(1, 4)))
    return values


def _fill(rng: random.Random, item: Item, values: dict[str, Any], maturity: float) -> Any:
    """A plausible answer to an item not covered by the profile generator."""
    if item.kind == "scale":
        return _scale(rng, maturity)
    if item.kind == "single":
        return rng.choice(item.choices).id
    if item.kind == "multi":
        return [c.id for c in rng.sample(item.choices, rng.randint(1, min(3, len(item.choices))))]
    if item.kind == "number":
        low = item.minimum if item.minimum is not None else 0
        high = item.maximum if item.maximum is not None else low + 20
        value = rng.uniform(low, min(high, low + 30))
        return int(value) if item.integer else round(value, 1)
    if item.kind == "countries":
        return sorted(rng.sample([c for c in COUNTRIES if c != values.get("country")], 2))
    return None


def _sentence(rng: random.Random, company: str) -> str:
    return rng.choice(
        [
            f"{company} is family-owned and the second generation now runs sales.",
            f"Met the CEO and the export manager of {company}; strong engineering culture.",
            f"{company} lost a distributor in 2023 and wants a more reliable channel.",
            f"{company} has capacity for about 30 % more output without new investment.",
        ]
    )


def demo_document(rng: random.Random, library: Library, index: int, start: dt.datetime) -> dict:
    instrument: Instrument = library.current
    country = list(COUNTRIES)[index % len(COUNTRIES)]
    spec = COUNTRIES[country]
    created = start - dt.timedelta(days=rng.randint(1, 700), minutes=rng.randint(0, 1440))
    stamp = created.isoformat(timespec="milliseconds").replace("+00:00", "Z")
    first, last = rng.choice(spec["first"]), rng.choice(spec["last"])
    doc = new_document(
        str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        instrument.key,
        stamp,
        broker={"name": f"{first} {last}", "country": country},
        report_language=spec["lang"],
    )
    case = Case(doc)
    status = rng.choice(STATUSES)
    progress = {"draft": 0.05, "interviewing": rng.uniform(0.2, 0.9)}.get(status, 1.0)
    maturity = rng.uniform(0.8, 3.4)
    values = _profile(rng, country, spec, library, index)
    for item in instrument.items():
        if item.id not in values and item.section != instrument.section("profile").id:
            if item.kind in ("text", "date", "nace", "region", "country", "languages"):
                continue
            values[item.id] = _fill(rng, item, values, maturity)
    kind = rng.randrange(len(AREAS))
    values["keywords"] = KEYWORDS[kind]
    values["summary_en"] = (
        f"{values['company_name']} ({country}) offers {AREAS[kind][1].lower()} and looks for "
        "partners to enter new markets in the Baltic Sea Region."
    )
    values["partner_sought"] = "An established distributor or integrator with own service staff."
    values["strengths"] = rng.choice(STRENGTHS)
    values["gaps"] = rng.choice(GAPS)
    values["next_steps"] = rng.choice(NEXT_STEPS)
    values["follow_up"] = (start + dt.timedelta(days=rng.randint(20, 120))).date().isoformat()
    answered = list(values.items())
    keep = max(1, int(len(answered) * progress))
    for item_id, value in answered[:keep]:
        if value is not None and instrument.has_item(item_id):
            case.set_answer(item_id, value, stamp)
    if progress >= 1.0 or rng.random() < progress:
        for n in range(rng.randint(1, 3)):
            kind_id, name, description = AREAS[(kind + n) % len(AREAS)]
            ratings = {
                c.id: max(0, min(4, round(rng.gauss(maturity, 1.1)))) for c in instrument.criteria
            }
            case.put(
                "areas",
                f"area-{n + 1}",
                {
                    "name": name,
                    "kind": kind_id,
                    "description": description,
                    "position": n,
                    "ratings": ratings,
                    "created": stamp,
                },
                stamp,
            )
    if rng.random() < 0.7:
        case.put(
            "notes",
            "note-1",
            {
                "text": _sentence(rng, values["company_name"]),
                "at": stamp,
                "author": f"{first} {last}",
            },
            stamp,
        )
    case.put(
        "contacts",
        "contact-1",
        {
            "name": f"{rng.choice(spec['first'])} {rng.choice(spec['last'])}",
            "role": "CEO",
            "consent": {"given": True, "date": stamp[:10], "purpose": "brokerage"},
        },
        stamp,
    )
    case.doc["status"] = status
    case.doc["updated"] = stamp
    return case.doc


def generate(uow: UnitOfWork, library: Library, count: int, seed: int = 1, batch: int = 500) -> int:
    """Adds ``count`` demo cases to the case file, deterministic for ``seed``."""
    rng = random.Random(seed)
    start = dt.datetime(2026, 11, 1, 9, 0, tzinfo=dt.UTC)
    made = 0
    while made < count:
        with uow:
            for _ in range(min(batch, count - made)):
                doc = demo_document(rng, library, made, start)
                case = Case(doc)
                result = score_case(library.instrument(case.instrument_key), case)
                uow.cases.save(doc, listing(case, result))
                made += 1
            uow.commit()
    return made
