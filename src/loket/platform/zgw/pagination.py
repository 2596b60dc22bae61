"""ZGW pagination: ``{count, next, previous, results}`` with ``?page=N`` (100 per page).

A page that is not a positive number, or lies beyond the last one, is a 400 ValidatieFout on ``page`` (the specs
document no 404 for lists).

An exact ``COUNT(*)`` over a million authorised rows costs most of a list request in Open Zaak. Here
``count`` is exact up to ``LOKET_ZGW_EXACT_COUNT_LIMIT`` rows (counted with a LIMIT, so it stops
early); above that it is PostgreSQL's planner estimate for the same query (never lower than the
limit), which is what a client uses it for: "about how many pages". ``next`` is decided by
fetching one row more than a page, not by the count, so paging through to the end always works.
"""

import json
from collections import OrderedDict

from django.conf import settings
from django.core.paginator import InvalidPage, Page, Paginator
from django.db import connections
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from rest_framework.exceptions import ErrorDetail, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response


def estimated_count(queryset) -> int | None:
    """PostgreSQL's estimate of the number of rows ``queryset`` returns (no scan)."""
    try:
        sql, params = queryset.order_by().values("pk").query.sql_with_params()
    except Exception:  # EmptyResultSet and friends: let the caller count
        return None
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


#: Beyond any real list; keeps OFFSET inside PostgreSQL's bigint (a huge ?page= is a 400, not a 500).
MAX_PAGE = 10**9


class CappedCountPaginator(Paginator):
    @cached_property
    def count(self):
        limit = getattr(settings, "LOKET_ZGW_EXACT_COUNT_LIMIT", 1_000)
        queryset = self.object_list
        # A view may give the same rows without the page's annotations (and their joins) to count.
        counted = getattr(queryset, "count_queryset", None)
        if counted is not None:
            queryset = counted
        # values("pk"): the subquery selects only the key, not the annotations and joins of the page query.
        exact = queryset.order_by().values("pk")[: limit + 1].count()
        if exact <= limit:
            return exact
        estimate = estimated_count(queryset)
        return max(estimate or 0, limit + 1)

    def validate_number(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise InvalidPage(_("Ongeldige pagina.")) from None
        if number < 1 or number > MAX_PAGE:
            raise InvalidPage(_("Ongeldige pagina."))
        return number

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom: bottom + self.per_page + 1])
        if number > 1 and not rows:
            raise InvalidPage(_("Die pagina bevat geen resultaten."))
        page = Page(rows[: self.per_page], number, self)
        page.has_more = len(rows) > self.per_page
        return page


class ZGWPagination(PageNumberPagination):
    """See the module docstring. Deep pages: when the list is ordered by primary key only, ``next`` carries a cursor
    (``_cursor=<last pk>``) next to ``page``, so a client following ``next`` gets every page with an index seek
    (``pk > cursor LIMIT 101``) instead of ``OFFSET``; a hand-made ``?page=N`` still works (OFFSET)."""

    page_size = 100
    page_query_param = "page"
    cursor_query_param = "_cursor"
    django_paginator_class = CappedCountPaginator

    @staticmethod
    def _keyset_direction(queryset):
        order = tuple(queryset.query.order_by)
        if order in (("pk",), ("id",)):
            return "gt"
        if order in (("-pk",), ("-id",)):
            return "lt"
        return None

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.direction = self._keyset_direction(queryset)
        size = self.get_page_size(request)
        paginator = self.django_paginator_class(queryset, size)
        try:
            number = paginator.validate_number(request.query_params.get(self.page_query_param, 1))  # "" is invalid
            cursor = request.query_params.get(self.cursor_query_param)
            if self.direction and cursor and cursor.isdigit() and number > 1:
                rows = list(queryset.filter(**{f"pk__{self.direction}": int(cursor)})[: size + 1])
                if not rows:
                    raise InvalidPage(_("Die pagina bevat geen resultaten."))
                self.page = Page(rows[:size], number, paginator)
                self.page.has_more = len(rows) > size
            else:
                self.page = paginator.page(number)
        except InvalidPage as exc:
            # The specs document no 404 for lists: an impossible page is invalid input (ValidatieFout on "page").
            raise ValidationError({self.page_query_param: [ErrorDetail(str(exc), code="invalid")]}) from None
        return list(self.page)

    def get_next_link(self):
        if not self.page.has_more:
            return None
        link = self._link(self.page.number + 1)
        if self.direction and len(self.page.object_list):
            from rest_framework.utils.urls import replace_query_param

            link = replace_query_param(link, self.cursor_query_param, self.page.object_list[-1].pk)
        return link

    def get_previous_link(self):
        if self.page.number <= 1:
            return None
        from rest_framework.utils.urls import remove_query_param

        return remove_query_param(self._link(self.page.number - 1), self.cursor_query_param)

    def _link(self, number):
        from rest_framework.utils.urls import replace_query_param

        return replace_query_param(self.request.build_absolute_uri(), self.page_query_param, number)

    def get_paginated_response(self, data):
        return Response(OrderedDict([
            ("count", self.page.paginator.count),
            ("next", self.get_next_link()),
            ("previous", self.get_previous_link()),
            ("results", data),
        ]))

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object", "required": ["count", "results"],
            "properties": {
                "count": {"type": "integer"}, "next": {"type": "string", "nullable": True, "format": "uri"},
                "previous": {"type": "string", "nullable": True, "format": "uri"}, "results": schema,
            },
        }
