"""``loket api-client``: connect a system to the ZGW APIs without the admin screens.

    loket api-client create --label "Zaaksysteem" --client-id zaaksysteem --all
    loket api-client create --label "Formulieren" --client-id formulieren \\
        --component zrc --scopes zaken.lezen,zaken.aanmaken --zaaktype https://.../zaaktypen/<uuid> \\
            --max-vertrouwelijkheid openbaar \\
        --component drc --scopes documenten.aanmaken --informatieobjecttype <uuid> --max-vertrouwelijkheid openbaar
    loket api-client list
    loket api-client show zaaksysteem          # client id or uuid
    loket api-client secret zaaksysteem        # a new secret (printed once)
    loket api-client remove zaaksysteem

Each ``--component`` starts a new autorisatie; the options after it (scopes, type, maximum confidentiality) belong
to it; a repeated ``--zaaktype`` (etc.) gives one autorisatie per type. A type may be a URL or the uuid of a local
type. Without ``--secret`` a secret is generated and printed once; it cannot be shown again. ``--secret -`` reads it
from standard input (keeps it out of the shell history).
"""

import argparse
import sys
import uuid

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from loket.platform.organisations.models import Organisation

from ...models import TYPE_FIELD, Applicatie, Component
from ...services import (
    ApplicationError,
    AutorisatieSpec,
    create_application,
    delete_application,
    generate_secret,
    set_client_secret,
)

TYPE_PATHS = {
    "zaaktype": "/catalogi/api/v1/zaaktypen/{}",
    "informatieobjecttype": "/catalogi/api/v1/informatieobjecttypen/{}",
    "besluittype": "/catalogi/api/v1/besluittypen/{}",
}


class _Autorisaties(argparse.Action):
    """Collect ``--component`` groups: each option after a --component belongs to that component."""

    def __call__(self, parser, namespace, values, option_string=None):
        groups = getattr(namespace, "autorisaties", None) or []
        key = self.dest
        if key == "component":
            groups.append({"component": values, "scopes": [], "types": [], "max": ""})
        elif not groups:
            raise argparse.ArgumentError(self, _("Geef eerst --component."))
        elif key == "scopes":
            groups[-1]["scopes"].extend(s.strip() for s in values.split(",") if s.strip())
        elif key == "max_vertrouwelijkheid":
            groups[-1]["max"] = values
        else:
            groups[-1]["types"].append((key, values))
        namespace.autorisaties = groups


def _type_url(field: str, value: str, base_url: str) -> str:
    if value.startswith(("http://", "https://")):
        return value
    try:
        return base_url.rstrip("/") + TYPE_PATHS[field].format(uuid.UUID(value))
    except ValueError:
        raise CommandError(_("%(field)s moet een URL of uuid zijn: %(value)s") % {"field": field, "value": value}) from None


def _find(reference: str) -> Applicatie:
    queryset = Applicatie.objects.select_related("organisation").prefetch_related("autorisaties")
    try:
        found = queryset.filter(uuid=uuid.UUID(reference)).first()
    except ValueError:
        found = None
    found = found or queryset.filter(client_ids__contains=[reference]).first()
    if found is None:
        raise CommandError(_("Geen applicatie met client id of uuid %(ref)s.") % {"ref": reference})
    return found


class Command(BaseCommand):
    help = "Maak, toon en verwijder API-koppelingen (ZGW-applicaties met client id, geheim en autorisaties)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Maak een applicatie.")
        create.add_argument("--label", required=True)
        create.add_argument("--client-id", dest="client_ids", action="append", required=True,
                            help="Client id (herhaalbaar).")
        create.add_argument("--secret", help="Geheim om JWT's mee te ondertekenen ('-': lees van standaardinvoer); "
                                             "zonder: een nieuw geheim.")
        create.add_argument("--organisation", help="Slug van de organisatie (standaard: LOKET_DEFAULT_ORGANISATION "
                                                   "of de enige organisatie).")
        create.add_argument("--all", action="store_true", dest="all", help="Alle autorisaties (heeftAlleAutorisaties).")
        create.add_argument("--component", action=_Autorisaties, choices=Component.values)
        create.add_argument("--scopes", action=_Autorisaties, help="Komma-gescheiden scopes voor de laatste --component.")
        for field in TYPE_FIELD.values():
            create.add_argument(f"--{field}", dest=field, action=_Autorisaties)
        create.add_argument("--max-vertrouwelijkheid", dest="max_vertrouwelijkheid", action=_Autorisaties)
        create.add_argument("--base-url", help="Basis-URL voor types die als uuid gegeven zijn (standaard LOKET_ZGW_BASE_URL).")
        sub.add_parser("list", help="Toon alle applicaties.")
        show = sub.add_parser("show", help="Toon één applicatie.")
        show.add_argument("reference", help="client id of uuid")
        remove = sub.add_parser("remove", help="Verwijder een applicatie (en de geheimen van haar client ids).")
        remove.add_argument("reference", help="client id of uuid")
        secret = sub.add_parser("secret", help="Geef een client id een nieuw geheim.")
        secret.add_argument("client_id")
        secret.add_argument("--secret", dest="new_secret",
                            help="Het nieuwe geheim ('-': lees van standaardinvoer); zonder: een nieuw gegenereerd.")

    def handle(self, *args, action, **options):
        getattr(self, f"_{action}")(**options)

    # -- actions --------------------------------------------------------------------------------
    def _organisation(self, slug):
        from django.conf import settings

        slug = slug or settings.LOKET_DEFAULT_ORGANISATION
        if slug:
            found = Organisation.objects.filter(slug=slug).first()
            if found is None:
                raise CommandError(_("Geen organisatie met slug %(slug)s.") % {"slug": slug})
            return found
        organisations = list(Organisation.objects.all()[:2])
        if len(organisations) != 1:
            raise CommandError(_("Geef --organisation (slug): er zijn %(n)s organisaties.") % {"n": Organisation.objects.count()})
        return organisations[0]

    def _create(self, *, label, client_ids, secret, organisation, all, base_url, **options):
        from django.conf import settings

        base_url = base_url or settings.LOKET_ZGW_BASE_URL
        specs = []
        for group in options.get("autorisaties") or []:
            component = group["component"]
            type_field = TYPE_FIELD.get(component)
            stray = [field for field, _value in group["types"] if field != type_field]
            if stray:
                raise CommandError(_("--%(field)s hoort niet bij component %(component)s.") % {"field": stray[0], "component": component})
            urls = [_type_url(field, value, base_url) for field, value in group["types"]] or [""]
            for url in urls:
                spec = AutorisatieSpec(component=component, scopes=group["scopes"], max_vertrouwelijkheidaanduiding=group["max"])
                if type_field:
                    setattr(spec, type_field, url)
                specs.append(spec)
        secret = _read_secret(secret)
        generated = not secret
        secret = secret or generate_secret()
        try:
            applicatie = create_application(
                organisation=self._organisation(organisation), label=label, client_ids=client_ids,
                heeft_alle_autorisaties=all, autorisaties=specs, secret=secret,
            )
        except ApplicationError as exc:
            raise CommandError(f"{exc.field}: {exc}") from None
        self.stdout.write(_("Applicatie aangemaakt: %(label)s (%(uuid)s)") % {"label": applicatie.label, "uuid": applicatie.uuid})
        self.stdout.write(_("Client id: %(ids)s") % {"ids": ", ".join(applicatie.client_ids)})
        if generated:
            self.stdout.write(_("Geheim (wordt maar één keer getoond): %(secret)s") % {"secret": secret})

    def _list(self, **options):
        rows = Applicatie.objects.select_related("organisation").prefetch_related("autorisaties").order_by("label", "pk")
        if not rows:
            self.stdout.write(_("Geen applicaties."))
            return
        for applicatie in rows:
            rights = _("alle autorisaties") if applicatie.heeft_alle_autorisaties else (
                _("%(n)s autorisatie(s)") % {"n": len(applicatie.autorisaties.all())})
            self.stdout.write(f"{applicatie.uuid}  {', '.join(applicatie.client_ids):30}  {applicatie.label}  "
                              f"[{applicatie.organisation.slug}; {rights}]")

    def _show(self, *, reference, **options):
        applicatie = _find(reference)
        self.stdout.write(f"{_('Naam')}: {applicatie.label}")
        self.stdout.write(f"uuid: {applicatie.uuid}")
        self.stdout.write(f"{_('Organisatie')}: {applicatie.organisation.slug}")
        self.stdout.write(f"clientIds: {', '.join(applicatie.client_ids)}")
        self.stdout.write(f"heeftAlleAutorisaties: {'ja' if applicatie.heeft_alle_autorisaties else 'nee'}")
        for autorisatie in applicatie.autorisaties.all():
            parts = [autorisatie.component, ",".join(autorisatie.scopes)]
            if autorisatie.type_url:
                parts.append(autorisatie.type_url)
            if autorisatie.max_vertrouwelijkheidaanduiding:
                parts.append(f"max {autorisatie.max_vertrouwelijkheidaanduiding}")
            self.stdout.write("  - " + "  ".join(parts))

    def _remove(self, *, reference, **options):
        applicatie = _find(reference)
        label = applicatie.label
        delete_application(applicatie=applicatie)
        self.stdout.write(_("Applicatie verwijderd: %(label)s") % {"label": label})

    def _secret(self, *, client_id, new_secret, **options):
        _find(client_id)
        new_secret = _read_secret(new_secret)
        secret = new_secret or generate_secret()
        set_client_secret(client_id=client_id, secret=secret)
        if new_secret:
            self.stdout.write(_("Geheim van %(id)s gewijzigd.") % {"id": client_id})
        else:
            self.stdout.write(_("Nieuw geheim voor %(id)s (wordt maar één keer getoond): %(secret)s") % {"id": client_id, "secret": secret})


def _read_secret(secret):
    """``-`` reads the secret from standard input, so it stays out of the shell history and the process list."""
    if secret != "-":  # noqa: S105 - not a password, the marker for standard input
        return secret
    secret = sys.stdin.readline().strip()
    if not secret:
        raise CommandError(_("Geen geheim gelezen van standaardinvoer."))
    return secret
