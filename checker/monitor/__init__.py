"""Nightly monitoring: find problems by comparing scans, confirm them, keep alert state, notify."""
