"""Alerts: problems found by comparing scans, their life cycle, Thai messages, delivery."""
