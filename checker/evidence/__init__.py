"""Evidence: what discovery found for each item, and the facts the engine judges it by."""
