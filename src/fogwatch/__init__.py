"""fogwatch: verified, mapped, source-attributed records from raw war reporting."""

__version__ = "0.1.0"
