#!/usr/bin/env python3
"""Measures how much CPU the rest of the machine took during a measurement.

Usage: cpu_other.py snapshot FILE
       cpu_other.py report BEFORE AFTER ROOT_PID PGID...

The benchmark's own processes are ROOT_PID (run.sh) with all its descendants, and every process
in the groups PGID... (what run.sh started in sessions of their own).

Why: on a 2-core machine a compiler or a test suite running beside the benchmark takes CPU from
the service, wrk and the server alike, and the figures drop for reasons the benchmark does not
measure. `report` prints JSON:
  other_cpu_s, share  CPU seconds of every other process (kernel threads left out),
                      and that as a share of all cores over the window;
  top                 the three biggest of those, by name;
  machine_busy        share of all cores busy over the window (/proc/stat), everything counted;
  machine_steal       share the host kept a virtual machine's CPUs waiting (noisy neighbours).
A process that both started and ended between the two snapshots is not seen.
"""
import json
import os
import sys
import time

TICK = os.sysconf("SC_CLK_TCK")


def processes():
    out = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/stat") as f:
                raw = f.read()
        except OSError:
            continue  # gone meanwhile
        comm = raw[raw.index("(") + 1:raw.rindex(")")]
        fields = raw[raw.rindex(")") + 2:].split()
        ppid, pgrp = int(fields[1]), int(fields[2])
        if int(pid) == 2 or ppid == 2:
            continue  # kernel threads
        ticks = int(fields[11]) + int(fields[12])  # utime + stime
        out[pid] = {"ppid": ppid, "pgrp": pgrp, "start": fields[19], "ticks": ticks, "comm": comm}
    return out


def machine():
    # cpu  user nice system idle iowait irq softirq steal ... (ticks, all cores together)
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:9]]
    return {"total": sum(v), "idle": v[3] + v[4], "steal": v[7]}


def descends(pid, root, procs):
    seen = set()
    while pid in procs and pid not in seen:
        if pid == root:
            return True
        seen.add(pid)
        pid = str(procs[pid]["ppid"])
    return pid == root


def report(before, after, root, groups):
    used = {}
    for pid, p in after["procs"].items():
        if p["pgrp"] in groups or descends(pid, root, after["procs"]):
            continue
        b = before["procs"].get(pid)
        base = b["ticks"] if b and b["start"] == p["start"] else 0
        if p["ticks"] > base:
            used[p["comm"]] = used.get(p["comm"], 0) + (p["ticks"] - base) / TICK
    window = after["time"] - before["time"]
    total = sum(used.values())
    m = {k: after["machine"][k] - before["machine"][k] for k in ("total", "idle", "steal")}
    return {
        "other_cpu_s": round(total, 2),
        "window_s": round(window, 2),
        "share": round(total / (window * os.cpu_count()), 3) if window > 0 else None,
        "top": sorted(((round(v, 2), k) for k, v in used.items()), reverse=True)[:3],
        "machine_busy": round(1 - m["idle"] / m["total"], 3) if m["total"] else None,
        "machine_steal": round(m["steal"] / m["total"], 3) if m["total"] else None,
    }


def main(argv):
    if argv[:1] == ["snapshot"] and len(argv) == 2:
        with open(argv[1], "w") as f:
            json.dump({"time": time.time(), "procs": processes(), "machine": machine()}, f)
        return 0
    if argv[:1] == ["report"] and len(argv) >= 4:
        with open(argv[1]) as b, open(argv[2]) as a:
            print(json.dumps(report(json.load(b), json.load(a), argv[3], {int(g) for g in argv[4:]})))
        return 0
    sys.exit(__doc__)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
