"""Tests of alert messages (Thai templates) and their delivery through Apprise."""
