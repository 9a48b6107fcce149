"""Remediation tasks: every item short of a pass, linked to the agency's measures."""
