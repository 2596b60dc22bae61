"""Reads: nearby open meldingen (duplicates), queues, the public map, the reporter's history, training examples."""

import datetime

from django.db.models import Q
from django.utils import timezone

from . import geo
from .models import Category, Melding, MeldingPhoto, State, StateChange


def _settings(organisation):
    from .services import settings_for

    return settings_for(organisation)


_NEARBY_SQL: dict[bool, str] = {}


def _nearby_sql(by_category: bool) -> str:
    """The duplicate look-up as SQL, built once per process: compiling the equivalent ORM query cost more CPU than
    PostgreSQL needs to answer it (0.2 ms). The melding's case number comes along (for ``reference``)."""
    sql = _NEARBY_SQL.get(by_category)
    if sql is None:
        columns = ", ".join(f'm."{f.column}"' for f in Melding._meta.concrete_fields)
        category = 'AND m."category_id" = %s' if by_category else ""
        sql = f"""
            SELECT {columns}, z."identificatie" AS "nearby_case_number"
            FROM "meldingen_melding" m LEFT JOIN "cases_zaak" z ON z."id" = m."zaak_id"
            WHERE m."organisation_id" = %s AND m."is_open" AND m."created_at" >= %s AND m."merged_into_id" IS NULL
              {category} AND point(m."longitude", m."latitude") <@ box(point(%s, %s), point(%s, %s))
            ORDER BY m."created_at" DESC LIMIT 200
        """  # noqa: S608 - column names from the model, values as placeholders
        _NEARBY_SQL[by_category] = sql
    return sql


def nearby_open(*, organisation, latitude: float, longitude: float, category=None, radius_m: float | None = None,
                age_days: int | None = None, limit: int = 10) -> list[Melding]:
    """Open meldingen within ``radius_m`` (default: the organisation's setting, 50 m) reported in the last
    ``age_days`` (default 84 = 12 weeks), of the same sub category when given; nearest first, without merged ones.
    Each has ``distance_m``, its category (from the process cache, see config_cache) and its case number.

    Uses the partial GiST index on point(longitude, latitude) of open meldingen through a bounding box (at most the
    200 newest in the box), then the exact distance."""
    from loket.cases.models import Zaak

    from .config_cache import config_for

    config = _settings(organisation)
    radius_m = config.duplicate_radius_m if radius_m is None else radius_m
    age_days = config.duplicate_age_days if age_days is None else age_days
    min_lon, min_lat, max_lon, max_lat = geo.bbox(latitude, longitude, radius_m)
    since = timezone.now() - datetime.timedelta(days=age_days)
    params = [organisation.pk, since]
    if category is not None:
        params.append(getattr(category, "pk", category))
    params += [min_lon, min_lat, max_lon, max_lat]
    categories = config_for(organisation)
    found = []
    for melding in Melding.objects.raw(_nearby_sql(category is not None), params):
        distance = geo.distance_m(latitude, longitude, melding.latitude, melding.longitude)
        if distance <= radius_m:
            melding.distance_m = round(distance)
            cached = categories.category(melding.category_id)
            if cached is not None:  # else loaded on use (a category made in another process in the last 30 s)
                melding.category = cached
            if melding.zaak_id and melding.nearby_case_number is not None:
                melding.zaak = Zaak.from_db(melding._state.db, ["id", "identificatie"], [melding.zaak_id, melding.nearby_case_number])
            found.append(melding)
    found.sort(key=lambda m: m.distance_m)
    return found[:limit]


def training_examples(organisation):
    """(text, main_slug, sub_slug) of the organisation's handled meldingen with their final category (after staff
    correction), leaving out merged duplicates and split parents."""
    rows = (
        Melding.objects.filter(organisation=organisation, state=State.HANDLED, merged_into__isnull=True,
                               anonymised_at__isnull=True)
        .exclude(children__isnull=False)
        .values_list("text", "main_category__slug", "category__slug")
        .order_by("pk")
    )
    return rows.iterator(chunk_size=2000)


def meldingen_for_party(party):
    return Melding.objects.filter(party=party).select_related("category", "zaak").order_by("-created_at")


def by_token(token: str) -> Melding | None:
    if not token or len(token) > 64:
        return None
    return Melding.objects.select_related("category", "main_category", "organisation", "zaak").filter(token=token).first()


def staff_queryset(organisation):
    return Melding.objects.filter(organisation=organisation).select_related(
        "category", "main_category", "department", "partner", "zaak")


def triage_queue(organisation, *, limit: int = 200):
    return staff_queryset(organisation).filter(needs_triage=True, is_open=True).order_by("created_at")[:limit]


def work_queue(organisation, *, department=None, state: str = "", category=None, overdue: str = "", limit: int = 200):
    query = staff_queryset(organisation).filter(is_open=True, merged_into__isnull=True)
    if department is not None:
        query = query.filter(department=department)
    if state:
        query = query.filter(state=state)
    if category is not None:
        query = query.filter(Q(category=category) | Q(main_category=category))
    today = timezone.localdate()
    if overdue == "overdue":
        query = query.filter(deadline__lt=today)
    elif overdue == "3x":
        query = query.filter(deadline_3x__lt=today)
    return query.order_by("deadline", "created_at")[:limit]


def deadline_flag(melding: Melding, today: datetime.date | None = None) -> str:
    """'' (on time), 'overdue' or '3x' (three times the handling period passed)."""
    if not melding.is_open or melding.deadline is None:
        return ""
    today = today or timezone.localdate()
    if melding.deadline_3x and melding.deadline_3x < today:
        return "3x"
    if melding.deadline < today:
        return "overdue"
    return ""


def history(melding: Melding):
    return StateChange.objects.filter(melding=melding).select_related("actor").order_by("created_at", "pk")


def public_history(melding: Melding) -> list[StateChange]:
    return [h for h in history(melding) if h.kind == "state"]


def public_photos(melding: Melding):
    return MeldingPhoto.objects.filter(melding=melding, public_approved=True)


def public_map_features(organisation, *, bbox: tuple[float, float, float, float] | None = None, limit: int = 100_000):
    """Open meldingen of public categories as compact rows (no personal data, no text): for the public map."""
    query = Melding.objects.filter(organisation=organisation, is_open=True, merged_into__isnull=True,
                                   category__is_public=True, main_category__is_public=True)
    if bbox:
        query = query.extra(where=["point(longitude, latitude) <@ box(point(%s, %s), point(%s, %s))"], params=list(bbox))
    return query.order_by().values_list("pk", "latitude", "longitude", "category__name", "state", "created_at")[:limit]


def categories(organisation, *, public_only: bool = False):
    query = Category.objects.filter(organisation=organisation, is_active=True).select_related("parent")
    if public_only:
        query = query.filter(is_public=True)
    return query.order_by("parent__name", "name")


MAP_SCALE = 100_000  # coordinates as integers of 1/100,000 degree (about 1 m)


def public_map_data(organisation, *, bbox: tuple[float, float, float, float] | None = None) -> str:
    """The public map's data as compact JSON: open, not merged meldingen of public categories, with only an id,
    the place, the category, the state and the date (no text, no address, no person)::

        {"scale": 100000, "categories": {"12": "Grofvuil", ...}, "states": {"in_progress": "In behandeling", ...},
         "points": [[id, lon * scale, lat * scale, category_id, state, "2026-11-27"], ...]}

    PostgreSQL builds the JSON in one statement over a covering partial index (index-only scan), so the whole city
    stays fast; integers instead of decimals keep it small and cheap to produce."""
    import json

    from django.conf import settings
    from django.db import connection

    public = {c.pk: c.name for c in Category.objects.filter(
        organisation=organisation, is_public=True, parent__isnull=False, parent__is_public=True)}
    subs = list(public)
    where, params = "", []
    if bbox:
        where = "AND point(m.longitude, m.latitude) <@ box(point(%s, %s), point(%s, %s))"
        params = list(bbox)
    sql = f"""
        SELECT coalesce(json_agg(json_build_array(
            m.id, round(m.longitude * {MAP_SCALE})::int, round(m.latitude * {MAP_SCALE})::int, m.category_id, m.state,
            (m.created_at AT TIME ZONE %s)::date)), '[]'::json)::text
        FROM meldingen_melding m
        WHERE m.organisation_id = %s AND m.is_open AND m.merged_into_id IS NULL AND m.category_id = ANY(%s) {where}
    """  # noqa: S608 - constants and placeholders only
    with connection.cursor() as cursor:
        cursor.execute(sql, [settings.TIME_ZONE, organisation.pk, subs] + params)
        points = cursor.fetchone()[0]
    header = json.dumps({"scale": MAP_SCALE, "categories": {str(pk): public[pk] for pk in subs},
                         "states": {value: str(label) for value, label in State.choices}}, ensure_ascii=False)
    return header[:-1] + ', "points": ' + points + "}"
