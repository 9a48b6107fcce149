"""Formatting results for people and machines (terminal, JSON)."""
