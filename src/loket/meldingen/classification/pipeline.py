"""The scikit-learn model: TF-IDF word and character n-grams into two calibrated linear SVMs (main and sub).

The main level has its own model (it learns from all texts of a main category together); the sub level is
one flat model over all sub categories. P(main) is the average of the main model's probability and the sum
of the sub model's probabilities of that main's sub categories (on the held-out split this beats either one
alone). The levels are then made to agree: P(sub) = P(main of sub) x P(sub | its main), where P(sub | main)
is the sub model's probability renormalised within that main category. The sub probabilities of one main category therefore add up to that main
category's probability, and the best sub category is always a child of the best main category.
"""

import random
import re
import unicodedata

import numpy as np
import scipy.sparse as sp
from scipy.optimize import minimize_scalar
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.model_selection import GroupKFold
from sklearn.svm import LinearSVC

# A 100,000-character text costs ~100 ms to featurise; what decides the category is in its first lines.
MAX_CHARS = 2000

_DIGITS = re.compile(r"\d+")
_URL = re.compile(r"(https?://|www\.)\S+")
_REPEAT = re.compile(r"(\w)\1{2,}")  # "heeeel" -> "heel", "!!!!" stays punctuation
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Lower case, no accents, numbers as one token, stretched letters shortened, one space."""
    text = unicodedata.normalize("NFKD", text[:MAX_CHARS].lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _URL.sub(" url ", text)
    text = _DIGITS.sub("0", text)
    text = _REPEAT.sub(r"\1\1", text)
    return _SPACE.sub(" ", text).strip()


def _vectorizers() -> list[TfidfVectorizer]:
    words = TfidfVectorizer(
        preprocessor=normalise, token_pattern=r"(?u)\b\w+\b", ngram_range=(1, 2), sublinear_tf=True,  # noqa: S106
        dtype=np.float32,
    )
    chars = TfidfVectorizer(
        preprocessor=normalise, analyzer="char_wb", ngram_range=(1, 4), min_df=2, sublinear_tf=True,
        dtype=np.float32,
    )
    return [words, chars]


class _Level:
    """One level (main or sub): a linear SVM whose scores become probabilities by temperature scaling.

    The temperature is fitted on out-of-fold scores (grouped, so a text and its augmented variations stay in
    the same fold): softmax(score / T) then matches how often the model is right at a given confidence.
    Prediction is one sparse-dense product and a softmax, well under a millisecond.
    """

    folds = 2
    tol = 1e-3

    def __init__(self, c: float):
        self.c = c

    def _svm(self, x, y, weights):
        return LinearSVC(C=self.c, tol=self.tol).fit(x, y, sample_weight=weights)

    @staticmethod
    def _scores(model, x, classes) -> np.ndarray:
        raw = model.decision_function(x)
        if raw.ndim == 1:  # two classes: one score for the second class
            raw = np.column_stack([-raw, raw])
        index = {c: i for i, c in enumerate(model.classes_)}
        out = np.full((x.shape[0], len(classes)), -10.0)  # a class the fold never saw: very unlikely
        for j, c in enumerate(classes):
            if c in index:
                out[:, j] = raw[:, index[c]]
        return out

    def fit(self, x, y, weights, groups):
        y = np.asarray(y)
        model = self._svm(x, y, weights)
        self.classes_ = [str(c) for c in model.classes_]
        coef = model.coef_ if model.coef_.shape[0] > 1 else np.vstack([-model.coef_, model.coef_])
        intercept = model.intercept_ if model.intercept_.shape[0] > 1 else np.r_[-model.intercept_, model.intercept_]
        self.coef_ = np.ascontiguousarray(coef.T, dtype=np.float32)  # features x classes
        self.intercept_ = intercept.astype(np.float32)
        oof = np.zeros((x.shape[0], len(self.classes_)))
        for train, test in GroupKFold(n_splits=self.folds).split(x, y, groups):
            oof[test] = self._scores(self._svm(x[train], y[train], weights[train]), x[test], self.classes_)
        truth = np.array([self.classes_.index(c) for c in y])
        w = np.asarray(weights, dtype=float)

        def loss(temperature):
            p = _softmax(oof / temperature)
            return -np.sum(w * np.log(p[np.arange(len(truth)), truth] + 1e-12)) / w.sum()

        self.temperature_ = float(minimize_scalar(loss, bounds=(0.01, 5.0), method="bounded").x)
        return self

    def proba(self, x) -> np.ndarray:
        return _softmax(np.asarray(x @ self.coef_ + self.intercept_) / self.temperature_)


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


class HierarchicalClassifier:
    """Main and sub category probabilities for texts. Trained by ``fit``; pickled by Loket itself."""

    def __init__(self, *, c_main: float = 0.5, c_sub: float = 0.5, main_weight: float = 0.5):
        self.c_main = c_main
        self.c_sub = c_sub
        self.main_weight = main_weight

    def features(self, texts):
        return sp.hstack([v.transform(texts) for v in self.vectorizers_], format="csr")

    def fit(self, texts, mains, subs, *, parent: dict[str, str], sample_weight=None, groups=None):
        n = len(texts)
        weights = np.ones(n) if sample_weight is None else np.asarray(sample_weight, dtype=float)
        groups = np.arange(n) if groups is None else np.asarray(groups)
        self.vectorizers_ = _vectorizers()
        x = sp.hstack([v.fit_transform(texts) for v in self.vectorizers_], format="csr")
        for vectorizer in self.vectorizers_:
            vectorizer.stop_words_ = None  # the n-grams min_df dropped: only for inspection, not worth storing
        self.main_ = _Level(self.c_main).fit(x, mains, weights, groups)
        self.sub_ = _Level(self.c_sub).fit(x, subs, weights, groups)
        self.main_classes_ = self.main_.classes_
        self.sub_classes_ = self.sub_.classes_
        main_index = {main: i for i, main in enumerate(self.main_classes_)}
        # For each sub class, the column of its main class (-1: its main was never seen).
        self.sub_main_ = np.array([main_index.get(parent.get(sub), -1) for sub in self.sub_classes_])
        return self

    def predict_proba(self, texts) -> tuple[np.ndarray, np.ndarray]:
        """(P(main) of shape (n, mains), P(sub) of shape (n, subs)), columns as main_classes_/sub_classes_."""
        if len(texts) == 1:  # the fast path for classifying one text
            columns, values = self._one_row(texts[0])
            p_main_model = _softmax(((values @ self.main_.coef_[columns]) + self.main_.intercept_)[None, :]
                                    / self.main_.temperature_)
            p_sub_model = _softmax(((values @ self.sub_.coef_[columns]) + self.sub_.intercept_)[None, :]
                                   / self.sub_.temperature_)
            return self._combine(p_main_model, p_sub_model)
        x = self.features(texts)
        return self._combine(self.main_.proba(x), self.sub_.proba(x))

    def _combine(self, p_main_model: np.ndarray, p_sub_model: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        known = self.sub_main_ >= 0
        p_sub_flat = np.where(known, p_sub_model, 0.0)
        # Sum of the sub probabilities per main category; the main probability is the average of that and the
        # main model's (better than either alone); then each sub is renormalised within its main.
        totals = np.zeros((p_sub_flat.shape[0], len(self.main_classes_)))
        np.add.at(totals.T, self.sub_main_[known], p_sub_flat[:, known].T)
        p_main = self.main_weight * p_main_model + (1 - self.main_weight) * totals
        p_main = p_main / p_main.sum(axis=1, keepdims=True)
        column = np.maximum(self.sub_main_, 0)
        parent_total = totals[:, column]
        within = np.divide(p_sub_flat, parent_total, out=np.zeros_like(p_sub_flat), where=parent_total > 0)
        p_sub = within * p_main[:, column]
        return p_main, np.where(known, p_sub, 0.0)

    def _one_row(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """Column indices and TF-IDF values of one text: what ``features`` computes, without scikit-learn's
        per-call overhead (input checks, sparse matrix building), which is most of the time for one text."""
        analyzers = self.__dict__.get("_analyzers")
        if analyzers is None:
            analyzers = self.__dict__["_analyzers"] = [v.build_analyzer() for v in self.vectorizers_]
        indices, values, offset = [], [], 0
        for vectorizer, analyzer in zip(self.vectorizers_, analyzers, strict=True):
            vocabulary = vectorizer.vocabulary_
            counts: dict[int, int] = {}
            for gram in analyzer(text):
                column = vocabulary.get(gram)
                if column is not None:
                    counts[column] = counts.get(column, 0) + 1
            if counts:
                columns = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
                weights = (1.0 + np.log(np.fromiter(counts.values(), dtype=np.float64, count=len(counts))))
                weights *= vectorizer.idf_[columns]
                weights /= np.sqrt(np.dot(weights, weights))
                indices.append(columns + offset)
                values.append(weights)
            offset += len(vocabulary)
        if not indices:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        return np.concatenate(indices), np.concatenate(values)

    def __getstate__(self):
        state = dict(self.__dict__)
        state.pop("_analyzers", None)  # rebuilt on first use
        return state

    def predict(self, texts) -> tuple[list[str], list[str]]:
        """Best main and best sub category per text (the sub always a child of the main)."""
        p_main, p_sub = self.predict_proba(texts)
        best_main = p_main.argmax(axis=1)
        masked = np.where(self.sub_main_[None, :] == best_main[:, None], p_sub, -1.0)
        best_sub = masked.argmax(axis=1)
        return [self.main_classes_[i] for i in best_main], [self.sub_classes_[i] for i in best_sub]

    def rank(self, text: str) -> tuple[list[tuple[str, float]], list[tuple[str, float]]]:
        """Main and sub categories with probabilities, best first; the first sub is a child of the first main."""
        p_main, p_sub = self.predict_proba([text])
        p_main, p_sub = p_main[0], p_sub[0]
        main_order = np.argsort(-p_main, kind="stable")
        top_main = main_order[0]
        # The best sub within the top main first; the rest follow by probability.
        by_probability = [int(i) for i in np.argsort(-p_sub, kind="stable")]
        head = [next((i for i in by_probability if self.sub_main_[i] == top_main), by_probability[0])]
        tail = [i for i in by_probability if i != head[0]]
        mains = [(self.main_classes_[i], float(p_main[i])) for i in main_order]
        subs = [(self.sub_classes_[i], float(p_sub[i])) for i in head + tail]
        return mains, subs


# -- Augmentation at training time (resident typing habits; never used on texts being classified) ---------

_PUNCT = re.compile(r"[^\w\s]")
_SMS = {
    "een": "n",
    "niet": "nie",
    "het": "t",
    "is": "is",
    "ik": "k",
    "wel": "wel",
    "alstublieft": "aub",
    "asjeblieft": "ajb",
    "voor": "vr",
    "met": "mt",
    "goed": "goe",
    "zijn": "zn",
    "mijn": "mn",
    "weer": "wr",
    "nog": "nog",
    "wat": "wa",
    "dat": "da",
    "gemeente": "gem",
}


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(4)
    if kind == 0:  # swapped letters
        return word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]
    if kind == 1:  # a letter missing
        return word[:i] + word[i + 1 :]
    if kind == 2:  # a letter doubled
        return word[:i] + word[i] + word[i:]
    return word[:i] + rng.choice("aeionrst") + word[i + 1 :]  # a wrong letter


def augment(text: str, rng: random.Random) -> str:
    """One variation of a text as residents type it: lower case, no punctuation, SMS words, typos."""
    if rng.random() < 0.6:
        text = text.lower()
    if rng.random() < 0.5:
        text = _PUNCT.sub(" ", text)
    words = text.split()
    out = []
    for word in words:
        if rng.random() < 0.15 and word.lower() in _SMS:
            word = _SMS[word.lower()]
        elif rng.random() < 0.08:
            word = _typo(word, rng)
        out.append(word)
    return " ".join(out)
