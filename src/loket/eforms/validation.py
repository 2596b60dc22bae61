"""Checking and normalising one answer per field kind. Every message is Dutch and says what to do."""

from __future__ import annotations

import datetime
import decimal
import functools
import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from stdnum import iban as stdnum_iban

from loket.contacts import identifiers

from . import logic
from .models import ChoiceDisplay, FieldKind

YES, NO = "ja", "nee"
_DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y")
_RELATIVE = re.compile(r"^vandaag\s*(?:([+-])\s*(\d+))?$")


class Invalid(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


@functools.lru_cache(maxsize=256)
def _pattern(text: str):
    try:
        return re.compile(text)
    except re.error:
        return None


@functools.lru_cache(maxsize=1)
def _geocoder():
    from loket.meldingen.geocoding import geocoder

    return geocoder()


def resolve_date(text: str, today: datetime.date) -> datetime.date | None:
    """'2026-01-01', 'vandaag', 'vandaag+14', 'vandaag-6570' -> a date (None when empty or not understood)."""
    text = (text or "").strip().lower()
    if not text:
        return None
    match = _RELATIVE.match(text)
    if match:
        days = int(match.group(2) or 0)
        return today + datetime.timedelta(days=-days if match.group(1) == "-" else days)
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


def parse_date(text: str) -> datetime.date | None:
    text = (text or "").strip()
    for fmt in _DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _number(field, raw, *, amount: bool):
    number = logic.to_number(raw)
    if number is None or (raw and re.search(r"[^\d\s.,+-]", str(raw))):
        raise Invalid(_("Vul een bedrag in, bijvoorbeeld 12,50.") if amount else _("Vul een getal in."))
    if amount and number.as_tuple().exponent < -2:
        raise Invalid(_("Een bedrag heeft hoogstens twee cijfers na de komma."))
    if field.min_value is not None and number < field.min_value:
        raise Invalid(_("Vul minstens %(min)s in.") % {"min": format_number(field.min_value)})
    if field.max_value is not None and number > field.max_value:
        raise Invalid(_("Vul hoogstens %(max)s in.") % {"max": format_number(field.max_value)})
    if amount:
        return str(number.quantize(decimal.Decimal("0.01")))
    return format(number.normalize(), "f")


def format_number(value) -> str:
    number = logic.to_number(value)
    if number is None:
        return str(value or "")
    if number == number.to_integral():
        return f"{int(number):,}".replace(",", ".")
    return str(number.normalize()).replace(".", ",")


def format_amount(value) -> str:
    number = logic.to_number(value) or decimal.Decimal(0)
    text = f"{number.quantize(decimal.Decimal('0.01')):,.2f}"
    return "€ " + text.replace(",", "§").replace(".", ",").replace("§", ".")


def _text_length(field, text: str) -> None:
    if field.min_length and len(text) < field.min_length:
        raise Invalid(_("Vul minstens %(n)s tekens in.") % {"n": field.min_length})
    if field.max_length and len(text) > field.max_length:
        raise Invalid(_("Vul hoogstens %(n)s tekens in (nu %(len)s).") % {"n": field.max_length, "len": len(text)})


def clean(field, raw, *, today: datetime.date, country: str = "BE"):  # noqa: C901 - one branch per kind
    """The normalised value of ``raw`` for ``field`` (a FormField or CompiledField), or None when empty.

    Raises Invalid with a Dutch message. ``raw`` is a string (a list for checkboxes)."""
    kind = field.kind
    if kind == FieldKind.CHOICE and field.display == ChoiceDisplay.CHECKBOXES:
        values = [str(v) for v in (raw if isinstance(raw, list) else [raw]) if str(v or "").strip()]
        allowed = [str(o.get("value")) for o in field.options or []]
        if any(v not in allowed for v in values):
            raise Invalid(_("Kies uit de gegeven mogelijkheden."))
        if not values:
            if field.required:
                raise Invalid(_("Kies minstens één mogelijkheid."))
            return None
        return [v for v in allowed if v in values]
    if isinstance(raw, list):
        raw = raw[-1] if raw else ""
    text = str(raw if raw is not None else "").strip()
    if not text:
        if field.required:
            if kind in (FieldKind.CHOICE, FieldKind.YES_NO):
                raise Invalid(_("Maak een keuze."))
            raise Invalid(_("Dit veld is verplicht. Vul het in."))
        return None
    if kind in (FieldKind.TEXT, FieldKind.TEXTAREA):
        _text_length(field, text)
        if field.pattern:
            pattern = _pattern(field.pattern)
            if pattern is not None and not pattern.fullmatch(text):
                raise Invalid(field.pattern_message or _("Dit antwoord heeft niet de gevraagde vorm."))
        return text
    if kind == FieldKind.NUMBER:
        return _number(field, text, amount=False)
    if kind == FieldKind.AMOUNT:
        return _number(field, text.replace("€", "").replace("EUR", "").strip(), amount=True)
    if kind == FieldKind.DATE:
        date = parse_date(text)
        if date is None:
            raise Invalid(_("Vul een bestaande datum in, bijvoorbeeld 31-12-2026."))
        earliest, latest = resolve_date(field.min_date, today), resolve_date(field.max_date, today)
        if earliest and date < earliest:
            raise Invalid(_("De datum mag niet vóór %(date)s liggen.") % {"date": f"{earliest:%d-%m-%Y}"})
        if latest and date > latest:
            raise Invalid(_("De datum mag niet na %(date)s liggen.") % {"date": f"{latest:%d-%m-%Y}"})
        return date.isoformat()
    if kind == FieldKind.EMAIL:
        try:
            validate_email(text)
        except ValidationError:
            raise Invalid(_("Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.be.")) from None
        return identifiers.normalise_email(text)
    if kind == FieldKind.PHONE:
        phone = identifiers.normalise_phone(text, country)
        if not phone:
            raise Invalid(_("Vul een geldig telefoonnummer in, bijvoorbeeld 03 123 45 67 of +32 470 12 34 56."))
        return phone
    if kind == FieldKind.NATIONAL_NUMBER:
        if not identifiers.national_number_type(text):
            raise Invalid(_("Dit is geen geldig rijksregisternummer of BSN. Controleer de cijfers."))
        return identifiers.digits(text)
    if kind == FieldKind.IBAN:
        try:
            return stdnum_iban.format(stdnum_iban.validate(text))
        except Exception:  # noqa: BLE001 - stdnum raises several ValidationError subclasses
            raise Invalid(_("Dit is geen geldig IBAN-rekeningnummer, bijvoorbeeld BE71 0961 2345 6769.")) from None
    if kind == FieldKind.POSTCODE:
        compact = text.upper().replace(" ", "")
        if re.fullmatch(r"[1-9]\d{3}", compact):
            return compact
        if re.fullmatch(r"[1-9]\d{3}[A-Z]{2}", compact) and compact[4:] not in ("SA", "SD", "SS"):
            return f"{compact[:4]} {compact[4:]}"
        raise Invalid(_("Vul een geldige postcode in, bijvoorbeeld 2220 of 1234 AB."))
    if kind == FieldKind.ADDRESS:
        return _address(text)
    if kind == FieldKind.CHOICE:
        if text not in {str(o.get("value")) for o in field.options or []}:
            raise Invalid(_("Kies uit de gegeven mogelijkheden."))
        return text
    if kind == FieldKind.YES_NO:
        answer = text.lower()
        if answer not in (YES, NO):
            raise Invalid(_("Kies ja of nee."))
        return answer
    return text


def _address(text: str) -> str:
    if not re.search(r"\d", text):
        raise Invalid(_("Vul straat, huisnummer en gemeente in, bijvoorbeeld Kerkstraat 12, Heidebeek."))
    geocoder = _geocoder()
    street_part = text.split(",")[0]
    found = geocoder.search(street_part, limit=5)
    found = [a for a in found if a.number] or found
    if not found:
        raise Invalid(_("Wij vinden dit adres niet. Controleer de straatnaam en het huisnummer."))
    rest = text.split(",", 1)[1].strip().lower() if "," in text else ""
    if rest:
        matching = [a for a in found if a.city.lower() in rest or a.postal_code in rest]
        if not matching:
            raise Invalid(_("Wij vinden dit adres niet in die gemeente. Controleer de straat, het huisnummer en de "
                            "gemeente."))
        found = matching
    if len({(a.street, a.city) for a in found}) > 1:
        raise Invalid(_("Er zijn meerdere adressen die passen: %(list)s. Vul het volledige adres in.")
                      % {"list": "; ".join(a.label for a in found[:3])})
    return found[0].label


def address_suggestions(text: str, limit: int = 6) -> list[str]:
    if len((text or "").strip()) < 3:
        return []
    return [a.label for a in _geocoder().search(text.split(",")[0], limit=limit)]


def display(field, value) -> str:
    """An answer as residents and staff read it (summary, receipt, case document)."""
    if value is None or value == "" or value == []:
        return "—"
    kind = field.kind
    options = {str(o.get("value")): o.get("label", o.get("value")) for o in field.options or [] if isinstance(o, dict)}
    if isinstance(value, list):
        if kind == FieldKind.FILE:
            return ", ".join(str(v.get("name", "")) for v in value if isinstance(v, dict)) or "—"
        return ", ".join(str(options.get(str(v), v)) for v in value)
    if kind == FieldKind.CHOICE:
        return str(options.get(str(value), value))
    if kind == FieldKind.YES_NO:
        return _("Ja") if value == YES else _("Nee")
    if kind == FieldKind.DATE:
        date = parse_date(str(value))
        return f"{date:%d-%m-%Y}" if date else str(value)
    if kind == FieldKind.AMOUNT:
        return format_amount(value)
    if kind in (FieldKind.NUMBER, FieldKind.COMPUTED):
        return format_number(value)
    if kind == FieldKind.NATIONAL_NUMBER:
        return identifiers.mask(str(value))
    return str(value)
