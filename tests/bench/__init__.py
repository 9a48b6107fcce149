"""The benchmark harness's smoke run (``benchmarks/``; the real run is ``make bench``)."""
