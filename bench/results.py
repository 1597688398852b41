"""Where benches write their figures: bench/results/<name>.json, with the machine and its load beside them, so a
table in bench/README.md can always be traced to one run."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"


def machine() -> dict[str, Any]:
    """Cores, memory and the load average now: timings mean little without them."""
    mem_kb = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    except OSError:  # pragma: no cover - not Linux
        pass
    return {"cores": os.cpu_count(), "ram_gib": round(mem_kb / 2**20, 1), "load_avg_1m": round(os.getloadavg()[0], 2),
            "time_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}


def rss_mb(pid: int) -> float:
    """Resident memory of process `pid` in MB, from /proc (0 when it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def save(name: str, figures: dict[str, Any]) -> Path:
    """Write figures (plus the machine) to bench/results/<name>.json and print them."""
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{name}.json"
    data = {"machine": machine(), **figures}
    path.write_text(json.dumps(data, indent=2) + "\n")
    print(f"\n{name}: {json.dumps(data)}")
    return path


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) by linear interpolation, as numpy does."""
    import numpy as np

    return float(np.percentile(np.asarray(values, dtype=float), q))
