import random

import pytest

from loket.meldingen.classification import services
from loket.meldingen.classification.seed import seed_examples


def small_seed(per_sub: int = 10):
    """A stratified slice of the seed set: enough to train in a few seconds, every sub category present."""
    rng = random.Random(7)
    by_sub = {}
    for example in seed_examples():
        by_sub.setdefault(example.sub, []).append(example)
    chosen = []
    for examples in by_sub.values():
        chosen += rng.sample(examples, min(per_sub, len(examples)))
    return tuple(chosen)


@pytest.fixture
def quick_training(monkeypatch):
    """Train on a slice of the seed set (the stored-model and cache behaviour does not depend on its size), and start
    every test with an empty process cache."""
    subset = small_seed()
    monkeypatch.setattr(services, "seed_examples", lambda: subset)
    monkeypatch.setattr(services, "AUGMENT_SHARE", 0.0)
    services._CACHE.clear()
    yield subset
    services._CACHE.clear()
