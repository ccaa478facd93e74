"""The package is layered: a module imports only from its own layer or the layers below it, and
no modules import each other in a circle. Every import counts, the ones inside functions too (a
function-level import that hides a cycle is still a cycle).

The layers, lowest first, follow the data: records, the step contract, reading and cleaning,
stories, mentions, events, the database; then what joins the stages (the analyze stage) and what a
person reads (exports, report, web app), the runs, the evaluation, and the command line on top.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest

import fogwatch

PACKAGE = Path(fogwatch.__file__).resolve().parent

LAYERS: list[tuple[str, ...]] = [
    ("fogwatch", "fogwatch.model", "fogwatch.errors", "fogwatch.paths", "fogwatch.geo", "fogwatch.doc"),
    ("fogwatch.pipeline", "fogwatch.global_stage", "fogwatch.dask_executor"),  # steps, global stages, executors
    # the readers hand HTML to the cleaner's main-text extractor and dates in URLs to its rules
    ("fogwatch.lang",),  # the language packs, below every stage that reads words: they import only errors
    ("fogwatch.clean",),
    ("fogwatch.ingest",),
    ("fogwatch.stories",),
    ("fogwatch.nlp",),
    ("fogwatch.events",),
    ("fogwatch.store",),
    # the analyze stage: nlp annotators, then the event extractor, then the store
    ("fogwatch.analyze",),
    ("fogwatch.report", "fogwatch.export", "fogwatch.serve"),
    ("fogwatch.run",),
    ("fogwatch.eval",),
    ("fogwatch.cli",),
]

# Stages that still read and write the database as they go, so they import the store from below
# it. Each entry goes when its stage hands records to a sink instead (issue 15, "two kinds of
# stage"); the test fails on an entry that is no longer needed, so the list only shrinks.
STAGES_WRITING_THROUGH_THE_STORE: frozenset[tuple[str, str]] = frozenset(
    {
        ("fogwatch.ingest.feeds", "fogwatch.store"),  # which feed entries were seen
        ("fogwatch.ingest.feeds", "fogwatch.store.db"),
        ("fogwatch.ingest.feeds", "fogwatch.store.schema"),
        ("fogwatch.ingest.feeds", "fogwatch.store.sitelines"),
        ("fogwatch.stories.read", "fogwatch.store"),  # stories are matched against the stored ones
        ("fogwatch.stories.scratch", "fogwatch.store"),
        ("fogwatch.stories.tables", "fogwatch.store.schema"),
        ("fogwatch.stories.update", "fogwatch.store"),
        ("fogwatch.stories.update", "fogwatch.store.schema"),
        ("fogwatch.events.fuse", "fogwatch.store.schema"),  # fusion rewrites the stored events
        ("fogwatch.events.fuse", "fogwatch.store.claims"),
        ("fogwatch.events.export", "fogwatch.store.claims"),
    }
)


@dataclass(frozen=True, slots=True)
class Import:
    importer: str
    imported: str
    line: int
    in_function: bool


def _modules() -> dict[str, Path]:
    out: dict[str, Path] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _imports(modules: dict[str, Path]) -> list[Import]:
    found: list[Import] = []
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        inside: set[int] = set()
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                inside.update(id(sub) for sub in ast.walk(node) if sub is not node)
        for node in ast.walk(tree):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - node.level + 1]
                    source = ".".join([*base, *([node.module] if node.module else [])])
                else:
                    source = node.module or ""
                # `from fogwatch.store import schema` imports the module schema; `... import Store` the package
                targets = [f"{source}.{a.name}" if f"{source}.{a.name}" in modules else source for a in node.names]
            for target in targets:
                if target in modules and target != name:
                    found.append(Import(name, target, node.lineno, id(node) in inside))
    return found


def layer_of(module: str) -> int:
    best, depth = -1, -1
    for i, prefixes in enumerate(LAYERS):
        for p in prefixes:
            if (module == p or module.startswith(p + ".")) and len(p) > depth:
                best, depth = i, len(p)
    return best


def cycles(edges: set[tuple[str, str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm, iteratively)."""
    graph: dict[str, list[str]] = defaultdict(list)
    for a, b in sorted(edges):
        graph[a].append(b)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []
    for root in sorted({m for e in edges for m in e}):
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            if i < len(graph[node]):
                work.append((node, i + 1))
                nxt = graph[node][i]
                if nxt not in index:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            if low[node] == index[node]:
                group = []
                while True:
                    m = stack.pop()
                    on_stack.discard(m)
                    group.append(m)
                    if m == node:
                        break
                if len(group) > 1:
                    out.append(sorted(group))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return out


@pytest.fixture(scope="module")
def imports() -> list[Import]:
    return _imports(_modules())


def test_every_module_has_a_layer() -> None:
    assert [m for m in _modules() if layer_of(m) < 0] == []


def test_no_import_goes_up_a_layer(imports: list[Import]) -> None:
    upward = [
        f"{i.importer}:{i.line} imports {i.imported}{' (in a function)' if i.in_function else ''}"
        for i in imports
        if layer_of(i.imported) > layer_of(i.importer)
        and (i.importer, i.imported) not in STAGES_WRITING_THROUGH_THE_STORE
    ]
    assert upward == []


def test_the_list_of_stages_writing_through_the_store_only_shrinks(imports: list[Import]) -> None:
    seen = {(i.importer, i.imported) for i in imports}
    assert sorted(STAGES_WRITING_THROUGH_THE_STORE - seen) == []
    assert all(layer_of(b) > layer_of(a) for a, b in STAGES_WRITING_THROUGH_THE_STORE)


def test_no_import_cycles(imports: list[Import]) -> None:
    assert cycles({(i.importer, i.imported) for i in imports}) == []


def test_the_checks_catch_a_cycle_and_an_upward_import() -> None:
    # the helpers run over real source text, so a broken parser cannot make the tests above pass vacuously
    assert cycles({("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")}) == [["a", "b", "c"]]
    assert cycles({("a", "b"), ("b", "c")}) == []
    assert layer_of("fogwatch.nlp.places") > layer_of("fogwatch.clean.html")
    assert layer_of("fogwatch.cli") == len(LAYERS) - 1
    assert layer_of("fogwatch.pipeline") < layer_of("fogwatch.lang") < layer_of("fogwatch.clean")
    found = {(i.importer, i.imported, i.in_function) for i in _imports(_modules())}
    assert ("fogwatch.run", "fogwatch.analyze", True) in found  # a function-level import is seen
    assert ("fogwatch.ingest.step", "fogwatch.ingest.jsonl", False) in found
