"""Helpers shared by tests: an offline fetcher over a folder, the engine oracle, a network guard."""
