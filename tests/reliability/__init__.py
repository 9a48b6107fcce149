"""Reliability: what the history survives (killed scans, read-only folders, a full disk)."""
