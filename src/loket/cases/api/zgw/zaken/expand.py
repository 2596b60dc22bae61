"""``expand`` for zaken: the related Zaken API resources of a page of cases, in one query per kind, under
``_expand`` (as Open Zaak does)."""

from loket.cases.models import (
    Resultaat,
    Rol,
    Status,
    ZaakEigenschap,
    ZaakInformatieObject,
    ZaakObject,
)

from . import serializers as s


def expand_zaken(request, items: list[dict], zaken: list, wanted: set[str]) -> None:
    from .views import zaak_queryset

    pks = [z.pk for z in zaken]
    by_zaak = {z.pk: item for z, item in zip(zaken, items, strict=True)}
    for item in items:
        item["_expand"] = {}

    def many(name, queryset, render):
        groups: dict[int, list] = {pk: [] for pk in pks}
        for obj in queryset:
            groups[obj.zaak_id].append(render(request, obj))
        for pk, rendered in groups.items():
            by_zaak[pk]["_expand"][name] = rendered

    if "status" in wanted:
        statuses = {st.zaak_id: st for st in Status.objects.filter(pk__in=[z.current_status_id for z in zaken if z.current_status_id])
                    .select_related("zaak", "statustype", "gezetdoor")}
        for z in zaken:
            st = statuses.get(z.pk)
            by_zaak[z.pk]["_expand"]["status"] = s.status_data(request, st) if st else None
    if "resultaat" in wanted:
        results = {r.zaak_id: r for r in Resultaat.objects.filter(zaak_id__in=pks).select_related("zaak", "resultaattype")}
        for z in zaken:
            r = results.get(z.pk)
            by_zaak[z.pk]["_expand"]["resultaat"] = s.resultaat_data(request, r) if r else None
    if "rollen" in wanted:
        many("rollen", Rol.objects.filter(zaak_id__in=pks).select_related("zaak", "roltype", "user", "department", "party", "partner")
             .order_by("pk"), s.rol_data)
    if "eigenschappen" in wanted:
        many("eigenschappen", ZaakEigenschap.objects.filter(zaak_id__in=pks).select_related("zaak", "eigenschap").order_by("pk"),
             s.zaakeigenschap_data)
    if "zaakinformatieobjecten" in wanted:
        many("zaakinformatieobjecten", ZaakInformatieObject.objects.filter(zaak_id__in=pks)
             .select_related("zaak", "informatieobject", "status").order_by("pk"), s.zio_data)
    if "zaakobjecten" in wanted:
        many("zaakobjecten", ZaakObject.objects.filter(zaak_id__in=pks).select_related("zaak").order_by("pk"), s.zaakobject_data)
    if wanted & {"deelzaken", "hoofdzaak", "relevanteAndereZaken"}:
        queryset = zaak_queryset()
        if "deelzaken" in wanted:
            subs: dict[int, list] = {pk: [] for pk in pks}
            for sub in queryset.filter(hoofdzaak_id__in=pks).order_by("pk"):
                subs[sub.hoofdzaak_id].append(s.zaak_data(request, sub))
            for pk, rendered in subs.items():
                by_zaak[pk]["_expand"]["deelzaken"] = rendered
        if "hoofdzaak" in wanted:
            mains = {m.pk: m for m in queryset.filter(pk__in=[z.hoofdzaak_id for z in zaken if z.hoofdzaak_id])}
            for z in zaken:
                main = mains.get(z.hoofdzaak_id)
                by_zaak[z.pk]["_expand"]["hoofdzaak"] = s.zaak_data(request, main) if main else None
        if "relevanteAndereZaken" in wanted:
            from loket.cases.models import CaseRelation

            relations = list(CaseRelation.objects.filter(zaak_id__in=pks).order_by("pk"))
            others = {o.pk: o for o in queryset.filter(pk__in={r.related_id for r in relations})}
            groups: dict[int, list] = {pk: [] for pk in pks}
            for relation in relations:
                groups[relation.zaak_id].append(s.zaak_data(request, others[relation.related_id]))
            for pk, rendered in groups.items():
                by_zaak[pk]["_expand"]["relevanteAndereZaken"] = rendered
