"""The benchmark harness of issue 6: `make bench` runs bench/run.py."""
