"""Paying fees (leges) through a payment provider adapter.

``LOKET_PAYMENT_PROVIDER`` (setting from the environment variable) is the dotted path of a :class:`PaymentProvider`
subclass, or "none": fees are then not paid online but asked afterwards (the case is created with betalingsindicatie
"nog_niet"). Its default is :class:`FakeProvider`, the demo's "test payment" page (pay / cancel / fail) inside
Loket, only when DEBUG or the test identity provider is on; otherwise "none".
A real adapter (Ogone/Worldline, Mollie, Stripe, ...) implements :meth:`PaymentProvider.start` (register the
payment at the provider, return the URL the resident is sent to) and :meth:`PaymentProvider.status` (ask the
provider for the state of a payment; called when the resident comes back and from a webhook), so a resident cannot
claim a payment by visiting the return URL.
"""

from __future__ import annotations

import functools
import secrets

from django.conf import settings
from django.urls import reverse
from django.utils.module_loading import import_string

from .models import Payment, PaymentState


class PaymentProvider:
    name = "base"
    #: Whether the provider's page is Loket's own test page (then it is shown only for this provider).
    is_test = False

    def start(self, payment: Payment, *, return_url: str) -> str:
        """Register ``payment`` at the provider; return the URL to send the resident to."""
        raise NotImplementedError

    def status(self, payment: Payment) -> str:
        """The provider's state of ``payment`` (a PaymentState value)."""
        raise NotImplementedError


class FakeProvider(PaymentProvider):
    """The demo provider: a page in Loket with "Betalen", "Annuleren" and "Mislukt" buttons. The choice is kept in
    the payment's ``provider_data`` and read back by :meth:`status`. Never for production."""

    name = "test"
    is_test = True

    def start(self, payment: Payment, *, return_url: str) -> str:
        payment.provider_data = {"return_url": return_url, "outcome": PaymentState.OPEN}
        payment.save(update_fields=["provider_data", "updated_at"])
        return reverse("eforms:test_payment", args=[payment.reference])

    def status(self, payment: Payment) -> str:
        return (payment.provider_data or {}).get("outcome", PaymentState.OPEN)

    def choose(self, payment: Payment, outcome: str) -> str:
        """The resident's choice on the test page; returns the URL to go back to."""
        if outcome not in (PaymentState.PAID, PaymentState.CANCELLED, PaymentState.FAILED):
            outcome = PaymentState.FAILED
        data = dict(payment.provider_data or {})
        data["outcome"] = outcome
        payment.provider_data = data
        payment.save(update_fields=["provider_data", "updated_at"])
        return data.get("return_url", "/")


@functools.lru_cache(maxsize=4)
def _provider(path: str) -> PaymentProvider:
    return import_string(path)()


def provider() -> PaymentProvider | None:
    """The configured provider, or None when fees are not paid online (``LOKET_PAYMENT_PROVIDER = "none"``)."""
    path = getattr(settings, "LOKET_PAYMENT_PROVIDER", "") or "none"
    return None if path == "none" else _provider(path)


def new_reference() -> str:
    return "LKT-" + secrets.token_hex(6).upper()
