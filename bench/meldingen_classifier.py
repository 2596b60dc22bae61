"""Meldingen classifier: quality on held-out seed texts, and speed.

    DEBUG=true DATABASE_URL=postgres://postgres@127.0.0.1:5432/loket_h6 .venv/bin/python bench/meldingen_classifier.py

Prints, per level (main, sub): accuracy and macro-F1 on
  1. a stratified 20% held-out split of the seed set (fixed seed; trained on the other 80% plus their typing
     variations), and
  2. a cross-author check: trained without batch "b" and tested on it (texts written in a separate session in a
     different style: contact-centre notes and letters), and the same for batch "c" (terse SMS style, typos),
plus how the confidence relates to being right (for the triage threshold), the training time on the full seed
set, and the time per classification through ``classify()`` (the model loaded in the process).
``--quick`` skips the cross-author check and the database part; ``--speed`` runs only the database part;
``--splits`` repeats the held-out split with five other seeds (mean, min, max);
``--errors`` lists the held-out texts whose main category was wrong.
"""

import os
import statistics
import sys
import time
from collections import Counter, defaultdict

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "loket.settings")
django.setup()

from sklearn.metrics import accuracy_score, f1_score  # noqa: E402
from sklearn.model_selection import train_test_split  # noqa: E402

from loket.meldingen.classification import services  # noqa: E402
from loket.meldingen.classification.seed import seed_examples  # noqa: E402
from loket.meldingen.classification.taxonomy import taxonomy  # noqa: E402

SPLIT_SEED = 42
TEST_SIZE = 0.2


def evaluate(train, test, label: str, *, details: bool = False) -> dict:
    started = time.perf_counter()
    model = services.fit(services.training_set(examples=train))
    seconds = time.perf_counter() - started
    texts = [e.text for e in test]
    mains, subs = model.predict(texts)
    true_main = [e.main for e in test]
    true_sub = [e.sub for e in test]
    figures = {
        "main_accuracy": accuracy_score(true_main, mains),
        "main_macro_f1": f1_score(true_main, mains, average="macro"),
        "sub_accuracy": accuracy_score(true_sub, subs),
        "sub_macro_f1": f1_score(true_sub, subs, average="macro"),
    }
    print(f"\n== {label}: trained on {len(train)} texts (+ variations) in {seconds:.1f} s, tested on {len(test)}")
    for key, value in figures.items():
        print(f"  {key:15} {value:6.1%}")
    if details:
        p_main, p_sub = model.predict_proba(texts)
        sub_index = {s: i for i, s in enumerate(model.sub_classes_)}
        confidence = [p_sub[row, sub_index[sub]] for row, sub in enumerate(subs)]
        print("  sub confidence   share   sub accuracy   main accuracy")
        for low, high in ((0.8, 1.01), (0.6, 0.8), (0.4, 0.6), (0.0, 0.4)):
            rows = [i for i, c in enumerate(confidence) if low <= c < high]
            if rows:
                sub_ok = sum(subs[i] == true_sub[i] for i in rows) / len(rows)
                main_ok = sum(mains[i] == true_main[i] for i in rows) / len(rows)
                print(f"  {low:.1f}-{min(high, 1):.1f}        {len(rows) / len(test):5.1%}   {sub_ok:11.1%}   {main_ok:12.1%}")
        per_main = defaultdict(list)
        for i, e in enumerate(test):
            per_main[e.main].append(mains[i] == e.main)
        print("  main accuracy per main category:")
        for main, oks in sorted(per_main.items()):
            print(f"    {main:45} {sum(oks) / len(oks):6.1%} ({len(oks)})")
        if "--errors" in sys.argv:
            print("  main category errors (true -> predicted: text):")
            for i, e in enumerate(test):
                if mains[i] != e.main:
                    print(f"    {e.sub} -> {subs[i]}: {e.text}")
        confusions = Counter((t, p) for t, p in zip(true_sub, subs, strict=True) if t != p)
        print("  most frequent sub confusions (true -> predicted):")
        for (t, p), n in confusions.most_common(10):
            print(f"    {n:3}  {t} -> {p}")
    return figures


def timing() -> None:
    from django.db import connection

    print("\n== speed (full seed set, through the database and classify())")
    started, cpu = time.perf_counter(), time.process_time()
    row = services.train(organisation=None)
    print(f"  train + store seed model: {time.perf_counter() - started:.1f} s wall clock, "
          f"{time.process_time() - cpu:.1f} s CPU ({row.seed_examples} seed texts, "
          f"payload {len(bytes(row.payload)) / 1e6:.1f} MB)")
    services._CACHE.clear()
    started = time.perf_counter()
    services.classify("test", organisation=None)
    print(f"  first classify in a fresh process (load from database): {(time.perf_counter() - started) * 1000:.0f} ms")
    texts = [e.text for e in seed_examples()][:1000]
    durations = []
    queries_before = len(connection.queries)
    cpu = time.process_time()
    for text in texts:
        started = time.perf_counter()
        services.classify(text, organisation=None)
        durations.append((time.perf_counter() - started) * 1000)
    cpu_per_call = (time.process_time() - cpu) / len(texts) * 1000
    durations.sort()
    print(f"  classify(): median {statistics.median(durations):.2f} ms, p95 {durations[int(len(durations) * 0.95)]:.2f} ms, "
          f"max {durations[-1]:.2f} ms over {len(durations)} texts (CPU {cpu_per_call:.2f} ms per call); "
          f"database queries: {len(connection.queries) - queries_before}")
    long_text = " ".join(texts[:400])
    started = time.perf_counter()
    services.classify(long_text * 20)
    print(f"  classify() of a {len(long_text) * 20:,}-character text: {(time.perf_counter() - started) * 1000:.1f} ms")


def split_spread(examples, seeds=(1, 2, 3, 4, 5)) -> None:
    """The held-out figures depend on which texts land in the 20%: the same split with other seeds."""
    print(f"\n== held-out split with seeds {', '.join(map(str, seeds))}")
    rows = []
    for seed in seeds:
        train, test = train_test_split(
            examples, test_size=TEST_SIZE, random_state=seed, stratify=[e.sub for e in examples]
        )
        model = services.fit(services.training_set(examples=train))
        mains, subs = model.predict([e.text for e in test])
        rows.append((accuracy_score([e.main for e in test], mains), f1_score([e.main for e in test], mains, average="macro"),
                     accuracy_score([e.sub for e in test], subs), f1_score([e.sub for e in test], subs, average="macro")))
    for i, key in enumerate(("main_accuracy", "main_macro_f1", "sub_accuracy", "sub_macro_f1")):
        values = [row[i] for row in rows]
        print(f"  {key:15} mean {statistics.mean(values):6.1%}  (min {min(values):.1%}, max {max(values):.1%})")


def main() -> None:
    if "--speed" in sys.argv:
        timing()
        return
    if "--splits" in sys.argv:
        split_spread(list(seed_examples()))
        return
    examples = list(seed_examples())
    tax = taxonomy()
    counts = Counter(e.sub for e in examples)
    print(f"seed set: {len(examples)} texts, {len(counts)} of {len(tax.sub_names)} sub categories, "
          f"fewest per sub: {min(counts.values()) if counts else 0}; "
          f"batches: {dict(sorted(Counter(e.batch for e in examples).items()))}")
    train, test = train_test_split(
        examples, test_size=TEST_SIZE, random_state=SPLIT_SEED, stratify=[e.sub for e in examples]
    )
    evaluate(train, test, "held-out split (stratified 80/20, seed 42)", details=True)
    if "--quick" in sys.argv:
        return
    for batch, style in (("b", "contact-centre notes and letters"), ("c", "terse SMS style with typos")):
        evaluate([e for e in examples if e.batch != batch], [e for e in examples if e.batch == batch],
                 f"cross-author check: batch {batch} ({style}) held out, trained on the rest")
    timing()


if __name__ == "__main__":
    main()
