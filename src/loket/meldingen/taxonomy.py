"""The category taxonomy shipped with Loket (data/signalen-categories.json: 9 main, 77 sub categories) and the
handling promise per handling code: a deadline in work or calendar days and the standard text the reporter gets.

The texts are Loket's own. Staff can change every category afterwards (admin); loading again updates names only of
categories that exist and adds missing ones, so local changes to deadlines and texts survive.
"""

import json
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

DATA = Path(__file__).parent / "data" / "signalen-categories.json"


@dataclass(frozen=True)
class Handling:
    days: int
    working_days: bool
    message: str


HANDLING = {
    "A3DEC": Handling(3, True, "We bekijken uw melding en ruimen dit binnen 3 werkdagen op."),
    "A3DMC": Handling(3, True, "We bekijken uw melding binnen 3 werkdagen en laten u weten wat we doen."),
    "A3DEVOMC": Handling(3, True, "Binnen 3 werkdagen laten we u weten wat we gedaan hebben, of wanneer we het oppakken."),
    "A3WMC": Handling(21, False, "We behandelen uw melding binnen 3 weken en houden u op de hoogte."),
    "A3WEC": Handling(21, False, "We behandelen uw melding binnen 3 weken."),
    "I5DMC": Handling(5, True, "We bekijken uw melding binnen 5 werkdagen en laten u weten wat er gebeurt."),
    "STOPEC": Handling(2, True, "Een defect verkeerslicht heeft voorrang: we sturen binnen 2 werkdagen iemand langs."),
    "KLOKLICHTZC": Handling(
        5, True, "We herstellen straatverlichting en klokken binnen 5 werkdagen. Is een paal beschadigd of "
        "gevaarlijk, dan komen we sneller.",
    ),
    "GLADZC": Handling(1, False, "Bij gladheid strooien we eerst de hoofdwegen en fietsroutes, daarna de andere straten."),
    "WS1EC": Handling(3, True, "We geven uw melding door aan de toezichthouders op het water."),
    "WS2EC": Handling(5, True, "We geven uw melding door aan de toezichthouders op het water; zij bekijken wat nodig is."),
    "REST": Handling(5, True, "We bekijken uw melding binnen 5 werkdagen en laten u weten wat er gebeurt."),
}

# Default reporter texts per state; a category's ``status_texts`` overrides them.
DEFAULT_STATUS_TEXTS = {
    "awaiting": "Uw melding is bij de juiste dienst aangekomen en wacht op behandeling.",
    "in_progress": "We zijn met uw melding bezig.",
    "planned": "Het werk voor uw melding is ingepland.",
    "on_hold": "Uw melding ligt even stil; we laten u weten wanneer we verder gaan.",
    "forwarded": "We hebben uw melding doorgestuurd naar de organisatie die dit oplost.",
    "handled": "Uw melding is afgehandeld. Bedankt om het te melden.",
    "cancelled": "Uw melding is geannuleerd.",
    "reopened": "We hebben uw melding opnieuw geopend en bekijken ze opnieuw.",
    "reopen_requested": "We hebben uw vraag om de melding te heropenen ontvangen.",
}

# Reports about people are not shown on the public map (privacy); the rest are.
NOT_PUBLIC_MAIN = {"overlast-van-en-door-personen-of-groepen", "overlast-bedrijven-en-horeca"}

CONTAINER_QUESTION = {
    "key": "container_type", "label": "Welke container?", "type": "choice", "required": False,
    "choices": ["Glas", "Papier en karton", "Restafval", "PMD / plastic", "Textiel", "Weet ik niet"],
}
DANGER_QUESTION = {"key": "dangerous", "label": "Is het gevaarlijk?", "type": "boolean", "required": False}
EXTRA_QUESTIONS = {
    "container-is-vol": [CONTAINER_QUESTION],
    "container-is-kapot": [CONTAINER_QUESTION, DANGER_QUESTION],
    "straatverlichting-openbare-klok": [
        {"key": "light_number", "label": "Nummer op de paal (als u het ziet)", "type": "text", "required": False},
        DANGER_QUESTION,
    ],
    "onderhoud-stoep-straat-en-fietspad": [DANGER_QUESTION],
    "boom": [DANGER_QUESTION],
    "verkeerslicht": [DANGER_QUESTION],
    "asbest-accu": [DANGER_QUESTION],
    "auto-scooter-bromfietswrak": [
        {"key": "license_plate", "label": "Nummerplaat (als die er is)", "type": "text", "required": False},
    ],
}


def load_records() -> list[dict]:
    return json.loads(DATA.read_text(encoding="utf-8"))


@transaction.atomic
def load_taxonomy(organisation, *, department=None) -> dict[str, int]:
    """Create (or complete) the organisation's categories from the shipped taxonomy. Returns counts."""
    from .models import Category

    records = [r for r in load_records() if r["model"] == "signals.category"]
    by_pk = {r["pk"]: r["fields"] for r in records}
    mains, subs = {}, 0
    for record in records:
        fields = record["fields"]
        if fields["parent"] is None:
            mains[record["pk"]], _ = Category.objects.update_or_create(
                organisation=organisation, slug=fields["slug"], parent=None,
                defaults={"name": fields["name"], "is_active": fields["is_active"]},
                create_defaults={
                    "name": fields["name"], "is_active": fields["is_active"], "handling_code": fields["handling"],
                    "is_public": fields["slug"] not in NOT_PUBLIC_MAIN, "department": department,
                },
            )
    for record in records:
        fields = record["fields"]
        if fields["parent"] is None:
            continue
        handling = HANDLING.get(fields["handling"], HANDLING["REST"])
        main_slug = by_pk[fields["parent"]]["slug"]
        Category.objects.update_or_create(
            organisation=organisation, slug=fields["slug"], parent=mains[fields["parent"]],
            defaults={"name": fields["name"], "is_active": fields["is_active"]},
            create_defaults={
                "name": fields["name"], "is_active": fields["is_active"], "handling_code": fields["handling"],
                "deadline_days": handling.days, "deadline_working_days": handling.working_days,
                "handling_message": handling.message, "is_public": main_slug not in NOT_PUBLIC_MAIN,
                "extra_questions": EXTRA_QUESTIONS.get(fields["slug"], []), "department": department,
            },
        )
        subs += 1
    return {"main": len(mains), "sub": subs}
