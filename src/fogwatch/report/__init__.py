"""What a person reads: the report over what the database holds."""

from fogwatch.report.summary import summary_report

__all__ = ["summary_report"]
