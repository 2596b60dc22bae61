"""Forms of the contact-centre workspace (staff texts address the reader as "je")."""

from django import forms
from django.utils.translation import gettext_lazy as _

from loket.cases.forms import DateInput, StaffForm

from . import models

# Why a staff member opens a party: recorded in the audit log with every view of the party.
OPEN_REASONS = [
    ("Klant aan de lijn", _("Klant aan de lijn")),
    ("Klant aan de balie", _("Klant aan de balie")),
    ("Terugbelverzoek behandelen", _("Terugbelverzoek behandelen")),
    ("E-mail of brief beantwoorden", _("E-mail of brief beantwoorden")),
    ("Zaak of melding namens de klant", _("Zaak of melding namens de klant")),
]
OTHER = "andere"


class SearchForm(StaffForm):
    q = forms.CharField(label=_("Zoek een klant"), max_length=200, required=False,
                        help_text=_("Naam, adres, rijksregister-/BSN-nummer, telefoon, e-mail of zaaknummer."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.input_type = "search"
        self.fields["q"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})


class ReasonForm(StaffForm):
    """The reason to open a party; "andere" asks for a text of your own."""

    reason = forms.ChoiceField(label=_("Reden om het klantbeeld te openen"), choices=[*OPEN_REASONS, (OTHER, _("Andere reden"))],
                               initial=OPEN_REASONS[0][0])
    other_reason = forms.CharField(label=_("Andere reden"), max_length=200, required=False,
                                   help_text=_("Enkel nodig bij 'Andere reden'."))

    def clean(self):
        data = super().clean()
        if data.get("reason") == OTHER:
            if not (data.get("other_reason") or "").strip():
                self.add_error("other_reason", _("Geef de reden op."))
            else:
                data["reason"] = data["other_reason"].strip()
        return data


class RevealForm(StaffForm):
    reveal_reason = forms.CharField(label=_("Waarom heb je het volledige nummer nodig?"), max_length=200,
                                    help_text=_("Bijvoorbeeld: identiteit controleren aan de telefoon."))


# Outcomes a staff member chooses for an incoming contact ("answered at first contact" preselected).
INCOMING_OUTCOMES = (models.ContactOutcome.ANSWERED, models.ContactOutcome.HANDED_ON, models.ContactOutcome.APPOINTMENT)


class ContactForm(StaffForm):
    """A contact moment: question, product, answer, channel (phone preselected), outcome, optionally a hand-over."""

    question = forms.CharField(label=_("Vraag"), max_length=5000, widget=forms.Textarea,
                               help_text=_("Het product wordt voorgesteld terwijl je typt."))
    product_query = forms.CharField(label=_("Product zoeken"), max_length=200, required=False)
    product = forms.TypedChoiceField(label=_("Product"), coerce=int, required=False, empty_value=None,
                                     widget=forms.RadioSelect)
    answer = forms.CharField(label=_("Antwoord"), max_length=10000, required=False, widget=forms.Textarea,
                             help_text=_("Nodig als de vraag bij het eerste contact beantwoord is."))
    channel = forms.ChoiceField(label=_("Kanaal"), choices=models.ContactChannel.choices, initial=models.ContactChannel.PHONE)
    outcome = forms.ChoiceField(label=_("Resultaat"), initial=models.ContactOutcome.ANSWERED, widget=forms.RadioSelect,
                                choices=[(value, models.ContactOutcome(value).label) for value in INCOMING_OUTCOMES])
    handover_department = forms.ModelChoiceField(label=_("Aan afdeling"), queryset=None, required=False,
                                                 empty_label=_("Geen afdeling"))
    handover_assignee = forms.ModelChoiceField(label=_("Of aan een persoon"), queryset=None, required=False,
                                               empty_label=_("Geen persoon"))
    handover_deadline = forms.DateField(label=_("Terugbellen uiterlijk op"), required=False, widget=DateInput(),
                                        help_text=_("Standaard binnen 2 werkdagen."))
    handover_note = forms.CharField(label=_("Toelichting voor je collega"), max_length=5000, required=False,
                                    widget=forms.Textarea)
    # When the form was shown (seconds since the epoch): the contact's start, for its handling time.
    started = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, departments=None, staff=None, products=(), allow_handover=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.allow_handover = allow_handover
        self.fields["product"].choices = list(products)
        if allow_handover:
            self.fields["handover_department"].queryset = departments
            self.fields["handover_department"].label_from_instance = lambda department: department.name
            self.fields["handover_assignee"].queryset = staff
            self.fields["handover_assignee"].label_from_instance = lambda user: user.get_full_name() or user.username
        else:
            for name in ("handover_department", "handover_assignee", "handover_deadline", "handover_note"):
                del self.fields[name]
            self.fields["outcome"].choices = [
                choice for choice in self.fields["outcome"].choices if choice[0] != models.ContactOutcome.HANDED_ON
            ]
        for name in ("question", "answer", "handover_note"):
            if name in self.fields:
                self.fields[name].widget.attrs["rows"] = 3

    @property
    def handover_selected(self) -> bool:
        """Open the hand-over part: it was chosen, or it has an error."""
        if not self.allow_handover:
            return False
        if any(self[name].errors for name in ("handover_department", "handover_assignee", "handover_deadline")):
            return True
        return self["outcome"].value() == models.ContactOutcome.HANDED_ON

    def clean(self):
        data = super().clean()
        target = self.allow_handover and (data.get("handover_department") or data.get("handover_assignee"))
        if target and data.get("outcome") == models.ContactOutcome.ANSWERED and not (data.get("answer") or "").strip():
            data["outcome"] = models.ContactOutcome.HANDED_ON  # a hand-over filled in, no answer: it was handed on
        outcome = data.get("outcome")
        if outcome == models.ContactOutcome.ANSWERED and not (data.get("answer") or "").strip():
            self.add_error("answer", _("Noteer het antwoord dat je gaf, of kies een ander resultaat."))
        if self.allow_handover:
            if outcome == models.ContactOutcome.HANDED_ON and not target:
                self.add_error("handover_department", _("Kies een afdeling of een persoon voor het terugbelverzoek."))
            if data.get("handover_department") and data.get("handover_assignee"):
                self.add_error("handover_assignee", _("Kies een afdeling of een persoon, niet allebei."))
            if target and outcome != models.ContactOutcome.HANDED_ON:
                self.add_error("outcome", _("Kies 'Doorgezet' als je een terugbelverzoek maakt."))
        return data


class MeldingForm(StaffForm):
    """A melding about public space on behalf of the caller."""

    text = forms.CharField(label=_("Wat is er aan de hand?"), max_length=5000, widget=forms.Textarea)
    address = forms.CharField(label=_("Adres of plaats"), max_length=200,
                              help_text=_("Straat en huisnummer, bijvoorbeeld 'Kerkstraat 12'."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].widget.attrs["rows"] = 4


class AnswerTaskForm(StaffForm):
    answer = forms.CharField(label=_("Antwoord voor de klant"), max_length=10000, widget=forms.Textarea,
                             help_text=_("Wordt als contact geregistreerd en via het voorkeurskanaal van de klant verstuurd."))


class ArticleForm(StaffForm):
    refer_to_department = forms.ModelChoiceField(label=_("Verwijs naar afdeling"), queryset=None, required=False,
                                                 empty_label=_("Geen vaste afdeling"))
    what_to_ask = forms.CharField(label=_("Wat vraag je?"), max_length=10000, required=False, widget=forms.Textarea)
    where_to_refer = forms.CharField(label=_("Waarheen verwijs je?"), max_length=10000, required=False, widget=forms.Textarea)
    notes = forms.CharField(label=_("Interne notities"), max_length=20000, required=False, widget=forms.Textarea)

    def __init__(self, *args, departments=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["refer_to_department"].queryset = departments
        self.fields["refer_to_department"].label_from_instance = lambda department: department.name
        for name in ("what_to_ask", "where_to_refer", "notes"):
            self.fields[name].widget.attrs["rows"] = 5
