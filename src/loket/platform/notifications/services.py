"""The notifications hub: publishing into the outbox, fanning out, delivering with retries.

Flow (see docs/operations.md, "Notifications outbox"):

1. :func:`publish` stores a :class:`~.models.Notification` in the caller's transaction (a rolled-back change
   leaves nothing) and, once that transaction has committed, makes sure one drain job is waiting
   (:func:`request_drain`: at most one queued at a time, however many changes commit).
2. :func:`drain` (worker) takes a batch of notifications not yet fanned out (``FOR UPDATE SKIP LOCKED``, so
   several workers share the backlog), creates one :class:`~.models.Delivery` per matching active abonnement
   already leased for its first attempt, commits, POSTs them (keep-alive session per subscriber, subscribers in
   parallel), and records the outcomes in bulk. A failed first attempt, and the rest of the batch for a
   subscriber that failed or was too slow, continue on the per-delivery path below.
3. :func:`deliver` (worker, one job per delivery) is the retry path: it takes a lease on the delivery, POSTs
   outside any transaction and records the outcome: delivered, or the next attempt after an exponential backoff
   (:func:`retry_delay`), or given up after ``LOKET_NOTIFICATIONS_MAX_ATTEMPTS`` attempts (about 26 hours with
   the defaults). :func:`fan_out` is the same per notification (the sweeper's and older queued jobs' path).
4. :func:`sweep` (periodic, every minute) re-queues what a killed worker left: notifications not
   fanned out, deliveries past due whose lease expired. Every step is idempotent, so running one
   twice never sends a delivered notification again; a worker killed after the POST but before
   recording it makes the subscriber receive that message twice (at-least-once delivery).
"""

import contextlib
import datetime
import logging
import os
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import requests
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils import timezone
from django.utils.translation import gettext as _
from procrastinate.exceptions import AlreadyEnqueued

from .exceptions import CallbackCheckFailed, NotificationError, UnknownKanaal
from .kanalen import DOCUMENTATION, STANDARD_KANALEN
from .models import Abonnement, Delivery, DeliveryState, FilterGroup, Kanaal, Notification

logger = logging.getLogger(__name__)

WILDCARDS = ("*", "#")


def _setting(name: str, default):
    return getattr(settings, name, default)


def max_attempts() -> int:
    return int(_setting("LOKET_NOTIFICATIONS_MAX_ATTEMPTS", 13))


def retry_delay(attempts: int) -> datetime.timedelta:
    """The wait after the ``attempts``-th failed attempt: base * 2^(attempts-1), capped.

    With the defaults (60 s base, 6 h cap, 13 attempts): 1, 2, 4, ... 256 minutes, then 6 hours
    three times, so the last attempt comes about 26.5 hours after the first.
    """
    base = float(_setting("LOKET_NOTIFICATIONS_RETRY_BASE_SECONDS", 60))
    cap = float(_setting("LOKET_NOTIFICATIONS_RETRY_CAP_SECONDS", 6 * 3600))
    return datetime.timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), cap))


def lease_duration() -> datetime.timedelta:
    """How long a worker may take over one POST before another may take the delivery over."""
    return datetime.timedelta(seconds=float(_setting("LOKET_NOTIFICATIONS_TIMEOUT", 10)) * 3 + 30)


# -- kenmerken and filters ---------------------------------------------------------------------


def _normalise_key(key: str) -> str:
    """Filter keys match kenmerken regardless of case and snake/camel spelling (Open Notificaties camelizes)."""
    return str(key).replace("_", "").lower()


def _camelize(key: str) -> str:
    head, *rest = str(key).split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def matches(filters: dict | None, kenmerken: dict | None) -> bool:
    """Whether a notification with ``kenmerken`` passes an abonnement's ``filters`` for one kanaal.

    Every filter on a kenmerk the notification carries must have the same value, or be a wildcard
    (``*`` or ``#``). A filter on a kenmerk the notification does not carry does not exclude it (as
    in Open Notificaties); an empty filter set receives everything on the kanaal.
    """
    values = {_normalise_key(key): value for key, value in (kenmerken or {}).items()}
    for key, wanted in (filters or {}).items():
        if wanted in WILDCARDS:
            continue
        normalised = _normalise_key(key)
        if normalised in values and str(values[normalised]) != str(wanted):
            return False
    return True


# -- kanalen -----------------------------------------------------------------------------------


def ensure_standard_kanalen() -> None:
    """Create the standard kanalen that are missing (the data migration does so at install time)."""
    for naam, filters in STANDARD_KANALEN.items():
        Kanaal.objects.get_or_create(naam=naam, defaults={"filters": filters, "documentatie_link": DOCUMENTATION})


_kanaal_cache: dict[str, tuple[Kanaal, float]] = {}
KANAAL_CACHE_SECONDS = 60.0


def _forget_kanalen(**kwargs) -> None:
    _kanaal_cache.clear()


post_save.connect(_forget_kanalen, sender=Kanaal, dispatch_uid="notifications-kanaal-cache-save")
post_delete.connect(_forget_kanalen, sender=Kanaal, dispatch_uid="notifications-kanaal-cache-delete")
post_migrate.connect(_forget_kanalen, dispatch_uid="notifications-kanaal-cache-migrate")  # also after a flush


def _published_kanaal(naam: str) -> Kanaal:
    """The kanaal to publish on, remembered per process for a minute (one query less per change).

    Kanalen are installation-wide and practically never change; a change or removal in this process clears the
    memory at once, one in another process is seen within a minute.
    """
    cached = _kanaal_cache.get(naam)
    if cached is not None and cached[1] > time.monotonic():
        return cached[0]
    kanaal = Kanaal.objects.filter(naam=naam).first()
    if kanaal is None:
        return _kanaal(naam)  # (re)creates a standard kanaal: not remembered until it is found committed
    _kanaal_cache[naam] = (kanaal, time.monotonic() + KANAAL_CACHE_SECONDS)
    return kanaal


def _kanaal(naam: str) -> Kanaal:
    kanaal = Kanaal.objects.filter(naam=naam).first()
    if kanaal is None and naam in STANDARD_KANALEN:
        kanaal, _created = Kanaal.objects.get_or_create(
            naam=naam, defaults={"filters": STANDARD_KANALEN[naam], "documentatie_link": DOCUMENTATION},
        )
    if kanaal is None:
        raise UnknownKanaal(_("Het kanaal '%(naam)s' bestaat niet.") % {"naam": naam}, field="kanaal",
                            code="kanaal_naam")
    return kanaal


@transaction.atomic
def create_kanaal(*, naam: str, documentatie_link: str = "", filters: list[str] | None = None) -> Kanaal:
    if Kanaal.objects.filter(naam=naam).exists():
        raise NotificationError(_("Er bestaat al een kanaal met deze naam."), field="naam", code="unique")
    return Kanaal.objects.create(naam=naam, documentatie_link=documentatie_link or "", filters=list(filters or []))


# -- publishing --------------------------------------------------------------------------------


def publish(*, kanaal: str, hoofd_object: str, resource: str, resource_url: str, actie: str,
            kenmerken: dict | None = None, aanmaakdatum: datetime.datetime | None = None,
            organisation=None, source: str = "") -> Notification:
    """Put one notification in the outbox, in the caller's transaction; a drain job is requested after the commit.

    ``kanaal`` is the kanaal's name (``"zaken"``); ``kenmerken`` maps kenmerk names (camelCase or
    snake_case; stored camelCase) to string values, for example
    ``{"bronorganisatie": "002220647", "zaaktype": url, "vertrouwelijkheidaanduiding": "openbaar"}``.
    ``aanmaakdatum`` defaults to now. ``organisation`` is optional (the organisation of the change);
    ``source`` is the client id for notifications POSTed through the API. Raises UnknownKanaal.
    Nothing is sent before the caller's transaction commits. Should the process die between the commit and the
    drain request, the periodic sweep fans the notification out a minute later: nothing is lost.
    """
    kanaal_row = _published_kanaal(kanaal)  # raises UnknownKanaal before anything is written
    # No savepoint inside the caller's transaction (two statements per change): nothing below is meant to be caught
    # and recovered from; outside one, this is the transaction that keeps the notification and its job together.
    with transaction.atomic(savepoint=False):
        notification = Notification.objects.create(
            kanaal=kanaal_row,
            hoofd_object=hoofd_object,
            resource=resource,
            resource_url=resource_url,
            actie=actie,
            aanmaakdatum=aanmaakdatum or timezone.now(),
            kenmerken={_camelize(key): ("" if value is None else str(value)) for key, value in (kenmerken or {}).items()},
            organisation=organisation,
            source=source or "",
        )
        _drain_after_commit()
    return notification


# -- fan-out and delivery ----------------------------------------------------------------------


def _defer_delivery(delivery_id: int, schedule_at: datetime.datetime | None = None) -> bool:
    """Queue the delivery job once (a queueing lock per delivery); False when one is already waiting."""
    from .tasks import deliver_notification

    options = {"queueing_lock": f"notif-delivery-{delivery_id}"}
    if schedule_at is not None:
        options["schedule_at"] = schedule_at
    try:
        with transaction.atomic():  # a savepoint: a refused duplicate must not spoil the caller's transaction
            deliver_notification.configure(**options).defer(delivery_id=delivery_id)
    except AlreadyEnqueued:
        return False
    return True


def matching_abonnementen(notification: Notification) -> list[int]:
    groups = FilterGroup.objects.filter(kanaal_id=notification.kanaal_id, abonnement__is_active=True)
    return sorted({group.abonnement_id for group in groups if matches(group.filters, notification.kenmerken)})


def fan_out(notification_id: int) -> list[Delivery] | None:
    """Create the deliveries of one notification and queue them; None when already done (or being done)."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(skip_locked=True)
            .filter(pk=notification_id, fanned_out_at__isnull=True).first()
        )
        if notification is None:
            return None
        now = timezone.now()
        deliveries = Delivery.objects.bulk_create(
            [Delivery(notification=notification, abonnement_id=abonnement_id, next_attempt_at=now)
             for abonnement_id in matching_abonnementen(notification)]
        )
        notification.fanned_out_at = now
        notification.save(update_fields=["fanned_out_at"])
        for delivery in deliveries:
            _defer_delivery(delivery.pk)
    return deliveries


_local = threading.local()


def _session() -> requests.Session:
    """One HTTP session per worker thread: keep-alive connections to the subscribers."""
    if not hasattr(_local, "session"):
        session = requests.Session()
        # Without proxy or CA-bundle variables in the environment there is nothing to read from it: skip requests'
        # per-request environment look-up (a third of a POST's CPU). With them, requests honours them as usual.
        session.trust_env = bool(urllib.request.getproxies() or os.environ.get("REQUESTS_CA_BUNDLE")
                                 or os.environ.get("CURL_CA_BUNDLE"))
        _local.session = session
    return _local.session


def _post(abonnement: Abonnement, message: dict) -> tuple[int | None, str]:
    """POST the message; returns (status code or None, error text or '')."""
    headers = {"Content-Type": "application/json"}
    if abonnement.auth:
        headers["Authorization"] = abonnement.auth
    try:
        response = _session().post(
            abonnement.callback_url, json=message, headers=headers, allow_redirects=False,
            timeout=float(_setting("LOKET_NOTIFICATIONS_TIMEOUT", 10)),
        )
    except requests.RequestException as exc:
        return None, f"{exc.__class__.__name__}: {exc}"[:2000]
    if 200 <= response.status_code < 300:
        return response.status_code, ""
    return response.status_code, f"HTTP {response.status_code}: {response.text[:500]}"


def deliver(delivery_id: int) -> Delivery | None:
    """One attempt at one delivery. Returns the delivery, or None when there was nothing to do
    (already delivered or given up, not due yet, or another worker holds its lease)."""
    now = timezone.now()
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(skip_locked=True, of=("self",))  # not the shared kanaal/abonnement rows
            .select_related("notification__kanaal", "abonnement")
            .filter(pk=delivery_id, state=DeliveryState.PENDING).first()
        )
        if delivery is None:
            return None
        if delivery.next_attempt_at > now + datetime.timedelta(seconds=1):
            _defer_delivery(delivery.pk, schedule_at=delivery.next_attempt_at)  # unless one already waits
            return None
        if delivery.lease_until is not None and delivery.lease_until > now:
            return None
        delivery.attempts += 1
        delivery.last_attempt_at = now
        delivery.lease_until = now + lease_duration()
        delivery.save(update_fields=["attempts", "last_attempt_at", "lease_until"])

    status_code, error = _post(delivery.abonnement, delivery.notification.message())

    finished = timezone.now()
    delivery.last_status_code = status_code
    delivery.last_error = error
    delivery.lease_until = None
    if not error:
        delivery.state, delivery.delivered_at = DeliveryState.DELIVERED, finished
    elif delivery.attempts >= max_attempts():
        delivery.state = DeliveryState.FAILED
        logger.warning("notification delivery given up", extra={"delivery_id": delivery.pk, "error": error})
    else:
        delivery.next_attempt_at = finished + retry_delay(delivery.attempts)
    with transaction.atomic():
        updated = Delivery.objects.filter(pk=delivery.pk, state=DeliveryState.PENDING).update(
            state=delivery.state, delivered_at=delivery.delivered_at, last_status_code=status_code,
            last_error=error, lease_until=None, next_attempt_at=delivery.next_attempt_at,
        )
        if updated and delivery.state == DeliveryState.PENDING:
            _defer_delivery(delivery.pk, schedule_at=delivery.next_attempt_at)
    return delivery


# -- the drain: fan-out and first attempts in batches ----------------------------------------------

DRAIN_LOCK = "notifications-drain"


def _drain_batch_size() -> int:
    return int(_setting("LOKET_NOTIFICATIONS_DRAIN_BATCH", 200))


def request_drain() -> None:
    """Make sure a drain job is waiting (queued, not yet started); called after a publishing transaction commits.

    A waiting job has not started, so it will see everything committed before now; a running one may not, hence
    "waiting". Errors are logged, not raised: the change has committed, and the sweep picks its notification up.
    """
    from .tasks import drain_notifications

    with connection.cursor() as cursor:  # procrastinate's own table, served by its queueing-lock index
        cursor.execute("SELECT 1 FROM procrastinate_jobs WHERE queueing_lock = %s AND status = 'todo'", [DRAIN_LOCK])
        if cursor.fetchone() is not None:
            return
    with contextlib.suppress(AlreadyEnqueued):  # another commit queued it in the meantime
        drain_notifications.configure(queueing_lock=DRAIN_LOCK).defer()


def _drain_after_commit() -> None:
    """Register :func:`request_drain` once per transaction (not once per notification of a bulk change)."""
    if connection.in_atomic_block and any(
        entry[1] is request_drain for entry in getattr(connection, "run_on_commit", ())
    ):
        return
    transaction.on_commit(request_drain, robust=True)


_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()
_drain_running = threading.Lock()


def _post_pool() -> ThreadPoolExecutor:
    """Threads that POST at the same time, to different subscribers or on several connections to one (each thread
    keeps its own keep-alive session)."""
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=int(_setting("LOKET_NOTIFICATIONS_POST_THREADS", 8)),
                                       thread_name_prefix="notifications-post")
        return _pool


def _claim_batch(limit: int) -> tuple[int, list[Delivery]]:
    """Fan out up to ``limit`` notifications in one transaction; their deliveries are created leased for the first
    attempt (attempts=1), so a worker killed from here on leaves them to the sweep once the lease has run out."""
    with transaction.atomic():
        notifications = list(
            Notification.objects.select_for_update(skip_locked=True, of=("self",)).select_related("kanaal")
            .filter(fanned_out_at__isnull=True).order_by("created_at")[:limit]
        )
        if not notifications:
            return 0, []
        groups: dict[int, list[tuple[Abonnement, dict]]] = {}
        for group in FilterGroup.objects.filter(abonnement__is_active=True).select_related("abonnement"):
            groups.setdefault(group.kanaal_id, []).append((group.abonnement, group.filters))
        now = timezone.now()
        lease_until = now + lease_duration()
        deliveries = [
            Delivery(notification=notification, abonnement=abonnement, next_attempt_at=now, attempts=1,
                     last_attempt_at=now, lease_until=lease_until)
            for notification in notifications
            for abonnement, filters in groups.get(notification.kanaal_id, ())
            if matches(filters, notification.kenmerken)
        ]
        Delivery.objects.bulk_create(deliveries)
        Notification.objects.filter(pk__in=[notification.pk for notification in notifications]).update(
            fanned_out_at=now)
    return len(notifications), deliveries


def _post_in_turn(deliveries: list[Delivery], budget: float) -> list[tuple[Delivery, int | None, str]]:
    """POST (a lane of) one subscriber's deliveries one after the other; after a failure, or when the subscriber is
    so slow that the lease could run out, the rest is left unattempted (status code and error None)."""
    results, start, stop = [], time.monotonic(), False
    for delivery in deliveries:
        if stop or time.monotonic() - start > budget:
            results.append((delivery, None, None))
            continue
        status_code, error = _post(delivery.abonnement, delivery.notification.message())
        results.append((delivery, status_code, error))
        stop = bool(error)
    return results


def _record(results: list[tuple[Delivery, int | None, str | None]]) -> dict:
    """Write the outcomes of a batch: the delivered ones in one statement per status code, the rest as
    :func:`deliver` would (next attempt after the backoff, or given up), unattempted ones back to the queue."""
    finished = timezone.now()
    counts = {"delivered": 0, "retry": 0, "failed": 0, "requeued": 0}
    delivered: dict[int, list[int]] = {}
    with transaction.atomic():
        for delivery, status_code, error in results:
            if error is None:  # not attempted: the lease goes, the attempt is not counted
                Delivery.objects.filter(pk=delivery.pk, state=DeliveryState.PENDING).update(
                    attempts=delivery.attempts - 1, lease_until=None, next_attempt_at=finished)
                counts["requeued"] += 1 if _defer_delivery(delivery.pk) else 0
            elif not error:
                delivered.setdefault(status_code, []).append(delivery.pk)
            else:
                given_up = delivery.attempts >= max_attempts()
                next_attempt = finished + retry_delay(delivery.attempts)
                updated = Delivery.objects.filter(pk=delivery.pk, state=DeliveryState.PENDING).update(
                    state=DeliveryState.FAILED if given_up else DeliveryState.PENDING, last_status_code=status_code,
                    last_error=error, lease_until=None, **({} if given_up else {"next_attempt_at": next_attempt}),
                )
                if given_up:
                    counts["failed"] += 1
                    logger.warning("notification delivery given up", extra={"delivery_id": delivery.pk, "error": error})
                elif updated:
                    counts["retry"] += 1
                    _defer_delivery(delivery.pk, schedule_at=next_attempt)
        for status_code, ids in delivered.items():
            counts["delivered"] += Delivery.objects.filter(pk__in=ids, state=DeliveryState.PENDING).update(
                state=DeliveryState.DELIVERED, delivered_at=finished, last_status_code=status_code, last_error="",
                lease_until=None)
    return counts


def drain(*, batch_size: int | None = None, seconds: float = 30.0) -> dict:
    """Fan out and deliver the waiting notifications, batch after batch, until none are left (or ``seconds`` have
    passed: then another drain job is requested). Returns counts. Safe to run on several workers at once."""
    limit = batch_size or _drain_batch_size()
    totals = {"notifications": 0, "delivered": 0, "retry": 0, "failed": 0, "requeued": 0}
    budget = lease_duration().total_seconds() / 2  # per subscriber and batch, well inside the lease
    end = time.monotonic() + seconds
    with _drain_running:  # one drain at a time per process; other processes share the backlog (SKIP LOCKED)
        while True:
            claimed, deliveries = _claim_batch(limit)
            if not claimed:
                break  # nothing waiting, or only what another worker is fanning out right now
            totals["notifications"] += claimed
            per_subscriber: dict[int, list[Delivery]] = {}
            for delivery in deliveries:
                per_subscriber.setdefault(delivery.abonnement_id, []).append(delivery)
            # Each subscriber's deliveries in a few interleaved lanes, every lane on its own keep-alive connection:
            # one POST at a time per subscriber would make its round trip the limit (20 ms away: 50 per second).
            lanes = max(1, int(_setting("LOKET_NOTIFICATIONS_CONNECTIONS_PER_SUBSCRIBER", 4)))
            chunks = [chunk for group in per_subscriber.values()
                      for chunk in (group[lane::lanes] for lane in range(min(lanes, len(group))))]
            if len(chunks) == 1:
                results = _post_in_turn(chunks[0], budget)
            else:
                pool = _post_pool()
                results = [result for future in [pool.submit(_post_in_turn, chunk, budget) for chunk in chunks]
                           for result in future.result()]
            for key, value in _record(results).items():
                totals[key] += value
            if time.monotonic() > end:
                request_drain()
                break
    return totals


def sweep(*, grace: datetime.timedelta = datetime.timedelta(seconds=60), limit: int = 1000) -> dict:
    """Pick up what a killed or stopped worker left behind; safe to run at any time, on any worker.

    Notifications still not fanned out ``grace`` after they were written get a drain job; pending
    deliveries more than ``grace`` past their attempt time and not leased get a (new) job.
    """
    now = timezone.now()
    stalled = Notification.objects.filter(fanned_out_at__isnull=True, created_at__lt=now - grace)
    fanned_out = len(stalled.values_list("pk", flat=True)[:limit])
    if fanned_out:
        request_drain()  # a drain job waiting to start will take them (its batches skip rows being fanned out)
    due = (
        Delivery.objects.filter(state=DeliveryState.PENDING, next_attempt_at__lt=now - grace)
        .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now))
        .order_by("next_attempt_at").values_list("pk", flat=True)[:limit]
    )
    requeued = sum(1 for delivery_id in due if _defer_delivery(delivery_id))
    return {"notifications": fanned_out, "deliveries": requeued}


@transaction.atomic
def resend(*, deliveries) -> int:
    """Send these deliveries again now, with a fresh retry schedule (admin action); returns how many."""
    now = timezone.now()
    ids = list(deliveries.values_list("pk", flat=True)) if hasattr(deliveries, "values_list") else [
        delivery.pk for delivery in deliveries]
    Delivery.objects.filter(pk__in=ids).update(
        state=DeliveryState.PENDING, attempts=0, next_attempt_at=now, lease_until=None, delivered_at=None,
    )
    for delivery_id in ids:
        _defer_delivery(delivery_id)
    return len(ids)


def _consistent(kanaal: Kanaal, names) -> bool:
    """Open Notificaties' rule: the names (filter keys, kenmerken) are a subset or a superset of the kanaal's."""
    known = {_normalise_key(name) for name in kanaal.filters}
    given = {_normalise_key(name) for name in names}
    return given <= known or given >= known


def receive(*, kanaal: str, hoofd_object: str, resource: str, resource_url: str, actie: str, kenmerken: dict,
            aanmaakdatum: datetime.datetime, client_id: str = "", organisation=None) -> Notification:
    """A notification POSTed by another system (Notificaties API): checked against the kanaal, then published."""
    found = Kanaal.objects.filter(naam=kanaal).first()
    if found is None and kanaal not in STANDARD_KANALEN:
        raise UnknownKanaal(_("Kanaal met deze naam bestaat niet."), field="kanaal", code="message_kanaal")
    if found is not None and not _consistent(found, kenmerken or {}):
        raise NotificationError(
            _("De kenmerken passen niet bij de filters van het kanaal (%(known)s).")
            % {"known": ", ".join(found.filters) or "-"},
            field="kenmerken", code="kenmerken_inconsistent",
        )
    return publish(kanaal=kanaal, hoofd_object=hoofd_object, resource=resource, resource_url=resource_url,
                   actie=actie, kenmerken=kenmerken, aanmaakdatum=aanmaakdatum, organisation=organisation,
                   source=client_id)


# -- abonnementen ------------------------------------------------------------------------------

TEST_MESSAGE = {
    "kanaal": "test",
    "hoofdObject": "http://some.hoofdobject.nl/",
    "resource": "some_resource",
    "resourceUrl": "http://some.resource.nl/",
    "actie": "create",
    "aanmaakdatum": "2019-01-01T12:00:00Z",
    "kenmerken": {},
}


def check_callback(*, callback_url: str, auth: str) -> None:
    """The spec's callback check: the URL must accept a test notification with the auth header (2xx),
    and (LOKET_NOTIFICATIONS_CHECK_CALLBACK_AUTH, on by default) refuse one without it (401/403)."""
    timeout = float(_setting("LOKET_NOTIFICATIONS_TIMEOUT", 10))
    try:
        response = requests.post(callback_url, json=TEST_MESSAGE, headers={"Authorization": auth},
                                 timeout=timeout, allow_redirects=False)
    except requests.RequestException:
        raise CallbackCheckFailed(_("De callback-URL is niet bereikbaar."), field="callbackUrl",
                                  code="invalid-callback-url") from None
    if not 200 <= response.status_code <= 209:
        raise CallbackCheckFailed(_("De opgegeven callback-URL kan geen notificaties ontvangen."),
                                  field="callbackUrl", code="invalid-callback-url")
    if not _setting("LOKET_NOTIFICATIONS_CHECK_CALLBACK_AUTH", True):
        return
    try:
        response = requests.post(callback_url, json=TEST_MESSAGE, timeout=timeout, allow_redirects=False)
    except requests.RequestException:
        raise CallbackCheckFailed(_("De callback-URL is niet bereikbaar."), field="callbackUrl",
                                  code="invalid-callback-url") from None
    if response.status_code not in (401, 403):
        raise CallbackCheckFailed(_("De opgegeven callback-URL is niet beveiligd met autorisatie."),
                                  field="callbackUrl", code="no-auth-on-callback-url")


def _filter_groups(kanalen: list[dict]) -> list[tuple[Kanaal, dict]]:
    groups, seen = [], set()
    for index, entry in enumerate(kanalen):
        naam = entry.get("naam")
        if not naam:
            raise NotificationError(_("Geef de naam van het kanaal op."), field=f"kanalen.{index}.naam",
                                    code="required")
        try:
            kanaal = _kanaal(naam)
        except UnknownKanaal as exc:
            exc.field = f"kanalen.{index}.naam"
            raise
        if kanaal.pk in seen:
            raise NotificationError(_("Elk kanaal mag maar één keer voorkomen."), field=f"kanalen.{index}.naam",
                                    code="unique")
        seen.add(kanaal.pk)
        filters = dict(entry.get("filters") or {})
        if filters and not _consistent(kanaal, filters):
            raise NotificationError(
                _("De filters passen niet bij de kenmerken van het kanaal '%(naam)s' (%(known)s).")
                % {"naam": naam, "known": ", ".join(kanaal.filters) or "-"},
                field=f"kanalen.{index}.filters", code="inconsistent-abonnement-filters",
            )
        groups.append((kanaal, filters))
    return groups


@transaction.atomic
def create_abonnement(*, callback_url: str, auth: str, kanalen: list[dict], client_id: str = "",
                      organisation=None, check: bool = True) -> Abonnement:
    """Register a subscription. ``kanalen`` is [{"naam": "zaken", "filters": {"bronorganisatie": "..."}}]."""
    groups = _filter_groups(kanalen)
    if check:
        check_callback(callback_url=callback_url, auth=auth)
    abonnement = Abonnement.objects.create(callback_url=callback_url, auth=auth, client_id=client_id or "",
                                           organisation=organisation)
    FilterGroup.objects.bulk_create(
        [FilterGroup(abonnement=abonnement, kanaal=kanaal, filters=filters) for kanaal, filters in groups]
    )
    return abonnement


@transaction.atomic
def update_abonnement(*, abonnement: Abonnement, callback_url: str | None = None, auth: str | None = None,
                      kanalen: list[dict] | None = None, check: bool = True) -> Abonnement:
    """Change a subscription (PUT and PATCH): only what is given changes; kanalen are replaced as a whole."""
    groups = _filter_groups(kanalen) if kanalen is not None else None
    new_url = abonnement.callback_url if callback_url is None else callback_url
    new_auth = abonnement.auth if auth is None else auth
    if check and (new_url != abonnement.callback_url or new_auth != abonnement.auth):
        check_callback(callback_url=new_url, auth=new_auth)
    abonnement.callback_url, abonnement.auth = new_url, new_auth
    abonnement.save(update_fields=["callback_url", "auth"])
    if groups is not None:
        abonnement.filter_groups.all().delete()
        FilterGroup.objects.bulk_create(
            [FilterGroup(abonnement=abonnement, kanaal=kanaal, filters=filters) for kanaal, filters in groups]
        )
    return abonnement


@transaction.atomic
def delete_abonnement(*, abonnement: Abonnement) -> None:
    """Remove a subscription; its deliveries (and their history) go with it."""
    abonnement.delete()
