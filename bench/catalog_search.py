"""Catalog search: quality over bench/catalog_queries/*.json and speed with 5,000+ published products.

    DATABASE_URL=postgres://... .venv/bin/python bench/catalog_search.py [--misses] [--speed-only|--quality-only]

It works in a scratch database next to the one in DATABASE_URL (``<name>_catalog_bench``, created and
dropped again; the user needs CREATEDB): migrations, the demo municipality (without residents) with its
catalog, then generated variants of the UPL across four more organisations bring the searched catalog to
5,000+ published products (committed and VACUUM ANALYZEd, as in production), and then:

- quality: top-1, top-3 hit rate and MRR (the rank of the first expected product; a query counts as a hit when
  one of its ``expected`` products, by UPL URI or key, is among the results);
- speed: server time of :func:`loket.catalog.selectors.search` (both SQL statements and the Python around
  them) over 1,000+ queries, and of the whole API request for a sample.
"""

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loket.settings")

import psycopg  # noqa: E402
from dj_database_url import parse as parse_database_url  # noqa: E402

if not os.environ.get("DATABASE_URL"):
    sys.exit("Set DATABASE_URL (postgres://user@host:port/db); the benchmark works in <db>_catalog_bench.")
_SOURCE = parse_database_url(os.environ["DATABASE_URL"])
BENCH_DB = f"{_SOURCE['NAME']}_catalog_bench"
_ADMIN = {"host": _SOURCE["HOST"] or None, "port": _SOURCE["PORT"] or None, "user": _SOURCE["USER"] or None,
          "password": _SOURCE["PASSWORD"] or None, "dbname": "postgres", "autocommit": True}
with psycopg.connect(**_ADMIN) as admin:
    admin.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}"')
    admin.execute(f'CREATE DATABASE "{BENCH_DB}"')
os.environ["DATABASE_URL"] = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + BENCH_DB
os.environ.setdefault("SECRET_KEY", "bench-secret-key-not-for-production-0123456789abcdef")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from loket.catalog import selectors, services  # noqa: E402
from loket.catalog.models import Product, ProductVersion, State, UplEntry  # noqa: E402
from loket.demo.services import load_demo  # noqa: E402
from loket.platform.organisations.models import Organisation, OrganisationKind  # noqa: E402

QUERY_DIR = ROOT / "bench" / "catalog_queries"
VARIANT_ORGS = 4
SUFFIXES = ["", "aanvragen", "melden", "wijzigen", "informatie", "verlengen", "stopzetten", "bezwaar"]


def load_queries() -> list[dict]:
    queries = []
    for path in sorted(QUERY_DIR.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except ValueError as exc:
            print(f"  (skipped {path.name}: {exc})")
            continue
        queries.extend(q for q in data if isinstance(q, dict) and q.get("query") and q.get("expected"))
    return queries


def quality(organisation, queries, show_misses: bool) -> dict:
    ranks = []
    misses = []
    for item in queries:
        expected = set(item["expected"])
        result = selectors.search(organisation=organisation, query=item["query"], limit=10)
        rank = next((i for i, hit in enumerate(result.hits, 1) if hit.upl_uri in expected or hit.key in expected), None)
        ranks.append(rank)
        if rank is None or rank > 3:
            misses.append((item["query"], rank, [h.name for h in result.hits[:3]], sorted(expected)))
    n = len(ranks)
    figures = {
        "queries": n,
        "top1": sum(1 for r in ranks if r == 1) / n,
        "top3": sum(1 for r in ranks if r and r <= 3) / n,
        "top10": sum(1 for r in ranks if r) / n,
        "mrr": sum(1 / r for r in ranks if r) / n,
    }
    if show_misses:
        for query, rank, top, expected in misses:
            print(f"  miss {query!r} rank={rank} top3={top} expected={[e.rsplit('/', 1)[-1] for e in expected]}")
    return figures


def generate_variants(gemeente) -> int:
    """Four more organisations (partners of the gemeente) with the whole UPL under varied names."""
    rng = random.Random(2026)  # noqa: S311 - test data
    entries = list(UplEntry.objects.filter(withdrawn=False))
    now = timezone.now()
    made = 0
    for n in range(1, VARIANT_ORGS + 1):
        organisation = Organisation.objects.create(name=f"Benchgemeente {n}", slug=f"bench-{n}",
                                                   kind=OrganisationKind.GEMEENTE)
        gemeente.partners.add(organisation)
        products = []
        for entry in entries:
            suffix = rng.choice(SUFFIXES)
            name = (entry.name[:1].upper() + entry.name[1:] + (f" {suffix}" if suffix else ""))[:200]
            products.append(Product(
                organisation=organisation, key=f"v{n}-{entry.pk}", upl_uri=None, upl_name=entry.name, name=name,
                short_description=f"{name} bij Benchgemeente {n}.", description=entry.national_text or name,
                keywords=[], audiences=entry.audiences, state=State.PUBLISHED, published_at=now, source="bench",
            ))
        Product.objects.bulk_create(products, batch_size=1000)
        ProductVersion.objects.bulk_create(ProductVersion(product=p, number=1, data={"name": p.name},
                                                          state=State.PUBLISHED) for p in products)
        services.rebuild_search(organisation)
        made += len(products)
    return made


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def speed(organisation, queries) -> dict:
    texts = [q["query"] for q in queries] or ["paspoort", "verhuizen", "grofvuil"]
    # More realistic variety: the queries as typed, while typing (prefixes) and with a typo.
    workload = []
    rng = random.Random(7)  # noqa: S311 - test data
    while len(workload) < 1200:
        q = rng.choice(texts)
        kind = rng.random()
        if kind < 0.2 and len(q) > 4:
            q = q[: rng.randint(3, len(q) - 1)]
        elif kind < 0.35 and len(q) > 5:
            i = rng.randint(1, len(q) - 2)
            q = q[:i] + q[i + 1] + q[i] + q[i + 2:]
        workload.append(q)
    for q in workload[:50]:  # warm up
        selectors.search(organisation=organisation, query=q)
    timings = []
    for q in workload:
        start = time.perf_counter()
        selectors.search(organisation=organisation, query=q, limit=10)
        timings.append((time.perf_counter() - start) * 1000)
    client = Client(HTTP_HOST="localhost")
    api = []
    for q in workload[:300]:
        start = time.perf_counter()
        response = client.get("/api/v1/catalog/search", {"q": q})
        api.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.content[:200]
    return {"queries": len(timings), "median_ms": statistics.median(timings), "p95_ms": percentile(timings, 0.95),
            "max_ms": max(timings), "api_queries": len(api), "api_median_ms": statistics.median(api),
            "api_p95_ms": percentile(api, 0.95)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="print the queries that miss the top 3")
    parser.add_argument("--quality-only", action="store_true")
    parser.add_argument("--speed-only", action="store_true")
    parser.add_argument("--profile", action="store_true", help="cProfile 300 searches after the speed run")
    args = parser.parse_args()
    queries = load_queries()
    try:
        call_command("migrate", verbosity=0)
        start = time.perf_counter()
        load_demo(residents=0, businesses=0, extra_staff=0)
        gemeente = Organisation.objects.get(slug="heidebeek")
        demo_count = selectors.visible_products(gemeente).count()
        hand_written = Product.objects.filter(source="demo").count()
        print(f"Demo catalog: {demo_count} published products ({hand_written} hand-written), "
              f"loaded in {time.perf_counter() - start:.1f} s")
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        if not args.speed_only:
            figures = quality(gemeente, queries, args.misses)
            print(f"Quality over {figures['queries']} queries ({len(list(QUERY_DIR.glob('*.json')))} files): "
                  f"top-1 {figures['top1']:.1%}, top-3 {figures['top3']:.1%}, top-10 {figures['top10']:.1%}, "
                  f"MRR {figures['mrr']:.3f}")
        if not args.quality_only:
            made = generate_variants(gemeente)
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
            total = selectors.visible_products(gemeente).count()
            print(f"Speed catalog: {total} published products searched ({made} generated variants, "
                  f"{Organisation.objects.count()} organisations)")
            figures = speed(gemeente, queries)
            print(f"Speed over {figures['queries']} queries: median {figures['median_ms']:.1f} ms, "
                  f"p95 {figures['p95_ms']:.1f} ms, max {figures['max_ms']:.1f} ms (search selector)")
            print(f"API GET /api/v1/catalog/search over {figures['api_queries']} requests: median "
                  f"{figures['api_median_ms']:.1f} ms, p95 {figures['api_p95_ms']:.1f} ms (whole request, "
                  f"test client)")
            if args.profile:
                import cProfile
                import pstats

                profiler = cProfile.Profile()
                profiler.enable()
                for item in queries[:300]:
                    selectors.search(organisation=gemeente, query=item["query"])
                profiler.disable()
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    finally:
        connections.close_all()
        with psycopg.connect(**_ADMIN) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}"')


if __name__ == "__main__":
    main()
