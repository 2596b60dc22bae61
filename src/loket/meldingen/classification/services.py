"""Training, storing and using the classifier.

- ``train(organisation=None)``: fit on the seed set (plus, for an organisation, its handled meldingen with
  their final category after staff correction, read through ``loket.meldingen.selectors.training_examples``)
  and store a new :class:`TrainedClassifier` row. Without an organisation: the seed model everyone starts from.
- ``classify(text, organisation=None)``: ranked main and sub categories. Uses the organisation's newest model,
  else the newest seed model; trains (and stores) the seed model on first use when there is none.
- Each process keeps the models it loaded and checks at most every ``RECHECK_SECONDS`` whether a newer version
  was stored (by the retraining job in a worker), so a classification costs no database query most of the time.

The stored payload is our own pickled :class:`HierarchicalClassifier`, signed with an HMAC over the bytes (key
derived from SECRET_KEY): a row is only unpickled when the signature matches, and a model stored by another
scikit-learn version is not used (it is retrained instead).
"""

import hashlib
import hmac
import io
import logging
import pickle
import random
import threading
import time
from dataclasses import dataclass

import sklearn
from django.conf import settings
from django.db import connection, transaction

from . import Classification, Ranked
from .models import TrainedClassifier
from .pipeline import MAX_CHARS, HierarchicalClassifier, augment
from .seed import seed_examples
from .taxonomy import taxonomy

logger = logging.getLogger(__name__)

RECHECK_SECONDS = 30.0
KEEP_VERSIONS = 3  # per organisation (and for the seed model)
OWN_WEIGHT = 2.0  # a handled melding of the municipality itself counts double against a seed text
AUGMENT_WEIGHT = 0.5  # a typo/lower-case variation of a seed text
AUGMENT_SHARE = 0.5  # the share of seed texts that get one variation (all of them: 2.5x the training time)
AUGMENT_SEED = 20261127
_SEED_LOCK_ID = 7_000_771  # pg advisory lock: one process trains the missing seed model, the others wait


class ClassifierUnavailable(RuntimeError):
    pass


# -- Training -----------------------------------------------------------------------------------------------


@dataclass
class TrainingSet:
    texts: list[str]
    mains: list[str]
    subs: list[str]
    weights: list[float]
    groups: list[int]  # a text and its variations share a group (kept in one fold when calibrating)
    own: int = 0


def training_set(*, organisation=None, augmented: bool = True, examples=None) -> TrainingSet:
    """Seed (or given) examples, their typing variations, and the organisation's own handled meldingen."""
    examples = list(seed_examples() if examples is None else examples)
    data = TrainingSet(
        texts=[e.text for e in examples],
        mains=[e.main for e in examples],
        subs=[e.sub for e in examples],
        weights=[1.0] * len(examples),
        groups=list(range(len(examples))),
    )
    if augmented:
        rng = random.Random(AUGMENT_SEED)  # noqa: S311 - typo simulation, not security
        for group, e in enumerate(examples):
            if rng.random() >= AUGMENT_SHARE:
                continue
            data.texts.append(augment(e.text, rng))
            data.mains.append(e.main)
            data.subs.append(e.sub)
            data.weights.append(AUGMENT_WEIGHT)
            data.groups.append(group)
    if organisation is not None:
        from loket.meldingen.selectors import training_examples

        parent = taxonomy().parent
        for text, main, sub in training_examples(organisation):
            if text and text.strip() and parent.get(sub) == main:
                data.texts.append(text)
                data.mains.append(main)
                data.subs.append(sub)
                data.weights.append(OWN_WEIGHT)
                data.groups.append(len(data.groups))
                data.own += 1
    return data


def fit(data: TrainingSet) -> HierarchicalClassifier:
    return HierarchicalClassifier().fit(
        data.texts, data.mains, data.subs, parent=taxonomy().parent, sample_weight=data.weights, groups=data.groups
    )


def _signature(payload: bytes) -> str:
    key = hashlib.sha256(b"loket.meldingen.classifier:" + settings.SECRET_KEY.encode()).digest()
    return hmac.new(key, payload, hashlib.sha256).hexdigest()


def _dump(model: HierarchicalClassifier) -> bytes:
    buffer = io.BytesIO()
    pickle.dump(model, buffer, protocol=pickle.HIGHEST_PROTOCOL)
    return buffer.getvalue()


def _load(row: TrainedClassifier) -> HierarchicalClassifier:
    payload = bytes(row.payload)
    if row.sklearn_version != sklearn.__version__:
        raise ClassifierUnavailable(f"model {row.pk} was trained with scikit-learn {row.sklearn_version}")
    if not hmac.compare_digest(row.signature, _signature(payload)):
        raise ClassifierUnavailable(f"model {row.pk} has an invalid signature")
    # Only our own pickled object reaches this point (its HMAC matches), so unpickling it is safe.
    return pickle.loads(payload)  # noqa: S301


def train(*, organisation=None) -> TrainedClassifier:
    """Fit and store a new version; older versions beyond KEEP_VERSIONS are removed."""
    started = time.perf_counter()
    data = training_set(organisation=organisation)
    model = fit(data)
    payload = _dump(model)
    with transaction.atomic():
        row = TrainedClassifier.objects.create(
            organisation=organisation,
            seed_examples=len(seed_examples()),
            own_examples=data.own,
            training_seconds=round(time.perf_counter() - started, 2),
            sklearn_version=sklearn.__version__,
            signature=_signature(payload),
            payload=payload,
        )
        old = TrainedClassifier.objects.filter(organisation=organisation).order_by("-created_at", "-id")
        TrainedClassifier.objects.filter(pk__in=list(old.values_list("pk", flat=True)[KEEP_VERSIONS:])).delete()
    logger.info(
        "classifier trained",
        extra={"organisation_id": getattr(organisation, "pk", None), "own_examples": data.own,
               "seconds": row.training_seconds},
    )
    _CACHE.put(row.organisation_id, row.pk, model)
    return row


def ensure_seed_model() -> TrainedClassifier:
    """The newest seed model; trains and stores one if there is none (one process at a time)."""
    row = TrainedClassifier.objects.filter(organisation=None).first()
    if row is not None:
        return row
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_SEED_LOCK_ID])
        row = TrainedClassifier.objects.filter(organisation=None).first()
        if row is None:
            row = train(organisation=None)
    return row


# -- Using ---------------------------------------------------------------------------------------------------


@dataclass
class _Entry:
    row_id: int | None
    model: HierarchicalClassifier | None
    checked_at: float


class _ModelCache:
    """Per process: organisation id (None: seed) -> the loaded model, rechecked every RECHECK_SECONDS."""

    def __init__(self):
        self._entries: dict[int | None, _Entry] = {}
        self._lock = threading.Lock()

    def put(self, organisation_id, row_id, model):
        with self._lock:
            self._entries[organisation_id] = _Entry(row_id, model, time.monotonic())

    def clear(self):
        with self._lock:
            self._entries.clear()

    def get(self, organisation_id) -> HierarchicalClassifier:
        entry = self._entries.get(organisation_id)
        now = time.monotonic()
        if entry is not None and now - entry.checked_at < RECHECK_SECONDS:
            return entry.model
        with self._lock:
            entry = self._entries.get(organisation_id)
            if entry is not None and time.monotonic() - entry.checked_at < RECHECK_SECONDS:
                return entry.model
            newest = (
                TrainedClassifier.objects.filter(organisation_id=organisation_id)
                .values_list("pk", flat=True)
                .first()
            )
            if newest is None:  # remembered too, so an organisation without a model costs no query
                self._entries[organisation_id] = _Entry(None, None, time.monotonic())
                return None
            if entry is not None and entry.row_id == newest:
                entry.checked_at = time.monotonic()
                return entry.model
            row = TrainedClassifier.objects.get(pk=newest)
            try:
                model = _load(row)
            except ClassifierUnavailable as exc:
                # Remembered as unusable until a newer version is stored (no reloading of the payload per call).
                logger.warning("stored classifier not usable", extra={"reason": str(exc)})
                model = None
            self._entries[organisation_id] = _Entry(row.pk, model, time.monotonic())
            return model

    def forget(self, organisation_id):
        with self._lock:
            self._entries.pop(organisation_id, None)


_CACHE = _ModelCache()


def _model_for(organisation) -> HierarchicalClassifier:
    organisation_id = getattr(organisation, "pk", None)
    if organisation_id is not None:
        model = _CACHE.get(organisation_id)
        if model is not None:
            return model
    model = _CACHE.get(None)
    if model is None:
        row = ensure_seed_model()  # may have been stored by another process since the last check
        _CACHE.forget(None)
        model = _CACHE.get(None)
        if model is None:  # stored by another scikit-learn version or with another key: replace it
            row = train(organisation=None)
            model = _CACHE.get(None)
        if model is None:
            raise ClassifierUnavailable(f"seed model {row.pk} cannot be loaded")
    return model


def classify(text: str, organisation=None) -> Classification:
    """Ranked main and sub categories (every category, best first) for a resident's text."""
    text = (text or "").strip()[:MAX_CHARS]  # the model reads the first MAX_CHARS characters only
    if not text:
        return Classification(main=[], sub=[])
    model = _model_for(organisation)
    mains, subs = model.rank(text)
    tax = taxonomy()
    return Classification(
        main=[Ranked(slug, tax.main_names.get(slug, slug), confidence) for slug, confidence in mains],
        sub=[Ranked(slug, tax.sub_names.get(slug, slug), confidence) for slug, confidence in subs],
    )
