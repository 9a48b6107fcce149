"""Deciding items from facts: the durable-rules engine and a plain-Python reference evaluator.

Both take the same flat facts (``checker.engine.facts``) and return the same ``Decisions``;
the reference evaluator is the test oracle for the durable-rules path.
"""
