"""Staff web forms for case handling. They only check the shape of the input; every rule is in the services.

A form field that belongs to a service exception's ``field`` shows that exception's message (see
:func:`add_service_error`); nothing the user typed is lost because bound forms are rendered again.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from . import referentielijsten
from .models import (
    Afleidingswijze,
    Archiefnominatie,
    Confidentiality,
    RelationKind,
    RoleGeneric,
    ServiceLevel,
)

DEADLINE_CHOICES = [("", _("Alle termijnen")), ("soon", _("Termijn verloopt binnenkort")), ("overdue", _("Termijn overschreden"))]
SORT_CHOICES = [
    ("deadline", _("Termijn (eerst verlopend)")),
    ("-deadline", _("Termijn (laatst verlopend)")),
    ("-registratiedatum", _("Nieuwste eerst")),
    ("registratiedatum", _("Oudste eerst")),
    ("identificatie", _("Zaaknummer")),
]


class StaffForm(forms.Form):
    """Adds the NL Design System classes to the widgets."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "utrecht-checkbox utrecht-checkbox--html-input"
            elif isinstance(widget, forms.Select):
                css = "utrecht-select utrecht-select--html-select"
            elif isinstance(widget, forms.Textarea):
                css = "utrecht-textarea utrecht-textarea--html-textarea"
                widget.attrs.setdefault("rows", 3)
            elif isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
                css = ""
            else:
                css = "utrecht-textbox utrecht-textbox--html-input"
            if css:
                widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()


def add_service_error(form: forms.Form, exc) -> None:
    """Show a service exception on its field (when the form has it), else as a form error."""
    field = getattr(exc, "field", None)
    form.add_error(field if field in form.fields else None, str(exc))


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


# -- Work queues -----------------------------------------------------------------------------------------


class QueueFilterForm(StaffForm):
    zaaktype = forms.ChoiceField(label=_("Zaaktype"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    deadline = forms.ChoiceField(label=_("Termijn"), choices=DEADLINE_CHOICES, required=False)
    unassigned = forms.BooleanField(label=_("Enkel zonder behandelaar"), required=False)
    search = forms.CharField(label=_("Zoek op zaaknummer of omschrijving"), max_length=100, required=False)
    sort = forms.ChoiceField(label=_("Sorteren op"), choices=SORT_CHOICES, required=False)

    def __init__(self, *args, case_types=(), status_names=(), **kwargs):
        super().__init__(*args, **kwargs)
        codes = {}
        for zaaktype in case_types:
            codes.setdefault(zaaktype.identificatie, zaaktype.omschrijving)
        self.fields["zaaktype"].choices = [("", _("Alle zaaktypes"))] + sorted(codes.items(), key=lambda item: item[1].lower())
        self.fields["status"].choices = [("", _("Alle statussen"))] + [(name, name) for name in status_names]

    def to_filters(self) -> dict:
        data = self.cleaned_data
        return {
            "zaaktype": [data["zaaktype"]] if data.get("zaaktype") else [],
            "status": [data["status"]] if data.get("status") else [],
            "deadline": data.get("deadline") or "",
            "unassigned": bool(data.get("unassigned")),
            "search": (data.get("search") or "").strip(),
            "sort": data.get("sort") or "deadline",
        }

    @staticmethod
    def initial_from_filters(filters: dict) -> dict:
        return {
            "zaaktype": (filters.get("zaaktype") or [""])[0], "status": (filters.get("status") or [""])[0],
            "deadline": filters.get("deadline", ""), "unassigned": filters.get("unassigned", False),
            "search": filters.get("search", ""), "sort": filters.get("sort", "deadline"),
        }


class SaveFilterForm(StaffForm):
    name = forms.CharField(label=_("Naam van het filter"), max_length=100)
    shared_with = forms.ModelChoiceField(label=_("Delen met afdeling"), queryset=None, required=False,
                                         empty_label=_("Niet delen"))

    def __init__(self, *args, departments=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["shared_with"].queryset = departments


class _AssignmentForm(StaffForm):
    """department / team / assignee choices (the fields are declared by the subclasses)."""

    def __init__(self, *args, departments=None, teams=None, staff=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments
        self.fields["team"].queryset = teams
        self.fields["assignee"].queryset = staff
        self.fields["team"].label_from_instance = lambda team: f"{team.name} ({team.department.name})"


class BulkAssignForm(_AssignmentForm):
    department = forms.ModelChoiceField(label=_("Naar afdeling"), queryset=None, required=False, empty_label=_("Afdeling niet wijzigen"))
    team = forms.ModelChoiceField(label=_("Naar team"), queryset=None, required=False, empty_label=_("Team niet wijzigen"))
    assignee = forms.ModelChoiceField(label=_("Naar behandelaar"), queryset=None, required=False,
                                      empty_label=_("Behandelaar niet wijzigen"))

    def clean(self):
        data = super().clean()
        if not any(data.get(name) for name in ("department", "team", "assignee")):
            raise forms.ValidationError(_("Kies een afdeling, een team of een behandelaar."))
        return data


# -- New case ----------------------------------------------------------------------------------------------


class NewCaseForm(StaffForm):
    zaaktype = forms.ModelChoiceField(label=_("Zaaktype"), queryset=None, empty_label=_("Kies een zaaktype"))
    omschrijving = forms.CharField(label=_("Omschrijving"), max_length=80,
                                   help_text=_("Kort: waarover gaat de zaak? Hoogstens 80 tekens."))
    toelichting = forms.CharField(label=_("Toelichting"), widget=forms.Textarea, required=False, max_length=5000)
    party_query = forms.CharField(label=_("Zoek de aanvrager op naam"), max_length=100, required=False,
                                  help_text=_("Niet verplicht. Typ een deel van de naam en kies 'Zoek klant'."))
    initiator = forms.ModelChoiceField(label=_("Kies de aanvrager"), queryset=None, required=False, widget=forms.RadioSelect,
                                       empty_label=_("Geen aanvrager"))
    department = forms.ModelChoiceField(label=_("Afdeling"), queryset=None, required=False,
                                        empty_label=_("De afdeling van het zaaktype"))
    assignee = forms.ModelChoiceField(label=_("Behandelaar"), queryset=None, required=False, empty_label=_("Nog niemand"))

    def __init__(self, *args, case_types=None, parties=None, departments=None, staff=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["zaaktype"].queryset = case_types
        self.fields["initiator"].queryset = parties
        self.fields["department"].queryset = departments
        self.fields["assignee"].queryset = staff
        self.fields["initiator"].label_from_instance = lambda party: f"{party.display_name} – {party.address}"
        self.fields["zaaktype"].label_from_instance = lambda zaaktype: zaaktype.omschrijving


# -- The case page -----------------------------------------------------------------------------------------


class StatusForm(StaffForm):
    statustype = forms.UUIDField(label=_("Nieuwe status"), widget=forms.Select)
    toelichting = forms.CharField(label=_("Toelichting"), max_length=1000, required=False, widget=forms.Textarea)

    def __init__(self, *args, statustypen=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["statustype"].widget.choices = [("", _("Kies een status"))] + [(str(st.uuid), st.omschrijving) for st in statustypen]


class NoteForm(StaffForm):
    text = forms.CharField(label=_("Notitie"), widget=forms.Textarea, max_length=10000)


def target_choices(departments, partners) -> list:
    """Options "afdeling:<pk>" grouped per organisation, then "organisatie:<pk>" for partners as a whole."""
    choices = [("", _("Kies een afdeling of partner"))]
    by_org: dict = {}
    for department in departments:
        by_org.setdefault(department.organisation.name, []).append((f"afdeling:{department.pk}", department.name))
    choices.extend(by_org.items())
    if partners:
        choices.append((_("Partnerorganisatie als geheel"), [(f"organisatie:{org.pk}", org.name) for org in partners]))
    return choices


class TaskForm(StaffForm):
    title = forms.CharField(label=_("Wat moet er gebeuren?"), max_length=200)
    target = forms.CharField(label=_("Voor afdeling of partner"), widget=forms.Select)
    deadline = forms.DateField(label=_("Termijn"), widget=DateInput)
    description = forms.CharField(label=_("Toelichting"), widget=forms.Textarea, required=False, max_length=5000)

    def __init__(self, *args, departments=(), partners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].widget.choices = target_choices(departments, partners)

    def clean_target(self):
        value = self.cleaned_data["target"]
        kind, _sep, pk = value.partition(":")
        if kind not in ("afdeling", "organisatie") or not pk:
            raise forms.ValidationError(_("Kies een afdeling of partner."))
        return kind, pk


class TaskReturnForm(StaffForm):
    reason = forms.CharField(label=_("Reden van terugsturen"), widget=forms.Textarea, max_length=5000)


class TaskCompleteForm(StaffForm):
    response = forms.CharField(label=_("Antwoord of resultaat"), widget=forms.Textarea, required=False, max_length=10000)


class DocumentForm(StaffForm):
    file = forms.FileField(label=_("Bestand"))
    informatieobjecttype = forms.UUIDField(label=_("Documenttype"), widget=forms.Select)
    titel = forms.CharField(label=_("Titel"), max_length=200, required=False, help_text=_("Leeg: de bestandsnaam."))
    beschrijving = forms.CharField(label=_("Beschrijving"), widget=forms.Textarea, required=False, max_length=5000)

    def __init__(self, *args, document_types=(), max_size_text="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["informatieobjecttype"].widget.choices = [("", _("Kies een documenttype"))] + [
            (str(t.uuid), t.omschrijving) for t in document_types
        ]
        if max_size_text:
            self.fields["file"].help_text = max_size_text


class DocumentVersionForm(StaffForm):
    document = forms.UUIDField(label=_("Document"), widget=forms.Select)
    file = forms.FileField(label=_("Nieuwe versie"))

    def __init__(self, *args, documents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].widget.choices = [("", _("Kies een document"))] + [
            (str(link.informatieobject.uuid), link.titel or str(link.informatieobject)) for link in documents
        ]


class DecisionForm(StaffForm):
    besluittype = forms.ModelChoiceField(label=_("Besluittype"), queryset=None, empty_label=_("Kies een besluittype"))
    datum = forms.DateField(label=_("Datum van het besluit"), widget=DateInput)
    ingangsdatum = forms.DateField(label=_("Ingangsdatum"), widget=DateInput)
    vervaldatum = forms.DateField(label=_("Vervaldatum"), widget=DateInput, required=False)
    verzenddatum = forms.DateField(label=_("Verzenddatum"), widget=DateInput, required=False,
                                   help_text=_("Daaruit volgt de uiterste reactiedatum."))
    toelichting = forms.CharField(label=_("Toelichting"), widget=forms.Textarea, required=False, max_length=5000)

    def __init__(self, *args, besluittypen=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["besluittype"].queryset = besluittypen


class SuspendForm(StaffForm):
    reason = forms.CharField(label=_("Reden van opschorting"), max_length=200)


class ExtendForm(StaffForm):
    reason = forms.CharField(label=_("Reden van verlenging"), max_length=200)
    days = forms.IntegerField(label=_("Aantal dagen"), min_value=1, max_value=3650, required=False,
                              help_text=_("Leeg: de volledige verlengingstermijn van het zaaktype."))


class CloseForm(StaffForm):
    resultaattype = forms.UUIDField(label=_("Resultaat"), widget=forms.Select, required=False)
    toelichting = forms.CharField(label=_("Toelichting"), max_length=1000, required=False, widget=forms.Textarea)
    cancel_open_tasks = forms.BooleanField(label=_("Open taken annuleren"), required=False)

    def __init__(self, *args, resultaattypen=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resultaattype"].widget.choices = [("", _("Kies een resultaat"))] + [
            (str(r.uuid), r.omschrijving) for r in resultaattypen
        ]


class ReopenForm(StaffForm):
    reason = forms.CharField(label=_("Reden om te heropenen"), max_length=500, widget=forms.Textarea)


class AssignForm(_AssignmentForm):
    department = forms.ModelChoiceField(label=_("Afdeling"), queryset=None, empty_label=None)
    team = forms.ModelChoiceField(label=_("Team"), queryset=None, required=False, empty_label=_("Geen team"))
    assignee = forms.ModelChoiceField(label=_("Behandelaar"), queryset=None, required=False, empty_label=_("Geen behandelaar"))


class RelateForm(StaffForm):
    identificatie = forms.CharField(label=_("Zaaknummer van de andere zaak"), max_length=40)
    aard_relatie = forms.ChoiceField(label=_("Soort relatie"), choices=RelationKind.choices)


class SubCaseForm(StaffForm):
    zaaktype = forms.ModelChoiceField(label=_("Zaaktype van de deelzaak"), queryset=None, empty_label=_("Kies een zaaktype"))
    omschrijving = forms.CharField(label=_("Omschrijving"), max_length=80)

    def __init__(self, *args, case_types=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["zaaktype"].queryset = case_types
        self.fields["zaaktype"].label_from_instance = lambda zaaktype: zaaktype.omschrijving


# -- Case type builder ---------------------------------------------------------------------------------------


class CaseTypeForm(StaffForm):
    catalogus = forms.ModelChoiceField(label=_("Catalogus"), queryset=None, empty_label=None)
    identificatie = forms.CharField(label=_("Code"), max_length=50, help_text=_("Gelijk voor alle versies, bv. PARKEERVERGUNNING."))
    omschrijving = forms.CharField(label=_("Naam"), max_length=80)
    department = forms.ModelChoiceField(label=_("Verantwoordelijke afdeling"), queryset=None, empty_label=_("Kies een afdeling"))
    service_level = forms.ChoiceField(label=_("Niveau van dienstverlening"), choices=ServiceLevel.choices)
    vertrouwelijkheidaanduiding = forms.ChoiceField(label=_("Vertrouwelijkheid"), choices=Confidentiality.choices,
                                                    initial=Confidentiality.ZAAKVERTROUWELIJK)
    doorlooptijd_days = forms.IntegerField(label=_("Afhandeltermijn (dagen)"), min_value=1, max_value=3650)
    working_days = forms.BooleanField(label=_("Termijn in werkdagen (anders kalenderdagen)"), required=False, initial=True)
    servicenorm_days = forms.IntegerField(label=_("Servicenorm (dagen)"), min_value=1, max_value=3650, required=False)
    opschorting_en_aanhouding_mogelijk = forms.BooleanField(label=_("Opschorten mogelijk"), required=False)
    max_suspension_days = forms.IntegerField(label=_("Maximale opschorting (dagen)"), min_value=1, max_value=3650, required=False)
    verlenging_mogelijk = forms.BooleanField(label=_("Verlengen mogelijk"), required=False)
    verlengingstermijn_days = forms.IntegerField(label=_("Verlengingstermijn (dagen)"), min_value=1, max_value=3650, required=False)
    begin_geldigheid = forms.DateField(label=_("Geldig vanaf"), widget=DateInput, required=False,
                                       help_text=_("Leeg: vandaag."))
    selectielijst_procestype = forms.ChoiceField(label=_("Selectielijst-procestype"), required=False,
                                                 help_text=_("Bepaalt welke selectielijstklassen de resultaten kunnen krijgen."))
    doel = forms.CharField(label=_("Doel"), widget=forms.Textarea, required=False, max_length=5000)
    toelichting = forms.CharField(label=_("Toelichting"), widget=forms.Textarea, required=False, max_length=5000)

    def __init__(self, *args, catalogi=None, departments=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["catalogus"].queryset = catalogi
        self.fields["department"].queryset = departments
        self.fields["selectielijst_procestype"].choices = [("", _("Geen"))] + [
            (row["url"], f"{row['nummer']}. {row['naam']}") for row in sorted(referentielijsten.procestypen(), key=lambda r: r["nummer"])
        ]

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        fields = {name: data[name] for name in (
            "service_level", "vertrouwelijkheidaanduiding", "working_days", "servicenorm_days",
            "opschorting_en_aanhouding_mogelijk", "max_suspension_days", "verlenging_mogelijk", "verlengingstermijn_days",
            "doel", "toelichting",
        )}
        fields["selectielijst_procestype"] = data.get("selectielijst_procestype") or None
        return fields


class StatusTypeForm(StaffForm):
    omschrijving = forms.CharField(label=_("Status"), max_length=80)
    statustekst = forms.CharField(label=_("Tekst voor de klant"), max_length=1000, required=False)
    informeren = forms.BooleanField(label=_("Klant informeren bij deze status"), required=False)


class ResultTypeForm(StaffForm):
    omschrijving = forms.CharField(label=_("Resultaat"), max_length=30)
    selectielijstklasse = forms.ChoiceField(label=_("Selectielijstklasse"), required=False,
                                            help_text=_("Geeft de archiefnominatie en de bewaartermijn als je die leeg laat."))
    archiefnominatie = forms.ChoiceField(label=_("Archiefnominatie"), required=False,
                                         choices=[("", _("Uit de selectielijstklasse"))] + Archiefnominatie.choices)
    archiefactietermijn = forms.CharField(label=_("Archiefactietermijn"), max_length=20, required=False,
                                          help_text=_("ISO 8601-duur, bv. P10Y."))
    afleidingswijze = forms.ChoiceField(label=_("Brondatum afleiden uit"), choices=Afleidingswijze.choices)
    datumkenmerk = forms.CharField(label=_("Datumkenmerk"), max_length=80, required=False)
    procestermijn = forms.CharField(label=_("Procestermijn"), max_length=20, required=False,
                                    help_text=_("ISO 8601-duur, enkel voor afleidingswijze termijn."))

    def __init__(self, *args, procestype=None, **kwargs):
        super().__init__(*args, **kwargs)
        if procestype:
            self.fields["selectielijstklasse"].choices = [("", _("Geen"))] + [
                (row["url"], f"{row['volledigNummer']} {row['naam']} ({row['waardering']}, {row.get('bewaartermijn') or '-'})")
                for row in referentielijsten.resultaten(procestype)
            ]
        else:
            del self.fields["selectielijstklasse"]


class RoleTypeForm(StaffForm):
    omschrijving = forms.CharField(label=_("Rol"), max_length=100)
    omschrijving_generiek = forms.ChoiceField(label=_("Soort rol"), choices=RoleGeneric.choices)


class ProcessStepForm(StaffForm):
    name = forms.CharField(label=_("Stap"), max_length=200)
    order = forms.IntegerField(label=_("Volgorde"), min_value=1, max_value=99,
                               help_text=_("Stappen met hetzelfde nummer lopen parallel."))
    target = forms.CharField(label=_("Wie doet het?"), widget=forms.Select)
    deadline_days = forms.IntegerField(label=_("Termijn (dagen)"), min_value=1, max_value=3650)
    working_days = forms.BooleanField(label=_("Termijn in werkdagen"), required=False, initial=True)
    statustype = forms.UUIDField(label=_("Start bij status"), widget=forms.Select, required=False)
    description = forms.CharField(label=_("Omschrijving"), widget=forms.Textarea, required=False, max_length=5000)

    def __init__(self, *args, departments=(), partners=(), statustypen=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].widget.choices = target_choices(departments, partners)
        self.fields["statustype"].widget.choices = [("", _("Na de vorige stap (of bij aanmaken)"))] + [
            (str(st.uuid), st.omschrijving) for st in statustypen
        ]

    clean_target = TaskForm.clean_target


class DocumentTypeLinkForm(StaffForm):
    informatieobjecttype = forms.ModelChoiceField(label=_("Documenttype"), queryset=None, empty_label=_("Kies een documenttype"))

    def __init__(self, *args, document_types=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["informatieobjecttype"].queryset = document_types


class ProductLinkForm(StaffForm):
    product = forms.ModelChoiceField(label=_("Product uit de catalogus"), queryset=None, empty_label=_("Kies een product"))

    def __init__(self, *args, products=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = products


class NewVersionForm(StaffForm):
    begin_geldigheid = forms.DateField(label=_("Nieuwe versie geldig vanaf"), widget=DateInput)
