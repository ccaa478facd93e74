"""A plain-text summary of a fogwatch database."""

from __future__ import annotations

from fogwatch.store import Store


def summary_report(store: Store) -> str:
    st = store.stats()
    lines: list[str] = []
    add = lines.append
    add(f"fogwatch report: {store.url}")
    add("")
    if st["articles"] == 0:
        add("The database holds no articles yet. Run `fogwatch ingest PATH...` to add some.")
    else:
        period = f"{st['first_published']} to {st['last_published']}" if st["first_published"] else "no dates"
        add(f"Articles: {st['articles']}  (published {period}; {st['undated']} undated)")
        kept = st["text_chars"] / st["raw_chars"] if st["raw_chars"] else 0.0
        add(f"Clean text kept: {st['text_chars']:,} of {st['raw_chars']:,} characters ({kept:.0%})")
        add("")
        add("By site:")
        width = max(len(str(k)) for k, _ in st["by_site"])
        for site, n in st["by_site"]:
            add(f"  {site:<{width}}  {n:>5}")
        add("")
        add("By format: " + ", ".join(f"{k} {v}" for k, v in st["by_format"]))
        if st["removed"]:
            add("")
            add("Removed from the raw text, by reason (spans, characters):")
            width = max(len(k) for k, _, _ in st["removed"])
            for reason, n, chars in st["removed"]:
                add(f"  {reason:<{width}}  {n:>5}  {chars:>8,}")
    rejects = store.rejects()
    add("")
    if rejects:
        add(f"Rejected inputs: {len(rejects)}")
        for r in rejects[:20]:
            add(f"  {r.input}: {r.reason} [{r.kind}]")
        if len(rejects) > 20:
            add(f"  ... and {len(rejects) - 20} more (fogwatch export rejects)")
    else:
        add("Rejected inputs: none")
    return "\n".join(lines)
