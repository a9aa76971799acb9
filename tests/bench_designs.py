"""Benchmark (not a test): the table behind notebook 09's picture, for up to 1,000 clients.
Run: .venv/bin/python tests/bench_designs.py [N …]"""

import sys

from helpers import DESIGNS, measure_load, start_design

if __name__ == "__main__":
    counts = [int(n) for n in sys.argv[1:]] or [1, 10, 100, 500, 1000]
    print(f"{'conception':22} {'N':>5} {'servis':>9} {'médiane':>9} {'p99':>8} {'rép./s':>7} "
          f"{'attendu':>8} {'threads':>7} {'Mio':>5}")
    for design in DESIGNS:
        with start_design(design, show=False) as server:
            for n in counts:
                m = measure_load(server, n, design=design, deadline=3.0)
                print(f"{design:22} {n:5} {m.served:4}/{m.fast:<4} {m.median_ms:7.1f}ms "
                      f"{m.p99_ms:6.1f}ms {m.per_second:7.0f} {m.waited:8} {m.threads:7} "
                      f"{m.memory_mib:5.1f}")
