"""Search quality over the residents' query set (bench/catalog_queries/*.json) on the demo catalog.

The ranking is tuned on general principles only; the queries' own words are never added as keywords.
bench/catalog_search.py prints the same figures (and the misses with --misses).
"""

import json
from pathlib import Path

import pytest

from loket.catalog import selectors
from loket.demo.services import load_demo
from loket.platform.organisations.models import Organisation

QUERY_DIR = Path(__file__).resolve().parents[4] / "bench" / "catalog_queries"


def _queries() -> list[dict]:
    queries = []
    for path in sorted(QUERY_DIR.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            continue
        queries.extend(q for q in data if isinstance(q, dict) and q.get("query") and q.get("expected"))
    return queries


@pytest.mark.slow
@pytest.mark.django_db
def test_top3_hit_rate_on_the_demo_catalog():
    queries = _queries()
    if len(queries) < 100:
        pytest.skip(f"only {len(queries)} queries in bench/catalog_queries/ yet (need 100)")
    load_demo(residents=0, businesses=0, extra_staff=0)
    gemeente = Organisation.objects.get(slug="heidebeek")
    hits = 0
    for item in queries:
        expected = set(item["expected"])
        top3 = selectors.search(organisation=gemeente, query=item["query"], limit=3).hits
        hits += any(hit.upl_uri in expected or hit.key in expected for hit in top3)
    assert hits / len(queries) >= 0.85, f"top-3 {hits / len(queries):.1%} over {len(queries)} queries"
