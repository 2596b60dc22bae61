"""Django forms of the staff form builder. They only read what staff typed; the rules live in
:mod:`loket.eforms.services_builder` (its errors are shown on the field they name, see :func:`add_service_error`)."""

from __future__ import annotations

import datetime
import re

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import logic, services_builder
from .models import ChoiceDisplay, FieldKind, Prefill
from .selectors_builder import OPERATOR_LABELS, VALUELESS_OPERATORS

MAX_RULE_ROWS = 6


def add_service_error(form: forms.Form, exc) -> None:
    """Show a service exception on its field (when the form has it), else as a form error."""
    field = getattr(exc, "field", None)
    form.add_error(field if field in form.fields else None, str(exc))


class _Textarea(forms.Textarea):
    def __init__(self, rows=3):
        super().__init__(attrs={"rows": rows, "class": "utrecht-textarea"})


class BuilderForm(forms.Form):
    """Adds the NL Design System classes to the widgets."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "utrecht-checkbox utrecht-checkbox--html-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "utrecht-select utrecht-select--html-select")
            elif isinstance(widget, forms.Textarea):
                widget.attrs.setdefault("class", "utrecht-textarea")
            else:
                widget.attrs.setdefault("class", "utrecht-textbox utrecht-textbox--html-input")


class NewFormForm(BuilderForm):
    product = forms.ChoiceField(label=gettext_lazy("Product"), help_text=gettext_lazy(
        "Producten met een online kanaal die nog geen formulier hebben."))
    title = forms.CharField(label=gettext_lazy("Titel voor inwoners"), max_length=200, required=False,
                            help_text=gettext_lazy("Leeg: 'Aanvraag' met de naam van het product."))

    def __init__(self, *args, products=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.products = {str(p.pk): p for p in products}
        self.fields["product"].choices = [("", _("Kies een product"))] + [(str(p.pk), p.name) for p in products]


class SettingsForm(BuilderForm):
    name = forms.CharField(label=gettext_lazy("Naam (intern)"), max_length=200)
    title = forms.CharField(label=gettext_lazy("Titel voor inwoners"), max_length=200)
    intro = forms.CharField(label=gettext_lazy("Inleiding"), required=False, widget=_Textarea(4),
                            help_text=gettext_lazy("Wat inwoners lezen voor ze beginnen: wat ze nodig hebben, hoe lang het duurt."))
    confirmation_text = forms.CharField(label=gettext_lazy("Tekst na versturen"), required=False, widget=_Textarea(3))
    draft_days = forms.IntegerField(label=gettext_lazy("Onderbroken aanvragen bewaren (dagen)"), min_value=1, max_value=365)


class FeeForm(BuilderForm):
    fee_amount = forms.CharField(label=gettext_lazy("Vaste leges (euro)"), required=False, max_length=20,
                                 help_text=gettext_lazy("Bijvoorbeeld 25,00. 0 of leeg: gratis."))
    fee_expression = forms.CharField(
        label=gettext_lazy("Berekende leges"), required=False, widget=_Textarea(2),
        help_text=gettext_lazy("Een rekenregel met de sleutels van de velden, bijvoorbeeld aantal_autos * 25. "
                               "Als die ingevuld is, vervangt hij de vaste leges."))
    fee_label = forms.CharField(label=gettext_lazy("Omschrijving leges"), max_length=200, required=False,
                                help_text=gettext_lazy("Bijvoorbeeld: retributie bewonerskaart."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fee_expression"].widget.attrs.update({"spellcheck": "false", "autocapitalize": "off",
                                                           "class": "utrecht-textarea loket-code"})


class StepForm(BuilderForm):
    title = forms.CharField(label=gettext_lazy("Titel van de stap"), max_length=200)
    slug = forms.CharField(label=gettext_lazy("Korte naam (in het webadres)"), max_length=60, required=False,
                           help_text=gettext_lazy("Kleine letters, cijfers en streepjes. Leeg: gemaakt uit de titel."))
    intro = forms.CharField(label=gettext_lazy("Inleiding bij de stap"), required=False, widget=_Textarea(3))


def kind_choices():
    return [("", _("Kies een soort"))] + list(FieldKind.choices)


class AddFieldForm(BuilderForm):
    label = forms.CharField(label=gettext_lazy("Vraag of tekst"), max_length=300)
    kind = forms.ChoiceField(label=gettext_lazy("Soort veld"), choices=kind_choices)
    required = forms.BooleanField(label=gettext_lazy("Verplicht"), required=False, initial=True)


class FieldForm(BuilderForm):
    """All settings of one field; only those its kind uses are shown (see :meth:`visible_fields_for_kind`)."""

    label = forms.CharField(label=gettext_lazy("Vraag of tekst"), max_length=300)
    kind = forms.ChoiceField(label=gettext_lazy("Soort veld"), choices=FieldKind.choices, help_text=gettext_lazy(
        "Na het bewaren van een andere soort verschijnen de instellingen van die soort."))
    key = forms.CharField(label=gettext_lazy("Sleutel"), max_length=60, help_text=gettext_lazy(
        "Naam van het veld in voorwaarden en rekenregels: kleine letters, cijfers en _, bv. aantal_autos."))
    help_text = forms.CharField(label=gettext_lazy("Toelichting voor inwoners"), required=False, widget=_Textarea(2))
    required = forms.BooleanField(label=gettext_lazy("Verplicht"), required=False)
    display = forms.ChoiceField(label=gettext_lazy("Weergave"), choices=ChoiceDisplay.choices, required=False)
    options = forms.CharField(label=gettext_lazy("Opties"), required=False, widget=_Textarea(5), help_text=gettext_lazy(
        "Eén optie per regel: 'waarde | tekst', of alleen de tekst (de waarde wordt er dan van gemaakt)."))
    min_value = forms.CharField(label=gettext_lazy("Minimum"), required=False, max_length=20)
    max_value = forms.CharField(label=gettext_lazy("Maximum"), required=False, max_length=20)
    min_length = forms.CharField(label=gettext_lazy("Minimale lengte (tekens)"), required=False, max_length=10)
    max_length = forms.CharField(label=gettext_lazy("Maximale lengte (tekens)"), required=False, max_length=10)
    pattern = forms.CharField(label=gettext_lazy("Patroon (reguliere expressie)"), required=False, max_length=300,
                              help_text=gettext_lazy("Bijvoorbeeld [0-9]{4} voor vier cijfers. Leeg: geen patroon."))
    pattern_message = forms.CharField(label=gettext_lazy("Foutmelding als het patroon niet past"), required=False,
                                      max_length=300)
    min_date = forms.CharField(label=gettext_lazy("Vroegste datum"), required=False, max_length=20, help_text=gettext_lazy(
        "JJJJ-MM-DD, of vandaag, vandaag+14 (over 14 dagen), vandaag-6570 (18 jaar geleden)."))
    max_date = forms.CharField(label=gettext_lazy("Laatste datum"), required=False, max_length=20)
    accept = forms.CharField(label=gettext_lazy("Toegestane bestandstypen"), required=False, max_length=200,
                             help_text=gettext_lazy("Bijvoorbeeld .pdf,.jpg,.png. Leeg: pdf en afbeeldingen."))
    max_file_mb = forms.IntegerField(label=gettext_lazy("Maximale grootte (MB)"), required=False, min_value=1,
                                     max_value=services_builder.MAX_FILE_MB)
    prefill = forms.ChoiceField(label=gettext_lazy("Vooraf invullen met"), choices=Prefill.choices, required=False,
                                help_text=gettext_lazy("Wat de gemeente al weet van de aangemelde inwoner (eenmalige gegevensuitvraag)."))
    expression = forms.CharField(label=gettext_lazy("Rekenregel"), required=False, widget=_Textarea(3),
                                 help_text=gettext_lazy("Gebruik de sleutels uit de lijst hieronder."))
    case_property = forms.CharField(label=gettext_lazy("Zaakeigenschap"), required=False, max_length=60,
                                    help_text=gettext_lazy("Naam van de eigenschap van het zaaktype. Leeg: gelijk aan de sleutel."))

    SETTINGS_PER_KIND = {
        "display": services_builder.CHOICE_KINDS, "options": services_builder.CHOICE_KINDS,
        "min_value": services_builder.NUMBER_KINDS, "max_value": services_builder.NUMBER_KINDS,
        "min_length": services_builder.LENGTH_KINDS, "max_length": services_builder.LENGTH_KINDS,
        "pattern": services_builder.PATTERN_KINDS, "pattern_message": services_builder.PATTERN_KINDS,
        "min_date": services_builder.DATE_KINDS, "max_date": services_builder.DATE_KINDS,
        "accept": services_builder.FILE_KINDS, "max_file_mb": services_builder.FILE_KINDS,
        "prefill": services_builder.PREFILL_KINDS, "expression": {FieldKind.COMPUTED},
        "required": services_builder.QUESTION_KINDS, "case_property": services_builder.ANSWERED_KINDS,
    }

    def __init__(self, *args, field=None, **kwargs):
        if field is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_for(field)
        super().__init__(*args, **kwargs)
        kind = field.kind if field is not None else FieldKind.TEXT
        for name, kinds in self.SETTINGS_PER_KIND.items():
            if kind not in kinds:
                del self.fields[name]
        if "expression" in self.fields:
            self.fields["expression"].widget.attrs.update({"spellcheck": "false", "autocapitalize": "off",
                                                           "class": "utrecht-textarea loket-code"})
        if "display" in self.fields:
            self.fields["display"].required = True
        if "prefill" in self.fields:
            self.fields["prefill"].choices = [("", _("Niet vooraf invullen"))] + [c for c in Prefill.choices if c[0]]

    @staticmethod
    def initial_for(field) -> dict:
        initial = {name: getattr(field, name) for name in services_builder.FIELD_SETTINGS}
        initial["options"] = services_builder.options_text(field.options)
        for name in ("min_value", "max_value"):
            value = getattr(field, name)
            initial[name] = "" if value is None else f"{value.normalize():f}".replace(".", ",")
        return initial

    def service_settings(self) -> dict:
        """The cleaned settings to pass to services_builder.update_field."""
        return {name: self.cleaned_data.get(name) for name in self.fields if name in services_builder.FIELD_SETTINGS}


class MoveFieldForm(BuilderForm):
    step = forms.ChoiceField(label=gettext_lazy("Naar stap"))

    def __init__(self, *args, steps=(), current=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.steps = {str(s.pk): s for s in steps}
        self.fields["step"].choices = [(str(s.pk), f"{s.order}. {s.title}") for s in steps]
        if current is not None:
            self.fields["step"].initial = str(current.pk)


class RuleForm(BuilderForm):
    """A show/hide rule built with select boxes: up to a few rows 'field – comparison – value', joined by 'all' or
    'any'. Rows without a field are ignored; no rows at all means 'always show'."""

    combinator = forms.ChoiceField(label=gettext_lazy("Tonen als"), choices=[
        ("all", gettext_lazy("alle voorwaarden kloppen")), ("any", gettext_lazy("minstens één voorwaarde klopt"))])

    def __init__(self, *args, fields=(), rows=(), combinator="all", **kwargs):
        data = args[0] if args else kwargs.get("data")
        self.answer_fields = {f.key: f for f in fields}
        count = len(rows) + 1
        if data is not None:
            posted = [int(m.group(1)) for name in data for m in [re.match(r"^(?:\w+-)?rule_(\d+)_field$", name)] if m]
            count = max(count, max(posted, default=-1) + 1)
        count = min(max(count, 1), MAX_RULE_ROWS)
        initial = {"combinator": combinator}
        for index, row in enumerate(rows):
            initial.update({f"rule_{index}_field": row["field"], f"rule_{index}_op": row["op"],
                            f"rule_{index}_value": row["value"]})
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        field_choices = [("", _("(geen voorwaarde)"))] + [
            (f.key, f"{f.label} ({f.key})") for f in fields]
        self.row_names = []
        for index in range(count):
            number = index + 1
            self.fields[f"rule_{index}_field"] = forms.ChoiceField(
                label=_("Voorwaarde %(n)s: veld") % {"n": number}, choices=field_choices, required=False)
            self.fields[f"rule_{index}_op"] = forms.ChoiceField(
                label=_("Voorwaarde %(n)s: vergelijking") % {"n": number},
                choices=[(op, label) for op, label in OPERATOR_LABELS.items()], required=False)
            self.fields[f"rule_{index}_value"] = forms.CharField(
                label=_("Voorwaarde %(n)s: waarde") % {"n": number}, required=False, max_length=300,
                help_text=_("Bij 'is een van': waarden met komma's ertussen. Bij 'is ingevuld' en 'is leeg': leeg laten."))
            self.row_names.append((f"rule_{index}_field", f"rule_{index}_op", f"rule_{index}_value"))
        for name, field in self.fields.items():
            if name.startswith("rule_"):
                widget = field.widget
                widget.attrs.setdefault("class", "utrecht-select utrecht-select--html-select" if isinstance(widget, forms.Select)
                                        else "utrecht-textbox utrecht-textbox--html-input")

    def rows(self):
        """(field, op, value) bound fields per row, for the template."""
        return [(self[f], self[o], self[v]) for f, o, v in self.row_names]

    def clean(self):
        cleaned = super().clean()
        parts = []
        for field_name, op_name, value_name in self.row_names:
            key = cleaned.get(field_name)
            if not key:
                continue
            op = cleaned.get(op_name) or "eq"
            raw = (cleaned.get(value_name) or "").strip()
            try:
                value = self._value(self.answer_fields[key], op, raw)
            except forms.ValidationError as exc:
                self.add_error(value_name, exc)
                continue
            part = {"field": key, "op": op}
            if op not in VALUELESS_OPERATORS:
                part["value"] = value
            parts.append(part)
        if len(parts) == 1:
            cleaned["rule"] = parts[0]
        elif parts:
            cleaned["rule"] = {cleaned.get("combinator") or "all": parts}
        else:
            cleaned["rule"] = {}
        return cleaned

    @staticmethod
    def _value(field, op, raw):  # noqa: C901 - one conversion per kind of field
        if op in VALUELESS_OPERATORS:
            return None
        if not raw:
            raise forms.ValidationError(_("Geef de waarde waarmee vergeleken wordt."))
        values = [v.strip() for v in raw.split(",") if v.strip()] if op == "in" else [raw]
        if not values:
            raise forms.ValidationError(_("Geef de waarde waarmee vergeleken wordt."))
        converted = []
        for value in values:
            if field.kind == FieldKind.CHOICE:
                by_value = {str(o.get("value")): o for o in field.options or []}
                by_label = {str(o.get("label")).casefold(): o for o in field.options or []}
                option = by_value.get(value) or by_label.get(value.casefold())
                if option is None:
                    raise forms.ValidationError(_("Kies een van de opties van dit veld: %(options)s.") % {
                        "options": ", ".join(str(o.get("label")) for o in field.options or []) or _("(nog geen opties)")})
                converted.append(option["value"])
            elif field.kind == FieldKind.YES_NO:
                answer = value.casefold()
                if answer not in ("ja", "nee"):
                    raise forms.ValidationError(_("Bij een ja/nee-vraag is de waarde ja of nee."))
                converted.append(answer)
            elif field.kind in (FieldKind.NUMBER, FieldKind.AMOUNT, FieldKind.COMPUTED) or (
                    op in ("gt", "lt", "gte", "lte") and field.kind != FieldKind.DATE):
                number = logic.to_number(value)
                if number is None:
                    raise forms.ValidationError(_("Geef een getal, bijvoorbeeld 3 of 12,50."))
                converted.append(int(number) if number == number.to_integral_value() else float(number))
            elif field.kind == FieldKind.DATE:
                converted.append(_iso_date(value))
            else:
                converted.append(value)
        return converted if op == "in" else converted[0]


def _iso_date(value: str) -> str:
    for fmt in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(value, fmt).date().isoformat()
        except ValueError:
            continue
    raise forms.ValidationError(_("Geef een datum als DD-MM-JJJJ."))
