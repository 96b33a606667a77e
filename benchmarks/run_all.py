"""`make bench`: both search quality benchmarks (dev set, real documents), then search speed at 2 000 documents."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

if __name__ == "__main__":
    for script, args in (
        ("search_quality.py", []),
        ("search_quality_real.py", []),
        ("search_speed.py", ["--documents", "2000"]),
    ):
        subprocess.run([sys.executable, str(HERE / script), *args], check=True)
