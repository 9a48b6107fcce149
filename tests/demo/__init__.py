"""Tests of the bundled demo website and its static server."""
