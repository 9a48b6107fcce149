"""Load: the scheduler over a folder of targets served on loopback (benchmarks/night/, small)."""
