"""Forms of the "Mijn loket" pages (input shape only; the rules are in :mod:`loket.portal.services`)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from loket.cases.forms import DateInput, StaffForm
from loket.contacts.models import Channel

REQUIRED = {"required": _("Dit veld is verplicht.")}


class QuestionForm(StaffForm):
    product = forms.TypedChoiceField(label=_("Over welk onderwerp gaat uw vraag?"), required=False, coerce=int, empty_value=None,
                                     help_text=_("Kies een product of dienst, of laat dit leeg."))
    question = forms.CharField(label=_("Uw vraag"), widget=forms.Textarea(attrs={"rows": 6}), max_length=4000,
                               error_messages={"required": _("Schrijf uw vraag."),
                                               "max_length": _("Uw vraag is te lang (hoogstens %(limit_value)d tekens).")})

    def __init__(self, *args, products=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].choices = [("", _("Geen bepaald onderwerp"))] + [(p.pk, p.name) for p in products]


class UploadForm(StaffForm):
    file = forms.FileField(label=_("Bestand"), error_messages={"required": _("Kies het bestand dat u wilt sturen.")},
                           help_text=_("Bijvoorbeeld een pdf of een foto (jpg, png)."))


class EmailForm(StaffForm):
    email = forms.CharField(label=_("Nieuw e-mailadres"), max_length=254, error_messages={"required": _("Vul het e-mailadres in.")},
                            widget=forms.EmailInput(attrs={"autocomplete": "email"}),
                            help_text=_("We sturen een code van 6 cijfers naar dit adres."))


class PhoneForm(StaffForm):
    phone = forms.CharField(label=_("Nieuw telefoonnummer (gsm)"), max_length=40,
                            error_messages={"required": _("Vul het telefoonnummer in.")},
                            widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel", "type": "tel"}),
                            help_text=_("We sturen een sms met een code van 6 cijfers naar dit nummer."))


class CodeForm(StaffForm):
    code = forms.CharField(label=_("Code van 6 cijfers"), max_length=12, error_messages={"required": _("Vul de code in.")},
                           widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}))


CHANNEL_CHOICES = [
    (Channel.EMAIL, _("Per e-mail")),
    (Channel.PHONE, _("Per sms")),
    (Channel.PORTAL, _("Alleen in Mijn loket (u krijgt een e-mail dat er een bericht is)")),
    (Channel.POST, _("Per brief")),
]


class ChannelForm(StaffForm):
    preferred_channel = forms.ChoiceField(label=_("Hoe wilt u berichten van ons krijgen?"), choices=CHANNEL_CHOICES,
                                          widget=forms.RadioSelect, error_messages={"required": _("Kies een manier.")})


class DocumentRequestForm(StaffForm):
    """Staff: ask the applicant for a document."""

    description = forms.CharField(label=_("Welk document vraagt u?"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
                                  help_text=_("De aanvrager leest deze tekst. Schrijf eenvoudig, bv. 'Een kopie van uw huurcontract'."),
                                  error_messages={"required": _("Schrijf welk document u vraagt.")})
    due_date = forms.DateField(label=_("Uiterlijk op"), widget=DateInput, error_messages={"required": _("Kies een datum."),
                                                                                           "invalid": _("Geef een geldige datum.")})
    informatieobjecttype = forms.TypedChoiceField(label=_("Documenttype"), coerce=int)

    def __init__(self, *args, document_types=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["informatieobjecttype"].choices = [(t.pk, t.omschrijving) for t in document_types]
