"""Public disclosure for the Thai Integrity and Transparency Assessment (ITA)."""

__version__ = "0.1.0"
