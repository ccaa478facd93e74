"""Cleaning: keep the article, remove what is not, and keep every removed span with its reason."""
