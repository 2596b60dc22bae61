"""The seed set is complete and valid, and a model trained on it generalises to texts it has not seen."""

from collections import Counter

import pytest
from sklearn.metrics import accuracy_score
from sklearn.model_selection import train_test_split

from loket.meldingen.classification import pipeline, services
from loket.meldingen.classification.seed import seed_examples
from loket.meldingen.classification.taxonomy import taxonomy

from .conftest import small_seed


def test_every_sub_category_has_at_least_30_seed_texts():
    counts = Counter(example.sub for example in seed_examples())
    too_few = {sub: counts.get(sub, 0) for sub in taxonomy().sub_names if counts.get(sub, 0) < 30}
    assert not too_few


def test_seed_texts_are_labelled_with_a_main_category_that_is_the_parent_of_their_sub_category():
    parent = taxonomy().parent
    assert all(parent[example.sub] == example.main for example in seed_examples())


def test_seed_set_has_no_duplicate_texts():
    texts = Counter(example.text.lower() for example in seed_examples())
    assert [text for text, n in texts.items() if n > 1] == []


def test_seed_set_holds_thousands_of_texts_with_a_separate_style_batch_for_the_cross_author_check():
    examples = seed_examples()
    assert len(examples) >= 3000
    assert sum(example.batch == "b" for example in examples) >= 200
    assert sum(example.batch == "c" for example in examples) >= 150


@pytest.mark.slow
def test_main_category_accuracy_on_the_held_out_split_is_at_least_85_percent():
    examples = list(seed_examples())
    train, test = train_test_split(examples, test_size=0.2, random_state=42, stratify=[e.sub for e in examples])
    model = services.fit(services.training_set(examples=train))
    mains, subs = model.predict([e.text for e in test])
    assert accuracy_score([e.main for e in test], mains) >= 0.85
    assert accuracy_score([e.sub for e in test], subs) >= 0.65


@pytest.fixture(scope="module")
def model():
    return services.fit(services.training_set(examples=small_seed()))


def test_probabilities_of_each_level_add_up_to_one_and_subs_add_up_to_their_main(model):
    p_main, p_sub = model.predict_proba(["de lantaarnpaal voor mijn deur brandt niet", "ratten bij de containers"])
    assert p_main.sum(axis=1) == pytest.approx([1.0, 1.0])
    assert p_sub.sum(axis=1) == pytest.approx([1.0, 1.0])
    for column, main in enumerate(model.main_classes_):
        in_main = [i for i, sub in enumerate(model.sub_classes_) if taxonomy().parent[sub] == main]
        assert p_sub[:, in_main].sum(axis=1) == pytest.approx(p_main[:, column])


def test_best_sub_category_is_always_a_child_of_the_best_main_category(model):
    parent = taxonomy().parent
    for text in ["glasbak vol", "boom omgevallen op de weg en de lantaarnpaal is ook stuk", "xyz", "muziek café"]:
        mains, subs = model.rank(text)
        assert parent[subs[0][0]] == mains[0][0]
        assert [c for _, c in mains] == sorted((c for _, c in mains), reverse=True)


def test_typing_variations_keep_the_meaning_of_a_text():
    import random

    rng = random.Random(1)
    variations = [pipeline.augment("De Lantaarnpaal in de Kerkstraat is kapot, al een week!", rng) for _ in range(20)]
    assert all(len(v.split()) >= 7 for v in variations)
    assert any(v != v.lower() for v in variations) and any(v == v.lower() for v in variations)


def test_normalising_removes_case_accents_numbers_and_stretched_letters():
    assert pipeline.normalise("  Hééééél VIES bij nr 12!!  ") == "heel vies bij nr 0!!"


def test_the_fast_path_for_one_text_gives_the_same_probabilities_as_the_batch_path(model):
    for text in ["De glasbak aan de kerk zit vol!", "", "qqq zzz", "Hééél VIES bij nr 12 en de lamp is stuk"]:
        one_main, one_sub = model.predict_proba([text])
        batch_main, batch_sub = model.predict_proba([text, "tweede tekst"])
        assert one_main[0] == pytest.approx(batch_main[0], abs=1e-6)
        assert one_sub[0] == pytest.approx(batch_sub[0], abs=1e-6)
