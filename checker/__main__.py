"""``python -m checker`` is the ``oit`` command."""

from checker.cli import main

main()
