"""``oit schedule``: scan every target of a folder on its cron, record, alert, watch staleness.

``jobs`` holds what APScheduler runs (importable functions with picklable arguments, because the
SQLAlchemy job store keeps them by reference); ``runner`` builds the scheduler and runs ``--once``.
"""
