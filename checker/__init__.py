"""oit-checker: checks an agency's website against the NACC's ITA OIT disclosure items."""

__version__ = "0.1.0"
