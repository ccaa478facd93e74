"""Generate many small, distinct text dumps for volume tests (kill/restart, idempotence)."""

from __future__ import annotations

import random
from pathlib import Path

VILLAGES = [
    "Afes",
    "Saraqib",
    "Nayrab",
    "Talhiyah",
    "Kafr Nouran",
    "Kafr Halab",
    "Taftanaz",
    "Sarmin",
    "Binnish",
    "Ariha",
]
ACTORS = [
    "government troops",
    "Turkish-backed fighters",
    "HTS militants",
    "pro-government militias",
    "Russian aircraft",
]
OUTLETS = ["Frontline Dispatch", "Levant Monitor", "Northern Wire"]


def dump(i: int, rng: random.Random) -> str:
    v1, v2 = rng.sample(VILLAGES, 2)
    a1, a2 = rng.sample(ACTORS, 2)
    outlet = OUTLETS[i % len(OUTLETS)]
    day = 1 + i % 28
    paras = [
        f"Report {i}: {a1.capitalize()} attacked positions near {v1} on the night of February {day}, "
        f"while {a2} shelled the road to {v2}, local sources said.",
        f"At least {rng.randint(2, 60)} people were killed and {rng.randint(1, 90)} wounded in the fighting, "
        f"according to a monitoring group whose figures could not be independently verified (case {i}).",
    ]
    return (
        f"Clashes near {v1} ({i})\n\n{outlet}, February {day}, 2020\n\n"
        + "\n\n".join(paras)
        + "\n\nShare this:\nFacebook\nTwitter\n\nSupport our reporting\n$5\n$10\n$25\n"
    )


def write_corpus(root: Path, n: int, seed: int = 7) -> Path:
    rng = random.Random(seed)
    for i in range(n):
        sub = root / OUTLETS[i % len(OUTLETS)].lower().replace(" ", "-")
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"{i:05d}.txt").write_text(dump(i, rng), encoding="utf-8")
    (root / "empty.txt").write_bytes(b"")
    (root / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 40)
    return root
