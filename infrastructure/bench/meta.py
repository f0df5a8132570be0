#!/usr/bin/env python3
"""Writes the run's settings and the machine's description as JSON, for report.py.

Usage: meta.py OUT_FILE      (the settings come from run.sh in BM_* environment variables)

The machine part is read here rather than passed in: CPU model and memory from /proc, the JDK
from `java -version`, wrk's version from `wrk -v`. Nothing secret is among the inputs.
"""
import json
import os
import re
import subprocess
import sys
import time


def machine():
    with open("/proc/cpuinfo") as f:
        cpu = re.search(r"^model name\s*:\s*(.*)$", f.read(), re.M)
    with open("/proc/meminfo") as f:
        mem_kb = int(re.search(r"^MemTotal:\s*(\d+)", f.read(), re.M).group(1))
    jdk = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()
    wrk = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split()
    return {
        "nproc": os.cpu_count(),
        "cpu_model": cpu.group(1).strip() if cpu else "unknown",
        "mem_total_gib": round(mem_kb / 1024 / 1024, 1),
        "jdk": jdk[0] if jdk else "unknown",
        "wrk_version": wrk[1] if len(wrk) > 1 else "unknown",
    }


def settings(e):
    number = lambda name: int(e[name])
    return {
        "command": e["BM_COMMAND"],
        "vault_version": e["BM_VAULT_VERSION"],
        "git": e["BM_GIT"],
        "jar_sha256": e["BM_JAR_SHA"],
        "instances": number("BM_INSTANCES"),
        "refresh_ms": number("BM_REFRESH_MS"),
        "grace_ms": None if e["BM_GRACE"] == "off" else number("BM_GRACE"),
        "threads": number("BM_THREADS"),
        "connections": number("BM_CONNECTIONS"),
        "duration_s": number("BM_DURATION"),
        "rounds": number("BM_ROUNDS"),
        "rounds_repeated": number("BM_ROUNDS_REPEATED"),
        "on_demand_series": e.get("BM_TRIGGER") == "1" and e.get("BM_ROTATION", "1") == "1",
        "rotation_series": e.get("BM_ROTATION", "1") == "1",
        "small_heap_mb": int(e.get("BM_SMALL_HEAP") or 0),
        "layer_duration_s": int(e.get("BM_LAYER_DURATION") or 0),
        "layers": e.get("BM_LAYERS", "").split(),
        "wait_quiet_s": int(e.get("BM_WAIT_QUIET") or 0),
        "profile": e.get("BM_PROFILE") == "1",
        "warmup_s": number("BM_WARMUP"),
        "count_window_s": number("BM_COUNT_WINDOW"),
        "count_instances": [int(n) for n in e["BM_COUNT_INSTANCES"].split()],
        "startup_ms": number("BM_STARTUP_MS"),
        "startup_again_ms": int(e["BM_STARTUP_AGAIN_MS"]) if e.get("BM_STARTUP_AGAIN_MS") else None,
        "startup_cds_ms": int(e["BM_STARTUP_CDS_MS"]) if e.get("BM_STARTUP_CDS_MS") else None,
        "rss_kb": number("BM_RSS_KB"),
        "hwm_kb": number("BM_HWM_KB"),
        "java_opts": e["BM_JAVA_OPTS"],
    }


def main(out):
    meta = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
    meta.update(machine())
    meta.update(settings(os.environ))
    with open(out, "w") as f:
        json.dump(meta, f, indent=2)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
