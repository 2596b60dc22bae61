"""Staff forms for products: plain text areas, one item per line, converted to the content format."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Audience, ChannelKind, GovernmentLevel, LifeEvent, ProductType, Theme


class LinesField(forms.CharField):
    widget = forms.Textarea(attrs={"rows": 4})

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)


class ProductForm(forms.Form):
    name = forms.CharField(label=_("Naam"), max_length=200)
    key = forms.SlugField(label=_("Sleutel (in het webadres)"), max_length=120, required=False,
                          help_text=_("Leeg laten: wordt gemaakt uit de naam."))
    short_description = forms.CharField(label=_("Korte omschrijving"), max_length=300, required=False)
    description = forms.CharField(label=_("Omschrijving"), widget=forms.Textarea(attrs={"rows": 8}), required=False,
                                  help_text=_("Alinea's gescheiden door een lege regel."))
    type = forms.ChoiceField(label=_("Type"), choices=ProductType.choices)
    themes = forms.MultipleChoiceField(label=_("Thema's"), choices=Theme.choices, required=False,
                                       widget=forms.CheckboxSelectMultiple)
    audiences = forms.MultipleChoiceField(label=_("Doelgroepen"), choices=Audience.choices, required=False,
                                          widget=forms.CheckboxSelectMultiple)
    life_events = forms.MultipleChoiceField(label=_("Levensgebeurtenissen"), choices=LifeEvent.choices,
                                            required=False, widget=forms.CheckboxSelectMultiple)
    conditions = LinesField(label=_("Voorwaarden"), help_text=_("Eén voorwaarde per regel."))
    evidence = LinesField(label=_("Wat breng je mee"), help_text=_("Eén document per regel."))
    procedure = LinesField(label=_("Hoe vraag je het aan"), help_text=_("Eén stap per regel, in volgorde."))
    costs = LinesField(label=_("Kosten"), help_text=_("Per regel: omschrijving | bedrag in euro. Leeg = gratis."))
    cost_explanation = LinesField(label=_("Uitleg bij de kosten"))
    lead_time = forms.CharField(label=_("Doorlooptijd"), max_length=300, required=False)
    lead_time_days = forms.IntegerField(label=_("Doorlooptijd in werkdagen"), required=False, min_value=0,
                                        max_value=3650)
    legal_basis = LinesField(label=_("Wettelijke basis"), help_text=_("Per regel: omschrijving | link."))
    competent_level = forms.ChoiceField(label=_("Bevoegd niveau"), choices=GovernmentLevel.choices)
    executing_level = forms.ChoiceField(label=_("Uitvoerend niveau"), choices=GovernmentLevel.choices)
    external_url = forms.CharField(label=_("Externe link"), max_length=500, required=False,
                                   help_text=_("Voor producten van een andere overheid."))
    channels = LinesField(label=_("Kanalen"), help_text=_(
        "Per regel: kanaal | locatie | verwachte behandeltijd | aanmelden. Kanalen: online, phone, counter, "
        "appointment, home_visit, post, email. Aanmelden: leeg, low, substantial of high."))
    keywords = LinesField(label=_("Trefwoorden en synoniemen"), help_text=_("Eén woord per regel."))
    related = LinesField(label=_("Verwante producten"), help_text=_("Eén sleutel per regel."))
    note = forms.CharField(label=_("Wat heb je gewijzigd?"), max_length=300, required=False)

    def to_content(self) -> dict:
        data = self.cleaned_data

        def lines(name):
            return [line.strip() for line in (data.get(name) or "").splitlines() if line.strip()]

        def pairs(name, keys):
            out = []
            for line in lines(name):
                parts = [p.strip() for p in line.split("|")]
                out.append(dict(zip(keys, parts + [""] * (len(keys) - len(parts)), strict=False)))
            return out

        channels = []
        for row in pairs("channels", ["kind", "location", "handling_time", "login"]):
            channels.append({**row, "login": row["login"] or None})
        return {
            "name": data["name"], "key": data.get("key") or "", "short_description": data.get("short_description"),
            "description": (data.get("description") or "").replace("\r", ""), "type": data["type"],
            "themes": data.get("themes") or [], "audiences": data.get("audiences") or [],
            "life_events": data.get("life_events") or [], "conditions": lines("conditions"),
            "evidence": lines("evidence"), "procedure": lines("procedure"), "costs": pairs("costs", ["label", "amount"]),
            "cost_explanation": data.get("cost_explanation") or "", "lead_time": data.get("lead_time") or "",
            "lead_time_days": data.get("lead_time_days"), "legal_basis": pairs("legal_basis", ["label", "url"]),
            "competent_level": data["competent_level"], "executing_level": data["executing_level"],
            "external_url": data.get("external_url") or "", "channels": channels, "keywords": lines("keywords"),
            "related": lines("related"),
        }

    @classmethod
    def initial_from(cls, content: dict) -> dict:
        def join(values):
            return "\n".join(values or [])

        return {
            **{k: content.get(k) for k in ("name", "key", "short_description", "description", "type", "themes",
                                           "audiences", "life_events", "cost_explanation", "lead_time",
                                           "lead_time_days", "competent_level", "executing_level", "external_url")},
            "conditions": join(content.get("conditions")), "evidence": join(content.get("evidence")),
            "procedure": join(content.get("procedure")), "keywords": join(content.get("keywords")),
            "related": join(content.get("related")),
            "costs": join(f"{c['label']} | {c['amount']}" for c in content.get("costs") or []),
            "legal_basis": join(f"{b['label']} | {b['url']}" for b in content.get("legal_basis") or []),
            "channels": join(" | ".join([c["kind"], c.get("location") or "", c.get("handling_time") or "",
                                         c.get("login") or ""]) for c in content.get("channels") or []),
        }


CHANNEL_KINDS = [c for c, _label in ChannelKind.choices]


class SynonymForm(forms.Form):
    term = forms.CharField(label=_("Woord van inwoners"), max_length=100)
    meaning = forms.CharField(label=_("Betekent (woorden uit de catalogus)"), max_length=300)
