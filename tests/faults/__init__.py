"""Fault injection: the bundled demo site served by a server that misbehaves on purpose."""
