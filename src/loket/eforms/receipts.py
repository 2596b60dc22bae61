"""PDFs of a submission (fpdf2): the form data (stored in the case's documents) and the receipt for the resident."""

from __future__ import annotations

import unicodedata

from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf import FPDF

from . import selectors, validation
from .models import FieldKind

_REPLACE = {"€": "EUR", "–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "...", "•": "*",
            "\u00a0": " ", "²": "2"}


def _latin(text) -> str:
    """The built-in PDF fonts know Latin-1 only: keep accents, replace the rest."""
    text = str(text if text is not None else "")
    for char, replacement in _REPLACE.items():
        text = text.replace(char, replacement)
    out = []
    for char in text:
        try:
            char.encode("latin-1")
            out.append(char)
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
            out.append(decomposed or "?")
    return "".join(out)


class _Pdf(FPDF):
    def __init__(self, organisation_name: str):
        super().__init__(format="A4")
        self.organisation_name = organisation_name
        self.set_auto_page_break(auto=True, margin=18)
        self.set_margins(18, 18, 18)
        self.set_title(_latin(organisation_name))

    def footer(self):
        self.set_y(-12)
        self.set_font("helvetica", size=8)
        self.set_text_color(90, 90, 90)
        self.cell(0, 6, _latin(f"{self.organisation_name} - {_('pagina')} {self.page_no()}"), align="C")

    def heading(self, text: str, size: int = 15):
        self.set_font("helvetica", "B", size)
        self.set_text_color(0, 0, 0)
        self.multi_cell(0, 8, _latin(text), new_x="LMARGIN", new_y="NEXT")
        self.ln(1)

    def pair(self, label: str, value: str):
        self.set_font("helvetica", "B", 10)
        self.multi_cell(0, 5.5, _latin(label), new_x="LMARGIN", new_y="NEXT")
        self.set_font("helvetica", size=10)
        self.multi_cell(0, 5.5, _latin(value), new_x="LMARGIN", new_y="NEXT")
        self.ln(1.5)


def _answers(pdf: _Pdf, compiled, data: dict) -> None:
    _kept, visible, steps = compiled.resolve(data)
    for step in steps:
        fields = [f for f in step.fields if f.key in visible and f.kind != FieldKind.TEXT_BLOCK]
        if not fields:
            continue
        pdf.ln(2)
        pdf.heading(step.title, size=12)
        for field in fields:
            pdf.pair(field.label, validation.display(field, data.get(field.key)))


def _header(pdf: _Pdf, submission, title: str) -> None:
    pdf.add_page()
    pdf.set_font("helvetica", size=10)
    pdf.set_text_color(60, 60, 60)
    pdf.cell(0, 6, _latin(pdf.organisation_name), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.heading(title, size=16)


def _facts(pdf: _Pdf, submission, *, paid=None) -> None:
    when = timezone.localtime(submission.submitted_at or timezone.now())
    rows = [(_("Product"), submission.product.name)]
    if submission.zaak_id:
        rows.append((_("Zaaknummer"), submission.zaak.identificatie))
    rows.append((_("Verstuurd op"), f"{when:%d-%m-%Y %H:%M}"))
    if submission.party_id:
        rows.append((_("Aanvrager"), submission.party.display_name))
    if submission.submitted_by_id and submission.submitted_by_id != submission.party_id:
        rows.append((_("Ingediend door"), submission.submitted_by.display_name))
    if submission.fee:
        rows.append((_("Leges"), validation.format_amount(submission.fee)
                     + (" " + _("(betaald)") if paid else "")))
    for label, value in rows:
        pdf.pair(label, value)


def form_pdf(submission, compiled=None, data=None) -> bytes:
    """The filled-in form as a PDF (for the case's documents)."""
    compiled = compiled or selectors.compiled_form(submission.version)
    data = submission.data if data is None else data
    pdf = _Pdf(submission.organisation.name)
    _header(pdf, submission, submission.version.title)
    _facts(pdf, submission, paid=submission.payments.filter(state="paid").exists() if submission.pk else False)
    _answers(pdf, compiled, data)
    return bytes(pdf.output())


def receipt_pdf(submission) -> bytes:
    """The resident's receipt: case number, date, product, the answers and the fee paid."""
    compiled = selectors.compiled_form(submission.version)
    pdf = _Pdf(submission.organisation.name)
    _header(pdf, submission, _("Ontvangstbewijs van uw aanvraag"))
    _facts(pdf, submission, paid=submission.payments.filter(state="paid").exists())
    pdf.set_font("helvetica", size=10)
    pdf.multi_cell(0, 5.5, _latin(_("Wij hebben uw aanvraag goed ontvangen. Vermeld het zaaknummer als u contact met "
                                    "ons opneemt.")), new_x="LMARGIN", new_y="NEXT")
    _answers(pdf, compiled, submission.data)
    return bytes(pdf.output())
