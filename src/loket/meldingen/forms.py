"""Web forms for meldingen. They check only the shape of the input; the rules are in the services, whose errors the
views put on these forms' fields (nothing typed is lost: bound forms are rendered again)."""

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from loket.cases.forms import StaffForm

from .models import State
from .services import FEEDBACK_REASONS

# Service error fields -> form fields
FIELD_MAP = {"location": "address", "text": "text", "photos": "photos", "category": "category",
             "reporter_email": "reporter_email", "party": None}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [f for f in data if f]
        return [data] if data else []


class ReportForm(StaffForm):
    text = forms.CharField(
        label=_("Wat wilt u melden?"), widget=forms.Textarea(attrs={"rows": 5}), required=False,
        help_text=_("Beschrijf het probleem en waar het precies is (bv. bij welke paal of welk huis)."),
    )
    category = forms.ChoiceField(label=_("Categorie"), required=False,
                                 help_text=_("Weet u het niet? Laat dit leeg, dan kiezen wij."))
    address = forms.CharField(label=_("Adres of plaats"), required=False, max_length=300,
                              help_text=_("Bijvoorbeeld: Kerkstraat 12. Of duid de plaats aan op de kaart."))
    address_choice = forms.ChoiceField(label=_("Bedoelt u"), required=False, widget=forms.RadioSelect)
    latitude = forms.FloatField(required=False, widget=forms.HiddenInput)
    longitude = forms.FloatField(required=False, widget=forms.HiddenInput)
    photos = MultipleFileField(label=_("Foto's"), required=False,
                               help_text=_("Hoogstens 5 foto's (JPEG, PNG of WebP), elk hoogstens 10 MB."))
    reporter_name = forms.CharField(label=_("Naam"), required=False, max_length=200)
    reporter_email = forms.EmailField(label=_("E-mailadres"), required=False,
                                      error_messages={"invalid": _("Dit e-mailadres klopt niet.")})
    reporter_phone = forms.CharField(label=_("Telefoonnummer"), required=False, max_length=40)
    wants_updates = forms.BooleanField(label=_("Ik wil updates over mijn melding per e-mail"), required=False)

    def __init__(self, *args, categories=(), addresses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].widget.attrs.update({
            "autocomplete": "off", "hx-post": reverse("meldingen:suggest"), "hx-target": "#suggestion",
            "hx-trigger": "input changed delay:600ms, location-set from:body",
            "hx-include": "[name=latitude],[name=longitude],[name=category]",
        })
        self.fields["category"].widget.attrs.update({"hx-get": reverse("meldingen:questions"), "hx-trigger": "change",
                                                     "hx-target": "#questions"})
        groups = {}
        for category in categories:
            if category.parent_id:
                groups.setdefault(category.parent.name, []).append((category.slug, category.name))
        self.fields["category"].choices = [("", _("Weet ik niet"))] + sorted(groups.items())
        self.fields["address_choice"].choices = [(f"{a.latitude},{a.longitude},{a.label}", a.label) for a in addresses]
        self.fields["address"].widget.attrs["autocomplete"] = "street-address"
        self.fields["reporter_name"].widget.attrs["autocomplete"] = "name"
        self.fields["reporter_email"].widget.attrs["autocomplete"] = "email"
        self.fields["reporter_phone"].widget.attrs.update({"autocomplete": "tel", "type": "tel"})
        self.fields["photos"].widget.attrs["class"] = "utrecht-textbox utrecht-textbox--html-input"


class FollowForm(StaffForm):
    email = forms.EmailField(label=_("Uw e-mailadres"), error_messages={"invalid": _("Dit e-mailadres klopt niet."),
                                                                       "required": _("Geef uw e-mailadres.")})


class FeedbackForm(StaffForm):
    is_satisfied = forms.TypedChoiceField(
        label=_("Bent u tevreden over de afhandeling?"), widget=forms.RadioSelect,
        choices=[("ja", _("Ja")), ("nee", _("Nee"))], coerce=lambda v: v == "ja",
        error_messages={"required": _("Kies ja of nee.")},
    )
    reasons = forms.MultipleChoiceField(label=_("Waarom niet?"), required=False, widget=forms.CheckboxSelectMultiple,
                                        choices=list(FEEDBACK_REASONS.items()))
    text = forms.CharField(label=_("Toelichting"), required=False, widget=forms.Textarea, max_length=2000)
    reopen = forms.BooleanField(label=_("Ik wil dat de gemeente mijn melding opnieuw bekijkt"), required=False)


class TransitionForm(StaffForm):
    to_state = forms.ChoiceField(label=_("Nieuwe status"))
    note = forms.CharField(label=_("Interne notitie"), required=False, widget=forms.Textarea)
    public_text = forms.CharField(label=_("Bericht aan de melder"), required=False, widget=forms.Textarea,
                                  help_text=_("Leeg: de standaardtekst van de categorie voor deze status."))

    def __init__(self, *args, states=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_state"].choices = [(s, State(s).label) for s in states]


class ReclassifyForm(StaffForm):
    category = forms.ChoiceField(label=_("Juiste categorie"))

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        groups = {}
        for category in categories:
            if category.parent_id:
                groups.setdefault(category.parent.name, []).append((category.slug, category.name))
        self.fields["category"].choices = sorted(groups.items())


class AssignForm(StaffForm):
    department = forms.ChoiceField(label=_("Afdeling"), required=False)
    partner = forms.ChoiceField(label=_("Partner"), required=False)

    def __init__(self, *args, departments=(), partners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].choices = [("", "—")] + [(str(d.pk), d.name) for d in departments]
        self.fields["partner"].choices = [("", "—")] + [(str(p.pk), p.name) for p in partners]


class MergeForm(StaffForm):
    into = forms.CharField(label=_("Samenvoegen met melding (nummer)"), max_length=40)


class QueueFilterForm(StaffForm):
    state = forms.ChoiceField(label=_("Status"), required=False)
    department = forms.ChoiceField(label=_("Afdeling"), required=False)
    overdue = forms.ChoiceField(label=_("Termijn"), required=False, choices=[
        ("", _("Alle")), ("overdue", _("Termijn overschreden")), ("3x", _("3x termijn overschreden"))])

    def __init__(self, *args, departments=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [("", _("Alle open"))] + [
            (s.value, s.label) for s in State if s not in (State.HANDLED, State.CANCELLED)]
        self.fields["department"].choices = [("", _("Alle afdelingen"))] + [(str(d.pk), d.name) for d in departments]
