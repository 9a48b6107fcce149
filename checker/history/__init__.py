"""Scan history: every recorded scan, its items and evidence, the fetch cache, alert state."""
