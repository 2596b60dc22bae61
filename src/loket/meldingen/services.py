"""Meldingen: create (validate, classify, route, open the case, confirm), the state machine, reclassification,
split, merge, follow, feedback, photo approval and retention. Every function checks its rules, changes nothing when
one fails, and raises :class:`~loket.meldingen.exceptions.MeldingInvalid` / ``TransitionNotAllowed`` (Dutch text).

Each melding is a case (:mod:`loket.cases.services`): one case type per organisation (code in
``MeldingSettings.case_type_code``, default ``MELDING-OPENBARE-RUIMTE``, created on first use by
:func:`setup_case_type`) with the statuses Ontvangen / In behandeling / Afgehandeld; the department comes from routing.
"""

import copy
import datetime
import hashlib
import io
import logging
import secrets
import time

from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.cases import deadlines
from loket.cases import services as case_services
from loket.cases.models import ZaakType

from . import config_cache, geo
from .exceptions import MeldingInvalid, TransitionNotAllowed
from .models import (
    CLOSED_STATES,
    Category,
    Channel,
    Feedback,
    Follower,
    Melding,
    MeldingPhoto,
    MeldingSettings,
    Open311Client,
    State,
    StateChange,
)
from .taxonomy import DEFAULT_STATUS_TEXTS

logger = logging.getLogger(__name__)

MAX_TEXT = 5000
MAX_PHOTOS = 5
MAX_PHOTO_BYTES = getattr(django_settings, "LOKET_MELDING_MAX_PHOTO_BYTES", 10 * 1024 * 1024)
MAX_PHOTO_PIXELS = 50_000_000
DISPLAY_SIZE = 1600
IMAGE_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}

# The state machine: which state may follow which.
_WORKING = {State.AWAITING, State.IN_PROGRESS, State.PLANNED, State.ON_HOLD, State.FORWARDED, State.HANDLED,
            State.CANCELLED}
TRANSITIONS: dict[str, frozenset] = {
    State.REPORTED: frozenset(_WORKING),
    State.AWAITING: frozenset(_WORKING - {State.AWAITING}),
    State.IN_PROGRESS: frozenset(_WORKING - {State.IN_PROGRESS}),
    State.PLANNED: frozenset(_WORKING - {State.PLANNED}),
    State.ON_HOLD: frozenset(_WORKING - {State.ON_HOLD}),
    State.FORWARDED: frozenset({State.AWAITING, State.IN_PROGRESS, State.PLANNED, State.HANDLED, State.CANCELLED}),
    State.HANDLED: frozenset({State.REOPEN_REQUESTED, State.REOPENED}),
    State.CANCELLED: frozenset({State.REOPENED}),
    State.REOPEN_REQUESTED: frozenset({State.REOPENED, State.HANDLED}),
    State.REOPENED: frozenset(_WORKING),
}
# Case statuses (by position in the case type) that follow the melding's state.
_CASE_RUNNING = {State.IN_PROGRESS, State.PLANNED, State.ON_HOLD, State.FORWARDED, State.AWAITING}


def allowed_transitions(melding: Melding) -> list[str]:
    return [s for s in State.values if s in TRANSITIONS[melding.state]]


def _is_user(actor) -> bool:
    return actor is not None and getattr(actor, "is_authenticated", False)


def _actor_label(actor) -> str:
    if _is_user(actor):
        return actor.get_full_name() or actor.get_username()
    return str(actor) if actor else _("Systeem")


# -- Settings and case type ----------------------------------------------------------------------------------------


_SETTINGS_CACHE: dict[int, tuple[float, MeldingSettings]] = {}
SETTINGS_CACHE_SECONDS = 30


def settings_for(organisation) -> MeldingSettings:
    """The organisation's settings (defaults when none are stored), cached in the process for 30 s: every report
    and every nearby look-up reads them. A change through :func:`configure` clears the cache of this process."""
    now = time.monotonic()
    cached = _SETTINGS_CACHE.get(organisation.pk)
    if cached and now - cached[0] < SETTINGS_CACHE_SECONDS:
        return cached[1]
    row = MeldingSettings.objects.filter(organisation=organisation).first() or MeldingSettings(organisation=organisation)
    _SETTINGS_CACHE[organisation.pk] = (now, row)
    return row


@transaction.atomic
def configure(*, organisation, **fields) -> MeldingSettings:
    """Create or change the organisation's melding settings (boundary, duplicate radius and age, threshold, ...)."""
    boundary = fields.get("boundary")
    if boundary is not None and not geo.valid_polygon(boundary):
        raise MeldingInvalid({"boundary": [_("De grens moet een GeoJSON Polygon of MultiPolygon zijn.")]})
    row, _created = MeldingSettings.objects.update_or_create(organisation=organisation, defaults=fields)
    _SETTINGS_CACHE.pop(organisation.pk, None)
    transaction.on_commit(lambda: _SETTINGS_CACHE.pop(organisation.pk, None))
    return row


@transaction.atomic
def setup_case_type(*, organisation, department, code: str | None = None):
    """The case type for meldingen (published), created when missing. Returns the ZaakType."""
    from loket.cases.models import Catalogus

    code = code or settings_for(organisation).case_type_code
    existing = ZaakType.objects.filter(catalogus__organisation=organisation, identificatie=code, concept=False).first()
    if existing:
        return existing
    catalogus = Catalogus.objects.filter(organisation=organisation).order_by("pk").first()
    if catalogus is None:
        catalogus = case_services.create_catalogus(organisation=organisation, naam="Zaaktypecatalogus", domein="MOR")
    zaaktype = case_services.create_case_type(
        catalogus=catalogus, identificatie=code, omschrijving="Melding openbare ruimte", department=department,
        doorlooptijd_days=15, begin_geldigheid=datetime.date(2000, 1, 1),
        selectielijst_procestype="388645ae-bb7f-4b2b-ba70-94b70f713d45",  # 15 Onderhouden en repareren
        vertrouwelijkheidaanduiding="intern",
    )
    for name in ("Ontvangen", "In behandeling", "Afgehandeld"):
        case_services.add_status_type(zaaktype=zaaktype, omschrijving=name)
    case_services.add_result_type(zaaktype=zaaktype, omschrijving="Afgehandeld", archiefnominatie="vernietigen",
                                  archiefactietermijn="P1Y")
    case_services.add_result_type(zaaktype=zaaktype, omschrijving="Geannuleerd", archiefnominatie="vernietigen",
                                  archiefactietermijn="P1Y")
    case_services.add_role_type(zaaktype=zaaktype, omschrijving="Melder", omschrijving_generiek="initiator")
    return case_services.publish_case_type(zaaktype=zaaktype)


# -- Categories ----------------------------------------------------------------------------------------------------


def sub_category(organisation, value) -> Category | None:
    """A sub category from a Category, a pk or a sub slug."""
    if value is None or value == "":
        return None
    if isinstance(value, Category):
        return value if value.organisation_id == organisation.pk and value.parent_id else None
    config = config_cache.config_for(organisation)  # no query per report: see config_cache
    if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
        found = config.category(int(value))
        return found if found is not None and found.parent_id else None
    return config.sub_by_slug(str(value))


def classify_text(text: str, organisation=None):
    """The classifier's answer (meld-classifier's ``classify``), or None when it is not available."""
    try:
        from loket.meldingen.classification import classify
    except ImportError:
        logger.warning("meldingen classifier not available")
        return None
    try:
        return classify(text, organisation=organisation)
    except Exception:  # a broken model must not stop residents from reporting: staff triage instead
        logger.exception("classification failed")
        return None


def _ranked(items) -> list[dict]:
    return [{"slug": r.slug, "name": r.name, "confidence": round(float(r.confidence), 4)} for r in items]


# -- Validation ----------------------------------------------------------------------------------------------------


def _check_text(text, errors):
    text = (text or "").strip()
    if not text:
        errors.setdefault("text", []).append(_("Beschrijf wat u wilt melden."))
    elif len(text) > MAX_TEXT:
        errors.setdefault("text", []).append(
            _("Uw beschrijving is %(count)s tekens lang; het maximum is %(max)s. Maak ze korter.")
            % {"count": len(text), "max": MAX_TEXT})
    return text


def _check_location(organisation, latitude, longitude, errors):
    try:
        lat, lon = float(latitude), float(longitude)
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise ValueError
    except (TypeError, ValueError):
        errors.setdefault("location", []).append(_("Kies een plaats: zoek een adres, duid een punt aan op de kaart "
                                                   "of gebruik uw huidige locatie."))
        return None, None
    boundary = settings_for(organisation).boundary
    if boundary and not geo.contains(boundary, lat, lon):
        errors.setdefault("location", []).append(
            _("Deze plaats ligt buiten %(name)s. Meld het bij de gemeente waar het is.") % {"name": organisation.name})
    return lat, lon


def check_photo(file) -> tuple[bytes, str]:
    """The photo's bytes and content type, or a Dutch error message (raised as ValueError)."""
    from PIL import Image, UnidentifiedImageError

    name = getattr(file, "name", "") or _("foto")
    size = getattr(file, "size", None)
    if size is not None and size > MAX_PHOTO_BYTES:
        raise ValueError(_("%(name)s is te groot (%(size)s MB); een foto mag hoogstens %(max)s MB zijn.")
                         % {"name": name, "size": round(size / 1024 / 1024, 1), "max": MAX_PHOTO_BYTES // 1024 // 1024})
    data = file.read(MAX_PHOTO_BYTES + 1)
    if len(data) > MAX_PHOTO_BYTES:
        raise ValueError(_("%(name)s is te groot; een foto mag hoogstens %(max)s MB zijn.")
                         % {"name": name, "max": MAX_PHOTO_BYTES // 1024 // 1024})
    try:
        with Image.open(io.BytesIO(data)) as image:
            image_format = image.format
            if image.width * image.height > MAX_PHOTO_PIXELS:
                raise ValueError(_("%(name)s heeft te veel pixels.") % {"name": name})
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise ValueError(_("%(name)s is geen foto (kies een JPEG-, PNG- of WebP-bestand).") % {"name": name}) from None
    if image_format not in IMAGE_FORMATS:
        raise ValueError(_("%(name)s is geen foto (kies een JPEG-, PNG- of WebP-bestand).") % {"name": name})
    return data, IMAGE_FORMATS[image_format]


def _display_copy(data: bytes) -> tuple[bytes, int, int]:
    """A resized JPEG without any metadata (EXIF, GPS): orientation applied, only the pixels copied."""
    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(data)) as image:
        image = ImageOps.exif_transpose(image)
        image.thumbnail((DISPLAY_SIZE, DISPLAY_SIZE))
        if image.mode not in ("RGB", "L"):
            background = Image.new("RGB", image.size, "white")
            rgba = image.convert("RGBA")
            background.paste(rgba, mask=rgba.split()[-1])
            image = background
        clean = Image.new(image.mode, image.size)  # a fresh image: no info, EXIF, GPS or ICC data comes along
        clean.paste(image)
        out = io.BytesIO()
        clean.save(out, "JPEG", quality=82, optimize=True)
        return out.getvalue(), clean.width, clean.height


def _check_answers(category: Category | None, answers, errors) -> dict:
    answers = dict(answers or {})
    if category is None:
        return {}
    clean = {}
    for question in category.extra_questions or []:
        key, kind = question.get("key"), question.get("type", "text")
        value = answers.get(key)
        if value in (None, "", []):
            if question.get("required"):
                errors.setdefault(f"answers.{key}", []).append(_("Beantwoord: %(label)s") % {"label": question.get("label")})
            continue
        if kind == "boolean":
            clean[key] = value in (True, "true", "True", "1", "on", "ja", 1)
        elif kind == "number":
            try:
                clean[key] = float(value)
            except (TypeError, ValueError):
                errors.setdefault(f"answers.{key}", []).append(_("Geef een getal."))
        elif kind == "choice":
            if value not in question.get("choices", []):
                errors.setdefault(f"answers.{key}", []).append(_("Kies een van de mogelijkheden."))
            else:
                clean[key] = value
        else:
            clean[key] = str(value)[:500]
    return clean


# -- Routing -------------------------------------------------------------------------------------------------------


def route(*, organisation, category: Category, latitude: float, longitude: float, moment=None):
    """The first fitting routing rule (or None), and the department and partner it (or the category) gives."""
    moment = timezone.localtime(moment or timezone.now())
    for rule, category_ids in config_cache.config_for(organisation).rules:  # cached with categories, department, partner
        if category_ids and not ({category.pk, category.parent_id} & category_ids):
            continue
        if rule.area and not geo.contains(rule.area, latitude, longitude):
            continue
        if rule.weekdays and moment.weekday() not in rule.weekdays:
            continue
        if rule.start_time and rule.end_time:
            now = moment.time()
            inside = (rule.start_time <= now < rule.end_time) if rule.start_time <= rule.end_time else \
                (now >= rule.start_time or now < rule.end_time)  # a window over midnight
            if not inside:
                continue
        return rule, rule.department, rule.partner
    department = category.department or (category.parent.department if category.parent_id else None) \
        or settings_for(organisation).default_department
    return None, department, None


# -- Create --------------------------------------------------------------------------------------------------------


def _deadlines(organisation, category: Category, start: datetime.date):
    days, working = category.deadline_days, category.deadline_working_days
    return (deadlines.add_days(organisation, start, days, working=working),
            deadlines.add_days(organisation, start, days * 3, working=working))


def create_melding(*, organisation, text: str, latitude, longitude, address: str = "", category=None, photos=(),
                   answers: dict | None = None, party=None, reporter_name: str = "", reporter_email: str = "",
                   reporter_phone: str = "", wants_updates: bool = False, channel: str = Channel.WEB, actor=None,
                   api_client: Open311Client | None = None) -> Melding:
    """Validate, classify (unless ``category`` is given by staff or an API client), route, create the case, store the
    photos and queue the confirmation. All input problems are reported at once in ``MeldingInvalid.errors``."""
    errors: dict[str, list[str]] = {}
    text = _check_text(text, errors)
    lat, lon = _check_location(organisation, latitude, longitude, errors)
    given = None
    if category not in (None, ""):
        given = sub_category(organisation, category)
        if given is None or not given.is_active:
            errors.setdefault("category", []).append(_("Kies een bestaande categorie."))
    photos = [p for p in (photos or []) if p]
    if len(photos) > MAX_PHOTOS:
        errors.setdefault("photos", []).append(_("U kunt hoogstens %(max)s foto's toevoegen.") % {"max": MAX_PHOTOS})
    checked = []
    for photo in photos[:MAX_PHOTOS]:
        try:
            checked.append(check_photo(photo))
        except ValueError as exc:
            errors.setdefault("photos", []).append(str(exc))
    reporter_email = (reporter_email or "").strip()
    if reporter_email:
        from django.core.exceptions import ValidationError
        from django.core.validators import validate_email

        try:
            validate_email(reporter_email)
        except ValidationError:
            errors.setdefault("reporter_email", []).append(_("Dit e-mailadres klopt niet."))
    if wants_updates and not reporter_email and not (party is not None and _party_email(party)):
        errors.setdefault("reporter_email", []).append(_("Geef een e-mailadres om updates te krijgen."))
    if party is not None and party.organisation_id != organisation.pk:
        errors.setdefault("party", []).append(_("Deze persoon hoort niet bij deze organisatie."))
    answers_clean = _check_answers(given, answers, errors)
    if errors:
        raise MeldingInvalid(errors)

    config = settings_for(organisation)
    suggestions, confidence = {}, None
    if given is not None:
        sub, needs_triage = given, False
    else:
        result = classify_text(text, organisation)
        sub = None
        if result is not None and result.sub:
            suggestions = {"main": _ranked(result.main[:3]), "sub": _ranked(result.sub[:3])}
            confidence = float(result.sub[0].confidence)
            sub = sub_category(organisation, result.sub[0].slug)
        if sub is None:
            config_ = config_cache.config_for(organisation)
            sub = config_.sub_by_slug("overig") or next(
                (copy.copy(c) for c in sorted(config_.categories.values(), key=lambda c: (c.name, c.pk)) if c.parent_id),
                None)
            confidence = 0.0 if confidence is None else confidence
        if sub is None:
            raise MeldingInvalid({"category": [_("Er zijn nog geen categorieën ingesteld voor meldingen.")]})
        needs_triage = confidence is None or confidence < config.triage_threshold
    rule, department, partner = route(organisation=organisation, category=sub, latitude=lat, longitude=lon)
    with transaction.atomic():
        zaaktype = _zaaktype(organisation, department or sub.department)
        today = deadlines.today()
        deadline, deadline_3x = _deadlines(organisation, sub, today)
        zaak = case_services.create_case(
            organisation=organisation, zaaktype=zaaktype, omschrijving=_case_title(sub, text), actor=actor if _is_user(actor) else None,
            toelichting=text, initiator=party, department=department, communicatiekanaal=str(channel),
            source_app="meldingen", start_process=False,
        )
        melding = Melding.objects.create(
            organisation=organisation, zaak=zaak, text=text, latitude=lat, longitude=lon, address=(address or "")[:300],
            category=sub, main_category=sub.parent, classifier_confidence=confidence, classifier_suggestions=suggestions,
            needs_triage=needs_triage, answers=answers_clean, department=department or zaak.department, partner=partner,
            routing_rule=rule, party=party, reporter_name=(reporter_name or "").strip()[:200], reporter_email=reporter_email,
            reporter_phone=(reporter_phone or "").strip()[:40], wants_updates=bool(wants_updates), channel=channel,
            api_client=api_client, deadline=deadline, deadline_3x=deadline_3x,
            created_by=actor if _is_user(actor) else None,
        )
        melding.zaak = zaak
        for data, content_type in checked:
            _store_photo(melding, data, content_type)
        first_rows = [StateChange(
            melding=melding, kind="state", to_state=State.REPORTED, actor=actor if _is_user(actor) else None,
            actor_label=_actor_label(actor), note=_("Gemeld via %(channel)s.") % {"channel": Channel(channel).label},
            public_text=sub.handling_message,
        )]
        if rule is not None:
            first_rows.append(StateChange(melding=melding, kind="routed", actor_label=_actor_label(None),
                                          note=_("Gerouteerd door regel: %(rule)s") % {"rule": rule.name}))
        StateChange.objects.bulk_create(first_rows)  # one INSERT for the first history rows
        _confirm(melding)
        if partner is not None:  # the melding is new in this transaction: no lock, no savepoint needed
            melding = _transition(melding, to_state=State.FORWARDED, actor=None, public_text=None, notify=True, new=True,
                                  note=_("Doorgestuurd naar %(partner)s (regel: %(rule)s).") % {"partner": partner.name,
                                                                                                 "rule": rule.name})
    return melding


def _case_title(category: Category, text: str) -> str:
    title = f"{category.name}: {' '.join(text.split())}"
    return title if len(title) <= 80 else title[:77].rstrip() + "..."


def _party_email(party) -> str:
    for attribute in ("email", "preferred_email"):
        value = getattr(party, attribute, "")
        if value:
            return str(value)
    return ""


def _zaaktype(organisation, department):
    """The published melding case type (created when missing): a ZaakType, so the case service looks for the version
    valid today in its catalogue only, instead of in every catalogue of the organisation by code."""
    code = settings_for(organisation).case_type_code
    zaaktype = config_cache.case_type(organisation, code)
    if zaaktype is None:
        from loket.platform.organisations.models import Department

        department = department or Department.objects.filter(organisation=organisation).order_by("pk").first()
        if department is None:
            raise MeldingInvalid({"category": [_("Deze organisatie heeft nog geen afdeling om meldingen te behandelen.")]})
        zaaktype = setup_case_type(organisation=organisation, department=department, code=code)
    return zaaktype


def _store_photo(melding: Melding, data: bytes, content_type: str) -> MeldingPhoto:
    display, width, height = _display_copy(data)
    extension = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "image/gif": "gif"}[content_type]
    name = secrets.token_hex(12)
    photo = MeldingPhoto(melding=melding, width=width, height=height, content_type=content_type)
    photo.original.save(f"{name}.{extension}", ContentFile(data), save=False)
    photo.display.save(f"{name}.jpg", ContentFile(display), save=False)
    photo.save()
    return photo


# -- Reporter communication ----------------------------------------------------------------------------------------


def recipients(melding: Melding, *, new: bool = False) -> list[str]:
    """Who gets this melding's updates: its reporter (if they asked), its followers and the reporters of meldingen
    merged into it. ``new``: made in the current transaction, so nobody follows it and nothing is merged into it yet
    (no queries)."""
    found = []
    for item in [melding, *(() if new else Melding.objects.filter(merged_into=melding))]:
        if item.wants_updates and item.anonymised_at is None:
            email = item.reporter_email or (_party_email(item.party) if item.party_id else "")
            if email:
                found.append(email)
    if not new:
        found += list(Follower.objects.filter(melding=melding).values_list("email", flat=True))
    return list(dict.fromkeys(e.lower() for e in found))


def status_url(melding: Melding) -> str:
    from django.urls import reverse

    base = getattr(django_settings, "LOKET_PUBLIC_URL", "").rstrip("/")
    return f"{base}{reverse('meldingen:status', args=[melding.token])}"


def _send(melding: Melding, subject: str, body: str, to: list[str]) -> None:
    from loket.platform.messaging.services import queue_email

    footer = _("Volg uw melding: %(url)s") % {"url": status_url(melding)}
    for address in to:
        queue_email(organisation=melding.organisation, to=[address], subject=subject, body_text=f"{body}\n\n{footer}\n")


def _confirm(melding: Melding) -> None:
    email = melding.reporter_email or (_party_email(melding.party) if melding.party_id else "")
    if not email:
        return
    body = _("Bedankt voor uw melding over %(category)s (%(address)s).\n\nUw meldingnummer is %(number)s.\n\n%(message)s") % {
        "category": melding.category.name, "address": melding.address or _("de aangeduide plaats"),
        "number": melding.reference, "message": melding.category.handling_message,
    }
    _send(melding, _("Uw melding %(number)s is ontvangen") % {"number": melding.reference}, body, [email])


def _history(melding, kind, *, actor, note="", from_state="", to_state="", public_text="") -> StateChange:
    return StateChange.objects.create(
        melding=melding, kind=kind, from_state=from_state, to_state=to_state, note=note, public_text=public_text,
        actor=actor if _is_user(actor) else None, actor_label=_actor_label(actor),
    )


def status_text(melding: Melding, state: str) -> str:
    texts = melding.category.status_texts or {}
    return texts.get(state) or DEFAULT_STATUS_TEXTS.get(state, "")


# -- State machine -------------------------------------------------------------------------------------------------


def _lock(melding: Melding) -> Melding:
    return Melding.objects.select_for_update(of=("self",)).select_related("category", "category__parent", "zaak").get(pk=melding.pk)


@transaction.atomic
def transition(*, melding: Melding, to_state: str, actor=None, note: str = "", public_text: str | None = None,
               notify: bool = True) -> Melding:
    """Move the melding to ``to_state`` if the state machine allows it; history row, case status, reporter update
    (``public_text`` or the category's standard text for the new state)."""
    return _transition(_lock(melding), to_state=to_state, actor=actor, note=note, public_text=public_text,
                       notify=notify)


def _transition(melding: Melding, *, to_state: str, actor, note: str, public_text: str | None, notify: bool,
                new: bool = False) -> Melding:
    """:func:`transition` for a melding already locked (or, ``new``, made) in the caller's transaction."""
    if to_state not in State.values:
        raise TransitionNotAllowed(_("Onbekende status."), field="state")
    if to_state not in TRANSITIONS[melding.state]:
        raise TransitionNotAllowed(
            _("Een melding met status '%(from)s' kan niet naar '%(to)s'.")
            % {"from": State(melding.state).label, "to": State(to_state).label}, field="state")
    if to_state == State.FORWARDED and melding.partner_id is None:
        raise TransitionNotAllowed(_("Kies eerst de partner naar wie de melding gaat."), field="partner")
    previous = melding.state
    now = timezone.now()
    melding.state, melding.state_changed_at = to_state, now
    melding.is_open = to_state not in CLOSED_STATES
    if to_state in CLOSED_STATES:
        melding.closed_at = now
    elif to_state == State.REOPENED:
        melding.closed_at = None
    melding.save(update_fields=["state", "state_changed_at", "is_open", "closed_at", "updated_at"])
    text = status_text(melding, to_state) if public_text is None else public_text
    _history(melding, "state", actor=actor, note=note, from_state=previous, to_state=to_state, public_text=text)
    _sync_case(melding, previous, to_state, note)
    if notify and text:
        to = recipients(melding, new=new)
        if to:
            _send(melding, _("Update over uw melding %(number)s: %(state)s")
                  % {"number": melding.reference, "state": State(to_state).label}, text, to)
    return melding


def _sync_case(melding: Melding, previous: str, to_state: str, note: str) -> None:
    zaak = melding.zaak
    if zaak is None:
        return
    statustypen = list(zaak.zaaktype.statustypen.order_by("volgnummer"))
    reason = note or State(to_state).label
    if to_state in CLOSED_STATES and not zaak.is_closed:
        result = "Afgehandeld" if to_state == State.HANDLED else "Geannuleerd"
        resultaattype = zaak.zaaktype.resultaattypen.filter(omschrijving=result).first() or \
            zaak.zaaktype.resultaattypen.first()
        case_services.close_case(zaak=zaak, resultaattype=resultaattype, toelichting=reason[:1000],
                                 cancel_open_tasks=True)
    elif to_state == State.REOPENED and zaak.is_closed:
        case_services.reopen_case(zaak=zaak, reason=reason[:500])
    elif to_state in _CASE_RUNNING and len(statustypen) > 2 and zaak.current_statustype_id == statustypen[0].pk:
        case_services.set_status(zaak=zaak, statustype=statustypen[1], toelichting=reason[:1000])


@transaction.atomic
def assign(*, melding: Melding, actor, department=None, partner=None, note: str = "") -> Melding:
    """Change the department (and case department) or set the partner; forwarding needs a partner first."""
    melding = _lock(melding)
    if department is not None and department.organisation_id != melding.organisation_id:
        raise MeldingInvalid({"department": [_("Deze afdeling hoort niet bij de organisatie.")]})
    changes = []
    if department is not None and department.pk != melding.department_id:
        melding.department = department
        changes.append(_("afdeling: %(name)s") % {"name": department.name})
        if melding.zaak_id and not melding.zaak.is_closed:
            case_services.assign_case(zaak=melding.zaak, department=department)
    if partner is not None and partner.pk != melding.partner_id:
        melding.partner = partner
        changes.append(_("partner: %(name)s") % {"name": partner.name})
    if changes:
        melding.save(update_fields=["department", "partner", "updated_at"])
        _history(melding, "assigned", actor=actor, note="; ".join(changes) + (f" — {note}" if note else ""))
    return melding


@transaction.atomic
def reclassify(*, melding: Melding, category, actor, note: str = "") -> Melding:
    """Staff correct the category. Leaves triage; the new deadline counts from the report date; the correction is
    what training uses (selectors.training_examples)."""
    melding = _lock(melding)
    sub = sub_category(melding.organisation, category)
    if sub is None:
        raise MeldingInvalid({"category": [_("Kies een bestaande subcategorie.")]})
    previous = melding.category
    melding.category, melding.main_category = sub, sub.parent
    melding.needs_triage = False
    if sub.pk != previous.pk:
        melding.reclassified = True
        melding.deadline, melding.deadline_3x = _deadlines(melding.organisation, sub, timezone.localdate(melding.created_at))
    melding.save(update_fields=["category", "main_category", "needs_triage", "reclassified", "deadline", "deadline_3x",
                                "updated_at"])
    _history(melding, "reclassified", actor=actor,
             note=_("Categorie: %(old)s → %(new)s") % {"old": previous.name, "new": sub.name} + (f" — {note}" if note else ""))
    if sub.pk != previous.pk:
        try:
            from .classification.tasks import request_retraining
        except ImportError:  # the classifier is optional
            request_retraining = None
        if request_retraining is not None:
            transaction.on_commit(lambda: request_retraining(melding.organisation))
    return melding


@transaction.atomic
def split(*, melding: Melding, parts: list[dict], actor) -> list[Melding]:
    """Sub-reports for different departments. ``parts``: [{"text", "category", "department" (optional)}]. Each part
    is a melding (and a sub-case of the melding's case) at the same place; the reporter's details are copied."""
    melding = _lock(melding)
    if melding.parent_id:
        raise TransitionNotAllowed(_("Een deelmelding kan niet opnieuw gesplitst worden."))
    if melding.state in CLOSED_STATES:
        raise TransitionNotAllowed(_("Een afgesloten melding kan niet gesplitst worden."))
    if not 2 <= len(parts) <= 10:
        raise MeldingInvalid({"parts": [_("Splits in 2 tot 10 deelmeldingen.")]})
    children = []
    for index, part in enumerate(parts):
        errors = {}
        text = _check_text(part.get("text") or melding.text, errors)
        sub = sub_category(melding.organisation, part.get("category"))
        if sub is None:
            errors.setdefault("category", []).append(_("Kies een categorie voor deelmelding %(n)s.") % {"n": index + 1})
        if errors:
            raise MeldingInvalid(errors)
        rule, department, partner = route(organisation=melding.organisation, category=sub,
                                          latitude=melding.latitude, longitude=melding.longitude)
        department = part.get("department") or department or melding.department
        deadline, deadline_3x = _deadlines(melding.organisation, sub, deadlines.today())
        zaak = case_services.create_case(
            organisation=melding.organisation, zaaktype=_zaaktype(melding.organisation, department),
            omschrijving=_case_title(sub, text), toelichting=text, initiator=melding.party, department=department,
            source_app="meldingen", start_process=False,
        )
        if melding.zaak_id:
            case_services.relate_cases(zaak=zaak, related=melding.zaak)
        child = Melding.objects.create(
            organisation=melding.organisation, zaak=zaak, text=text, latitude=melding.latitude, longitude=melding.longitude,
            address=melding.address, category=sub, main_category=sub.parent, needs_triage=False, department=department,
            partner=partner, routing_rule=rule, party=melding.party, reporter_name=melding.reporter_name,
            reporter_email=melding.reporter_email, reporter_phone=melding.reporter_phone,
            wants_updates=melding.wants_updates, channel=melding.channel, parent=melding, deadline=deadline,
            deadline_3x=deadline_3x, created_by=actor if _is_user(actor) else None,
        )
        _history(child, "state", actor=actor, to_state=State.REPORTED,
                 note=_("Deelmelding van %(ref)s.") % {"ref": melding.reference})
        children.append(child)
    _history(melding, "split", actor=actor, note=_("Gesplitst in: %(refs)s") % {"refs": ", ".join(c.reference for c in children)})
    transition(melding=melding, to_state=State.HANDLED, actor=actor, notify=False,
               note=_("Gesplitst in deelmeldingen."))
    return children


@transaction.atomic
def merge(*, melding: Melding, into: Melding, actor, note: str = "") -> Melding:
    """Merge a duplicate into the main melding: the duplicate is closed, its reporter keeps getting the main one's
    updates (see :func:`recipients`)."""
    if melding.pk == into.pk:
        raise MeldingInvalid({"into": [_("Een melding kan niet met zichzelf samengevoegd worden.")]})
    if melding.organisation_id != into.organisation_id:
        raise MeldingInvalid({"into": [_("Die melding hoort bij een andere organisatie.")]})
    into = _lock(into)
    if into.merged_into_id:
        raise MeldingInvalid({"into": [_("Die melding is zelf al samengevoegd; kies de hoofdmelding.")]})
    if into.state in CLOSED_STATES:
        raise MeldingInvalid({"into": [_("Voeg samen met een melding die nog open is.")]})
    melding = _lock(melding)
    if melding.merged_into_id:
        raise TransitionNotAllowed(_("Deze melding is al samengevoegd."))
    melding.merged_into = into
    melding.save(update_fields=["merged_into", "updated_at"])
    Melding.objects.filter(merged_into=melding).update(merged_into=into)
    _history(melding, "merged", actor=actor, note=_("Samengevoegd met %(ref)s.") % {"ref": into.reference}
             + (f" — {note}" if note else ""))
    _history(into, "merged", actor=actor, note=_("%(ref)s is hiermee samengevoegd.") % {"ref": melding.reference})
    if melding.zaak_id and into.zaak_id:
        case_services.relate_cases(zaak=melding.zaak, related=into.zaak)
    if melding.state not in CLOSED_STATES:
        transition(melding=melding, to_state=State.CANCELLED, actor=actor, notify=False,
                   note=_("Dubbele melding, samengevoegd met %(ref)s.") % {"ref": into.reference})
    text = _("Uw melding is samengevoegd met melding %(ref)s over hetzelfde probleem. U krijgt voortaan de updates "
             "van die melding.") % {"ref": into.reference}
    if melding.wants_updates and melding.reporter_email and melding.anonymised_at is None:
        _send(into, _("Uw melding %(ref)s is samengevoegd") % {"ref": melding.reference}, text, [melding.reporter_email])
    return into


@transaction.atomic
def follow(*, melding: Melding, email: str) -> Follower:
    """A resident follows an existing open melding instead of reporting it again."""
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise MeldingInvalid({"email": [_("Dit e-mailadres klopt niet.")]}) from None
    if not melding.is_open:
        raise TransitionNotAllowed(_("Deze melding is al afgesloten."))
    follower, created = Follower.objects.get_or_create(melding=melding, email=email)
    if created:
        _history(melding, "followed", actor=None, note=_("Iemand volgt deze melding."))
        _send(melding, _("U volgt melding %(ref)s") % {"ref": melding.reference},
              _("U krijgt de updates over deze melding (%(category)s).") % {"category": melding.category.name}, [email])
    return follower


FEEDBACK_REASONS = {
    "not_solved": "Het probleem is niet opgelost",
    "too_slow": "Het duurde te lang",
    "unclear": "Ik begreep de uitleg niet",
    "unfriendly": "Ik werd niet vriendelijk behandeld",
    "other": "Iets anders",
}


@transaction.atomic
def give_feedback(*, melding: Melding, is_satisfied: bool, reasons=(), text: str = "", reopen: bool = False) -> Feedback:
    """Feedback after closing. An unhappy reporter who asks to reopen puts the melding in 'reopen requested'."""
    melding = _lock(melding)
    if melding.state != State.HANDLED:
        raise TransitionNotAllowed(_("U kunt pas reageren als de melding is afgehandeld."))
    if melding.feedback.exists():
        raise TransitionNotAllowed(_("U hebt al gereageerd op deze melding. Bedankt!"))
    reasons = [r for r in (reasons or []) if r in FEEDBACK_REASONS]
    if len(text or "") > 2000:
        raise MeldingInvalid({"text": [_("Uw toelichting mag hoogstens 2000 tekens hebben.")]})
    if is_satisfied is None:
        raise MeldingInvalid({"is_satisfied": [_("Kies of u tevreden bent.")]})
    feedback = Feedback.objects.create(melding=melding, is_satisfied=bool(is_satisfied), reasons=reasons,
                                       text=(text or "").strip())
    _history(melding, "feedback", actor=None, note=_("Melder is %(s)s.") % {"s": _("tevreden") if is_satisfied else _("niet tevreden")})
    if not is_satisfied and reopen:
        transition(melding=melding, to_state=State.REOPEN_REQUESTED, actor=None, note=(text or "").strip()[:1000])
    return feedback


@transaction.atomic
def approve_photo(*, photo: MeldingPhoto, actor, public: bool = True) -> MeldingPhoto:
    photo.public_approved = bool(public)
    photo.approved_by = actor if _is_user(actor) else None
    photo.save(update_fields=["public_approved", "approved_by"])
    _history(photo.melding, "photo", actor=actor,
             note=_("Foto openbaar gemaakt.") if public else _("Foto niet (meer) openbaar."))
    return photo


# -- Open311 API keys ----------------------------------------------------------------------------------------------


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def create_api_client(*, organisation, name: str) -> tuple[Open311Client, str]:
    """A new client and its key (shown once; only its hash is stored)."""
    if not (name or "").strip():
        raise MeldingInvalid({"name": [_("Geef een naam.")]})
    key = secrets.token_urlsafe(32)
    client = Open311Client.objects.create(organisation=organisation, name=name.strip(), key_hash=hash_key(key),
                                          key_prefix=key[:8])
    return client, key


def client_for_key(key: str) -> Open311Client | None:
    if not key:
        return None
    return Open311Client.objects.select_related("organisation").filter(key_hash=hash_key(key), is_active=True).first()


# -- Retention -----------------------------------------------------------------------------------------------------


def apply_retention(*, organisation, now=None) -> dict[str, int]:
    """Anonymise the reporters of meldingen closed longer than ``anonymise_after_days`` ago and delete meldingen
    (with photos, history and feedback; their cases stay under the case archiving rules) closed longer than
    ``delete_after_days`` ago."""
    config = settings_for(organisation)
    now = now or timezone.now()
    anonymise_before = now - datetime.timedelta(days=config.anonymise_after_days)
    delete_before = now - datetime.timedelta(days=config.delete_after_days)
    with transaction.atomic():
        to_anonymise = Melding.objects.filter(organisation=organisation, is_open=False, closed_at__lt=anonymise_before,
                                              anonymised_at__isnull=True)
        anonymised = to_anonymise.update(party=None, reporter_name="", reporter_email="", reporter_phone="",
                                         wants_updates=False, anonymised_at=now)
        Follower.objects.filter(melding__organisation=organisation, melding__is_open=False,
                                melding__closed_at__lt=anonymise_before).delete()
        old = Melding.objects.filter(organisation=organisation, is_open=False, closed_at__lt=delete_before,
                                     merged_into__isnull=True).exclude(children__isnull=False).exclude(merged__isnull=False)
        deleted = 0
        for melding in old.iterator():
            for photo in melding.photos.all():
                photo.original.delete(save=False)
                photo.display.delete(save=False)
            # History is append-only for users; retention removes the whole record at once.
            StateChange.objects.filter(melding=melding)._raw_delete(StateChange.objects.db)
            melding.delete()
            deleted += 1
    return {"anonymised": anonymised, "deleted": deleted}
