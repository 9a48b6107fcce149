"""The readiness report for managers: one self-contained Thai HTML file (and its PDF)."""
