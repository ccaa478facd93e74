"""`fogwatch train`: learn sub-event types from the user's own ACLED export.

The model is TF-IDF over word 1-2-grams with one-vs-rest logistic regression, fitted with
scikit-learn and stored as plain arrays in a `.npz` file (vocabulary, idf, weights; no pickle),
so reading it needs only numpy. The rules still decide what is not a conflict event at all:
an ACLED export holds events only, so a model learned from it always names a type.
"""

from __future__ import annotations

import csv
import itertools
import json
import math
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fogwatch.errors import BadModelFile, BadTrainingFile, InputNotFound, NoTrainedModel, require
from fogwatch.events.classify import Detection, EventClassifier
from fogwatch.events.typology import SUB_EVENT_TYPES, event_type_of
from fogwatch.lang import english
from fogwatch.paths import data_home

_EN = english().area("training")

FORMAT = "fogwatch-event-model/1"
MODEL_FILE = "event-model.npz"
NEEDED_COLUMNS = ("notes", "sub_event_type")


def default_model_path() -> Path:
    """Where `fogwatch train` stores its model unless told otherwise."""
    return data_home() / "models" / MODEL_FILE


# --- text to features (the same in training and use) -----------------------------------------

_TOKEN = re.compile(r"[^\W\d_]{2,}|\d+", re.UNICODE)
# ACLED notes open with the date and close with bracketed coding remarks: not evidence of a type.
_NOTE_DATE = _EN.regex("note_date", re.I)
_BRACKETED = re.compile(r"\[[^\]]*\]")


def clean_note(text: str) -> str:
    """An ACLED note without its opening date and bracketed coding remarks."""
    return _BRACKETED.sub(" ", _NOTE_DATE.sub("", text))


def _terms(text: str) -> list[str]:
    words = ["0" if w[0].isdigit() else w.lower() for w in _TOKEN.findall(text)]
    return words + [f"{a} {b}" for a, b in itertools.pairwise(words)]


def _tf(text: str) -> Counter[str]:
    return Counter(_terms(text))


# --- reading the export ---------------------------------------------------------------------


@dataclass(slots=True)
class TrainingRows:
    texts: list[str]
    labels: list[str]
    skipped_empty: int = 0


def read_acled(path: Path) -> TrainingRows:
    """The (notes, sub_event_type) rows of an ACLED export CSV, checked."""
    if not path.exists():
        raise InputNotFound(str(path))
    if path.is_dir():
        raise BadTrainingFile(path, "is a folder; give the ACLED export CSV file")
    csv.field_size_limit(1 << 24)
    texts: list[str] = []
    labels: list[str] = []
    unknown: dict[str, int] = {}
    skipped = 0
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            sample = fh.read(65536)
            fh.seek(0)
            try:
                dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t|")
            except csv.Error:
                dialect = csv.excel
            reader = csv.DictReader(fh, dialect=dialect)
            columns = [c.strip().lower() for c in reader.fieldnames or []]
            missing = [c for c in NEEDED_COLUMNS if c not in columns]
            if missing:
                found = ", ".join(columns[:12]) or "none"
                raise BadTrainingFile(
                    path,
                    f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
                    f"(an ACLED export has notes and sub_event_type; found: {found})",
                )
            names = {c.strip().lower(): c for c in reader.fieldnames or []}
            for line, row in enumerate(reader, start=2):
                note = (row.get(names["notes"]) or "").strip()
                sub = (row.get(names["sub_event_type"]) or "").strip()
                if not note or not sub:
                    skipped += 1
                    continue
                if sub not in SUB_EVENT_TYPES:
                    unknown.setdefault(sub, line)
                    continue
                texts.append(clean_note(note))
                labels.append(sub)
    except UnicodeDecodeError as exc:
        raise BadTrainingFile(path, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    if unknown:
        shown = ", ".join(f"{name!r} (line {line})" for name, line in list(unknown.items())[:5])
        raise BadTrainingFile(
            path, f"unknown sub_event_type {shown}; expected ACLED's names, e.g. 'Armed clash', 'Peaceful protest'"
        )
    if not texts:
        raise BadTrainingFile(path, "no rows with both notes and sub_event_type to learn from")
    if len(set(labels)) < 2:
        raise BadTrainingFile(path, f"all rows are '{labels[0]}'; a classifier needs at least two sub-event types")
    return TrainingRows(texts, labels, skipped)


# --- the model ------------------------------------------------------------------------------


@dataclass(slots=True)
class LinearModel:
    """TF-IDF (sublinear tf, l2 norm) and one logistic weight vector per class."""

    vocabulary: dict[str, int]
    idf: Any  # numpy float32 array, one per term
    coef: Any  # numpy float32 array, classes x terms
    intercept: Any  # numpy float32 array, one per class
    classes: list[str]
    meta: dict[str, Any] = field(default_factory=dict)
    _terms: list[str] = field(default_factory=list)

    def term(self, j: int) -> str:
        """The word or word pair of feature `j`."""
        if not self._terms:
            self._terms = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        return self._terms[j]

    def features(self, text: str) -> tuple[list[int], list[float]]:
        counts = _tf(text)
        idx: list[int] = []
        vals: list[float] = []
        for term, n in counts.items():
            j = self.vocabulary.get(term)
            if j is not None:
                idx.append(j)
                vals.append((1.0 + math.log(n)) * float(self.idf[j]))
        norm = math.sqrt(sum(v * v for v in vals)) or 1.0
        return idx, [v / norm for v in vals]

    def probabilities(self, text: str) -> tuple[Any, list[int], list[float]]:
        np: Any = require("numpy", "train", "A trained event model")
        idx, vals = self.features(text)
        logits = self.intercept.astype("float64")
        if idx:
            logits = logits + self.coef[:, idx].astype("float64") @ np.asarray(vals)
        # One-vs-rest logistic scores, normalised to sum to one (as scikit-learn does for them).
        p = 1.0 / (1.0 + np.exp(-np.clip(logits, -30, 30)))
        return p / p.sum(), idx, vals

    def save(self, path: Path) -> None:
        np: Any = require("numpy", "train", "Saving a trained event model")
        path.parent.mkdir(parents=True, exist_ok=True)
        terms = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        meta = dict(self.meta, format=FORMAT)
        tmp = path.with_name(path.name + ".tmp.npz")
        np.savez_compressed(
            tmp,
            terms=np.array(terms, dtype=str),
            idf=self.idf.astype("float32"),
            coef=self.coef.astype("float32"),
            intercept=self.intercept.astype("float32"),
            classes=np.array(self.classes, dtype=str),
            meta=np.array(json.dumps(meta, ensure_ascii=False)),
        )
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> LinearModel:
        np: Any = require("numpy", "train", "A trained event model")
        if not path.exists():
            raise NoTrainedModel(path)
        try:
            with np.load(path, allow_pickle=False) as z:
                meta = json.loads(str(z["meta"]))
                terms = [str(t) for t in z["terms"]]
                idf, coef, intercept = z["idf"], z["coef"], z["intercept"]
                classes = [str(c) for c in z["classes"]]
        except (OSError, ValueError, KeyError) as exc:
            raise BadModelFile(path, str(exc) or type(exc).__name__) from None
        if meta.get("format") != FORMAT:
            raise BadModelFile(path, f"format {meta.get('format')!r}, expected {FORMAT!r}")
        unknown = [c for c in classes if c not in SUB_EVENT_TYPES]
        if unknown or coef.shape != (len(classes), len(terms)) or idf.shape != (len(terms),):
            raise BadModelFile(path, "inconsistent arrays or unknown classes")
        return cls({t: i for i, t in enumerate(terms)}, idf, coef, intercept, classes, meta)


def _fit(texts: list[str], labels: list[str], alpha: float, min_df: int, seed: int) -> LinearModel:
    import warnings

    sk_text: Any = require("sklearn.feature_extraction.text", "train", "fogwatch train")
    sk_linear: Any = require("sklearn.linear_model", "train", "fogwatch train")
    sk_exceptions: Any = require("sklearn.exceptions", "train", "fogwatch train")
    np: Any = require("numpy", "train", "fogwatch train")
    vec = sk_text.TfidfVectorizer(analyzer=_terms, sublinear_tf=True, min_df=min_df, norm="l2", dtype=np.float64)
    x = vec.fit_transform(texts)
    # Logistic loss by stochastic gradient descent: seconds on tens of thousands of rows, and
    # as accurate here as the exact solvers, which take minutes.
    clf = sk_linear.SGDClassifier(
        loss="log_loss", alpha=alpha, max_iter=100, tol=1e-4, class_weight="balanced", random_state=seed
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", sk_exceptions.ConvergenceWarning)
        clf.fit(x, labels)
    classes = [str(k) for k in clf.classes_]
    coef, intercept = clf.coef_, clf.intercept_
    if len(classes) == 2:  # scikit-learn keeps one vector for two classes
        coef = np.vstack([-coef[0], coef[0]])
        intercept = np.array([-intercept[0], intercept[0]])
    vocabulary = {str(t): int(i) for t, i in vec.vocabulary_.items()}
    return LinearModel(vocabulary, vec.idf_, coef, intercept, classes)


@dataclass(slots=True)
class TrainReport:
    source: str
    out: Path
    rows: int
    skipped: int
    classes: dict[str, int]
    held_out: int
    held_out_accuracy: float | None
    held_out_event_type_accuracy: float | None
    terms: int
    seconds: float

    def lines(self) -> list[str]:
        out = [
            f"learned from {self.rows} rows of {self.source}"
            + (f" ({self.skipped} without notes or sub_event_type skipped)" if self.skipped else ""),
            f"{len(self.classes)} sub-event types:",
        ]
        out += [f"  {n:>6}  {name}" for name, n in sorted(self.classes.items(), key=lambda kv: -kv[1])]
        if self.held_out_accuracy is not None:
            out.append(
                f"held-out accuracy on {self.held_out} rows (a 20% split of your file): "
                f"{self.held_out_accuracy:.3f} sub-event type, {self.held_out_event_type_accuracy:.3f} event type"
            )
        else:
            out.append("too few rows for a held-out accuracy")
        out.append(f"{self.terms} terms; model stored at {self.out} ({self.seconds:.1f} s)")
        return out


def _split(labels: list[str], share: float, seed: int) -> tuple[list[int], list[int]]:
    """A stratified split: `share` of each class (with at least 2 rows) is held out."""
    import random

    rng = random.Random(seed)
    by_class: dict[str, list[int]] = {}
    for i, lab in enumerate(labels):
        by_class.setdefault(lab, []).append(i)
    train: list[int] = []
    test: list[int] = []
    for lab in sorted(by_class):
        idx = by_class[lab]
        rng.shuffle(idx)
        k = round(len(idx) * share) if len(idx) >= 2 else 0
        test += idx[:k]
        train += idx[k:]
    return sorted(train), sorted(test)


def train_from_acled(
    path: Path, out: Path | None = None, *, alpha: float = 1e-5, min_df: int = 2, seed: int = 0
) -> TrainReport:
    """Learn a sub-event classifier from an ACLED export and store it (default: the user's data dir)."""
    t0 = time.perf_counter()
    rows = read_acled(path)
    out = out or default_model_path()
    if out.exists() and out.is_dir():
        out = out / MODEL_FILE
    min_df = min_df if len(rows.texts) >= 200 else 1
    train_idx, test_idx = _split(rows.labels, 0.2, seed)
    accuracy = et_accuracy = None
    if len(test_idx) >= 5 and len({rows.labels[i] for i in train_idx}) >= 2:
        held = _fit([rows.texts[i] for i in train_idx], [rows.labels[i] for i in train_idx], alpha, min_df, seed)
        clf = TrainedClassifier(held)
        pred = [d.sub_event_type if d else "" for d in clf.classify_many([rows.texts[i] for i in test_idx])]
        gold = [rows.labels[i] for i in test_idx]
        accuracy = sum(p == g for p, g in zip(pred, gold, strict=True)) / len(gold)
        et_accuracy = sum(
            bool(p) and event_type_of(p) == event_type_of(g) for p, g in zip(pred, gold, strict=True)
        ) / len(gold)
    model = _fit(rows.texts, rows.labels, alpha, min_df, seed)
    model.meta = {
        "trained": datetime.now(UTC).isoformat(timespec="seconds"),
        "source": Path(path).name,
        "rows": len(rows.texts),
        "classes": dict(Counter(rows.labels)),
        "held_out_accuracy": accuracy,
    }
    model.save(out)
    return TrainReport(
        str(path),
        out,
        len(rows.texts),
        rows.skipped_empty,
        dict(Counter(rows.labels)),
        len(test_idx) if accuracy is not None else 0,
        accuracy,
        et_accuracy,
        len(model.vocabulary),
        time.perf_counter() - t0,
    )


# --- classifiers ------------------------------------------------------------------------------

_WORDS = re.compile(r"[^\W\d_]{2,}|\d+")


class TrainedClassifier:
    """A model stored by `fogwatch train`. It always names a type: it has never seen
    anything but events (use "combined" to drop non-events with the rules)."""

    name = "trained"

    def __init__(self, model: LinearModel, min_probability: float = 0.0) -> None:
        self.model = model
        self.min_probability = min_probability

    @classmethod
    def load(cls, path: Path) -> TrainedClassifier:
        return cls(LinearModel.load(path))

    def classify(self, text: str) -> Detection | None:
        probs, idx, vals = self.model.probabilities(text)
        k = int(probs.argmax())
        p = float(probs[k])
        if p < self.min_probability:
            return None
        sub = self.model.classes[k]
        return Detection(sub, event_type_of(sub), round(p, 3), self._trigger(text, k, idx, vals), "trained")

    def classify_many(self, texts: list[str]) -> list[Detection | None]:
        return [self.classify(t) for t in texts]

    def _trigger(self, text: str, k: int, idx: list[int], vals: list[float]) -> tuple[int, int] | None:
        """The span of the word or word pair that counts most for the chosen type."""
        if not idx:
            return None
        row = self.model.coef[k]
        best = max(range(len(idx)), key=lambda i: vals[i] * float(row[idx[i]]))
        term = self.model.term(idx[best])
        words = [(m.start(), m.end(), m.group().lower()) for m in _WORDS.finditer(text)]
        parts = term.split(" ")
        for i in range(len(words) - len(parts) + 1):
            if all(
                words[i + n][2] == parts[n] or (parts[n] == "0" and words[i + n][2].isdigit())
                for n in range(len(parts))
            ):
                return words[i][0], words[i + len(parts) - 1][1]
        return None


class CombinedClassifier:
    """The rules decide whether a text reports a conflict event at all; the trained model
    names the type where it is confident, the rules elsewhere."""

    name = "combined"

    def __init__(self, trained: TrainedClassifier, rules: EventClassifier, threshold: float = 0.8) -> None:
        self.trained = trained
        self.rules = rules
        self.threshold = threshold

    def classify(self, text: str) -> Detection | None:
        ruled = self.rules.classify(text)
        if ruled is None:
            return None
        learned = self.trained.classify(text)
        if learned is not None and learned.score >= self.threshold:
            if learned.sub_event_type == ruled.sub_event_type:
                return Detection(
                    ruled.sub_event_type, ruled.event_type, max(ruled.score, learned.score), ruled.trigger, "combined"
                )
            return Detection(learned.sub_event_type, learned.event_type, learned.score, learned.trigger, "trained")
        return ruled

    def classify_many(self, texts: list[str]) -> list[Detection | None]:
        return [self.classify(t) for t in texts]
