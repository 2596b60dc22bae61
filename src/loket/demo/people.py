"""Synthetic residents, businesses and extra staff for the demo, deterministic per seed."""

import datetime
import random
import unicodedata

from faker import Faker

from loket.contacts.identifiers import digits

from .organisation import CENTRE, POSTAL_CODES, STREETS

EMAIL_DOMAINS = ["example.org", "example.com", "example.net"]  # reserved by RFC 2606: never delivered


def ascii_slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in plain.lower() if c.isalnum() or c == ".").strip(".")


def rijksregisternummer(rng: random.Random, born: datetime.date, female: bool) -> str:
    """A well-formed Belgian national number (YYMMDD-SSS-CC, 97-modulus) for a made-up person."""
    serial = rng.randrange(2 if female else 1, 998, 2)
    base = f"{born:%y%m%d}{serial:03d}"
    prefix = "2" if born.year >= 2000 else ""
    check = 97 - (int(prefix + base) % 97)
    return f"{base}{check:02d}"


def kbo_number(rng: random.Random) -> str:
    base = f"0{rng.randrange(2_000_000, 9_999_999):07d}"
    return f"{base}{97 - (int(base) % 97):02d}"


def format_kbo(number: str) -> str:
    number = digits(number)
    return f"{number[:4]}.{number[4:7]}.{number[7:]}"


def _address(rng: random.Random) -> tuple[str, str, str, str, tuple[float, float]]:
    town = "Heidebeek" if rng.random() < 0.78 else "Heikant"
    street = rng.choice(STREETS[town])
    centre = CENTRE if town == "Heidebeek" else (51.0932, 4.6411)
    spread = 0.012 if town == "Heidebeek" else 0.007
    point = (round(centre[0] + rng.uniform(-spread, spread), 6), round(centre[1] + rng.uniform(-spread, spread) * 1.5, 6))
    return street, str(rng.randint(1, 180)), POSTAL_CODES[town], town, point


def _phone(rng: random.Random, mobile: bool) -> str:
    if mobile:
        return f"+32 4{rng.randint(70, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}"
    return f"+32 3 {rng.randint(400, 499)} {rng.randint(10, 99)} {rng.randint(10, 99)}"


def residents(seed: int, count: int):
    """Yield dicts describing residents: ages follow a plausible municipal pyramid."""
    rng = random.Random(seed)
    fake = Faker("nl_BE")
    fake.seed_instance(seed)
    today = datetime.date(2026, 1, 1)
    for index in range(count):
        female = rng.random() < 0.51
        first = fake.first_name_female() if female else fake.first_name_male()
        last = fake.last_name()
        age = min(int(rng.triangular(0, 100, 42)), 99)
        born = today - datetime.timedelta(days=age * 365 + rng.randint(0, 364))
        street, number, postal_code, town, _ = _address(rng)
        has_email = age >= 16 and rng.random() < 0.82
        has_phone = age >= 14 and rng.random() < 0.9
        yield {
            "first_name": first, "last_name": last, "date_of_birth": born,
            "national_number": rijksregisternummer(rng, born, female),
            "street": street, "house_number": number, "postal_code": postal_code, "city": town,
            "email": f"{ascii_slug(first)}.{ascii_slug(last)}{index}@{rng.choice(EMAIL_DOMAINS)}" if has_email else "",
            "phone": _phone(rng, mobile=rng.random() < 0.8) if has_phone else "",
            "preferred_channel": "email" if has_email and rng.random() < 0.7 else ("telefoon" if has_phone else "post"),
        }


def businesses(seed: int, count: int):
    rng = random.Random(seed + 1)
    fake = Faker("nl_BE")
    fake.seed_instance(seed + 1)
    kinds = ["bakkerij", "kapsalon", "schrijnwerkerij", "café", "apotheek", "garage", "boekhoudkantoor",
             "bouwbedrijf", "tuinaannemer", "slagerij", "fietsenwinkel", "frituur", "dierenarts", "loodgieter"]
    for _index in range(count):
        kind = rng.choice(kinds)
        name = f"{kind.capitalize()} {fake.last_name()}" if rng.random() < 0.6 else fake.company()
        street, number, postal_code, town, _ = _address(rng)
        yield {
            "business_name": name, "business_number": format_kbo(kbo_number(rng)),
            "street": street, "house_number": number, "postal_code": postal_code, "city": town,
            "email": f"info@{ascii_slug(name.replace(' ', ''))[:30]}.example",
            "phone": _phone(rng, mobile=False),
            "preferred_channel": "email",
        }


def staff(seed: int, count: int):
    """Extra colleagues so departments look like real teams."""
    rng = random.Random(seed + 2)
    fake = Faker("nl_BE")
    fake.seed_instance(seed + 2)
    for index in range(count):
        female = rng.random() < 0.55
        first = fake.first_name_female() if female else fake.first_name_male()
        last = fake.last_name()
        yield {"first_name": first, "last_name": last, "username": f"{ascii_slug(first)}.{ascii_slug(last)}{index}"}


def belgian_public_holidays(year: int) -> list[tuple[datetime.date, str]]:
    from dateutil.easter import easter

    easter_sunday = easter(year)
    return [
        (datetime.date(year, 1, 1), "Nieuwjaar"),
        (easter_sunday + datetime.timedelta(days=1), "Paasmaandag"),
        (datetime.date(year, 5, 1), "Dag van de Arbeid"),
        (easter_sunday + datetime.timedelta(days=39), "Onze-Lieve-Heer-Hemelvaart"),
        (easter_sunday + datetime.timedelta(days=50), "Pinkstermaandag"),
        (datetime.date(year, 7, 11), "Feest van de Vlaamse Gemeenschap"),
        (datetime.date(year, 7, 21), "Nationale feestdag"),
        (datetime.date(year, 8, 15), "Onze-Lieve-Vrouw-Hemelvaart"),
        (datetime.date(year, 11, 1), "Allerheiligen"),
        (datetime.date(year, 11, 11), "Wapenstilstand"),
        (datetime.date(year, 12, 25), "Kerstmis"),
    ]
