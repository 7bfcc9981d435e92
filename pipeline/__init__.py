"""diglot: offline Spanish-English translation of mixed-language news articles."""

__version__ = "0.2.0"
