"""Template helpers of the form runner: amounts in euro, and the "Online aanvragen" link of a product."""

from django import template
from django.urls import reverse

from .. import selectors, validation

register = template.Library()


@register.filter
def euro(value) -> str:
    """12.5 -> "€ 12,50"."""
    return validation.format_amount(value)


@register.simple_tag
def eforms_start_url(product) -> str:
    """The runner's start page when ``product`` has a published form, else ""."""
    if product is None or not getattr(product, "pk", None):
        return ""
    if selectors.published_form_for(product) is None:
        return ""
    return reverse("eforms:start", args=[product.key])
