"""Run every benchmark in bench/, one after another, each printing its own baseline and ratio.

.venv/bin/python bench/run_all.py [--quick]
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
QUICK_ARGS = {"bench_review.py": ["--quick"], "bench_generator.py": ["--years", "1"]}


def main() -> int:
    quick = "--quick" in sys.argv[1:]
    failed = []
    for script in sorted(BENCH.glob("bench_*.py")):
        print(f"\n=== {script.name} ===", flush=True)
        args = QUICK_ARGS.get(script.name, []) if quick else []
        if subprocess.run([sys.executable, str(script), *args], check=False).returncode != 0:
            failed.append(script.name)
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
