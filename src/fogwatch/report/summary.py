"""A plain-text summary of a fogwatch database."""

from __future__ import annotations

from fogwatch.store import Store
from fogwatch.stories.read import overview


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
        lines.extend(_stories(store))
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


def _stories(store: Store) -> list[str]:
    """Stories with copies: each counts once, whatever the number of sites that carried it."""
    ov = overview(store)
    if ov.indexed == 0:
        return ["", "Stories: none yet (stories are found at the end of `fogwatch ingest`)"]
    skipped = ", ".join(f"{n} {k}" for k, n in sorted(ov.not_matched.items()))
    out = [
        "",
        f"Stories: {ov.stories} from {ov.indexed} articles; {ov.multi_total} with copies ({ov.in_multi} articles)"
        + (f"; not matched: {skipped}" if skipped else ""),
    ]
    for st, title, origin in ov.multi:
        sources = "independent source" if st.independent_sources == 1 else "independent sources"
        sites = ", ".join(f"{s} (original)" if s == origin else s for s in st.sites)
        out.append(f"  {title or st.canonical_id}")
        out.append(
            f"    {st.first_published or 'undated'}  {len(st.members)} articles on {sites}; "
            f"{st.independent_sources} {sources}"
        )
    if ov.multi_total > len(ov.multi):
        out.append(f"  ... and {ov.multi_total - len(ov.multi)} more (fogwatch export stories)")
    return out
