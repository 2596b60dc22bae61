"""Request forms: validate and save one step of a form of 50 fields with logic (target: under 100 ms).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/loket_bench_eforms .venv/bin/python bench/eforms.py [--runs 200]

Creates the database if absent and migrates it. Builds an organisation, a product and two published forms with
:func:`loket.eforms.spec.large_form_spec` (50 fields, a third with show/hide rules, computed values per step and a
computed fee): one with 5 steps of 10 fields, one with all 50 fields on ONE step. Then measures, in-process (server
time, no HTTP), :func:`loket.eforms.services.save_step` (validate every visible field of the step, apply the logic to
the whole form, compute values and fee, store the draft) with valid answers and with answers that all fail, and the
queries it needs. The compiled form is cached per published version, so the definition costs no query after the first
step. Prints the figures; never fails on slowness.
"""

import argparse
import contextlib
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/loket_bench_eforms")
os.environ.setdefault("SECRET_KEY", "bench-secret-key-not-for-production-0123456789abcdefghijkl")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("LOKET_HTTPS", "false")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loket.settings")


def ensure_database() -> None:
    import psycopg

    url = urlparse(os.environ["DATABASE_URL"])
    name = url.path.lstrip("/")
    admin = url._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
            print(f"created database {name}")


def timed(func, runs: int) -> tuple[float, float]:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    return statistics.median(timings), timings[max(0, int(len(timings) * 0.95) - 1)]


def build(steps: int):
    from loket.catalog.models import Channel, Product, State
    from loket.contacts.models import Party
    from loket.eforms.models import FormDefinition, Submission
    from loket.eforms.spec import build_form, large_form_spec
    from loket.platform.organisations.models import Organisation

    org, _created = Organisation.objects.get_or_create(slug="bench-eforms",
                                                       defaults={"name": "Benchgemeente formulieren", "kind": "gemeente"})
    product, _created = Product.objects.get_or_create(organisation=org, key=f"bench-form-{steps}",
                                                      defaults={"name": f"Benchproduct {steps}", "state": State.PUBLISHED})
    Channel.objects.get_or_create(product=product, kind="online", defaults={"login": "substantial"})
    Submission.objects.filter(product=product).delete()  # a previous run's drafts
    FormDefinition.objects.filter(product=product).delete()
    version = build_form(product=product, spec=large_form_spec(fields=50, steps=steps))
    party, _created = Party.objects.get_or_create(organisation=org, kind="person", first_name="Bench",
                                                  last_name="Inwoner")
    return version, party


def measure(version, party, runs: int) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from loket.eforms import selectors, services
    from loket.eforms.exceptions import StepInvalid
    from loket.eforms.models import FormVersion
    from loket.eforms.spec import large_form_answers

    compiled = selectors.compiled_form(version)
    steps = compiled.steps
    busiest = max(steps, key=lambda s: len(s.fields))
    submission = services.start(version=version, party=party, submitted_by=party)
    for step in steps:  # a realistic draft: every step answered
        services.save_step(submission=submission, step_slug=step.slug, answers=large_form_answers(version, step.slug))
    valid = large_form_answers(version, busiest.slug)
    invalid = dict.fromkeys(valid, "###")

    def save_valid():
        services.save_step(submission=submission, step_slug=busiest.slug, answers=valid)

    def save_invalid():
        with contextlib.suppress(StepInvalid):
            services.save_step(submission=submission, step_slug=busiest.slug, answers=invalid)

    selectors.forget_compiled(version.pk)
    fresh = FormVersion.objects.get(pk=version.pk)
    start = time.perf_counter()
    selectors.compiled_form(fresh)
    compile_ms = (time.perf_counter() - start) * 1000
    with CaptureQueriesContext(connection) as queries:
        save_valid()
    median, p95 = timed(save_valid, runs)
    bad_median, bad_p95 = timed(save_invalid, runs)
    print(f"  {len(steps)} step(s), busiest step {len(busiest.fields)} fields "
          f"({sum(1 for f in compiled.fields.values() if f.condition)} with a rule, "
          f"{sum(1 for f in compiled.fields.values() if f.kind == 'computed')} computed):")
    print(f"    compile the form once (then cached) ........ {compile_ms:7.1f} ms")
    print(f"    validate + save the step, valid answers ..... median {median:6.1f} ms, p95 {p95:6.1f} ms, "
          f"{len(queries)} queries")
    print(f"    validate + save the step, all answers wrong . median {bad_median:6.1f} ms, p95 {bad_p95:6.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    ensure_database()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    print("Form of 50 fields with logic: validate and save one step (target < 100 ms)")
    for steps in (5, 1):
        version, party = build(steps)
        measure(version, party, args.runs)


if __name__ == "__main__":
    main()
