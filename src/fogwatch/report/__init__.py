"""What a person reads: the situation report over what the database holds, as text, Markdown or HTML."""

from __future__ import annotations

from fogwatch.report.scope import FORMATS, BadReportOption, ReportFilter, make_filter
from fogwatch.report.situation import Situation, build_situation, remember
from fogwatch.report.summary import summary_report
from fogwatch.store import Store


def check_format(fmt: str) -> str:
    key = fmt.strip().lower()
    key = {"markdown": "md", "txt": "text", "htm": "html"}.get(key, key)
    if key not in FORMATS:
        raise BadReportOption(f"--format '{fmt}' is not one of: {', '.join(FORMATS)}")
    return key


def render(store: Store, sit: Situation, fmt: str) -> str:
    """The report in `fmt`: "text" (what `fogwatch report` prints by default), "md" or "html"."""
    fmt = check_format(fmt)
    if fmt == "md":
        from fogwatch.report.markdown import markdown_report

        return markdown_report(sit)
    if fmt == "html":
        from fogwatch.report.html import html_report

        return html_report(sit)
    return summary_report(store, sit=sit)


__all__ = [
    "FORMATS",
    "ReportFilter",
    "Situation",
    "build_situation",
    "check_format",
    "make_filter",
    "remember",
    "render",
    "summary_report",
]
