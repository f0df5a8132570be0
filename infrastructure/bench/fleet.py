#!/usr/bin/env python3
"""The figures of fleet.sh: Vault requests of K service processes, and how their reads spread.

Usage: fleet.py window AUDIT_LOG PREFIX K PERIOD_MS ROUND_START START END   > raw/k-K-WINDOW.json
       fleet.py report RAW_DIR OUT_DIR                                   (writes results.md, .json)

`window`: process i (1..K) reads Vault with a token of its own whose display name is
"token-PREFIX-i" (service_token.py), so every audit entry names the process that caused it.
From the audit log's request entries in [START, END) (epoch seconds):
  requests, data reads and requests per read (the service reads the KV v2 data once per read, and
  nothing else while its token needs no renewal: requests / data reads = requests per read, whatever
  the window's edges cut off); per minute, against the expected K x requests per read x 60000 / PERIOD_MS;
  spread: the phase (time modulo the period) of each process's first data read in the window,
  the smallest gap between two processes' phases there, the smallest time between two data
  reads of different processes anywhere in the window, and the most data reads that fall in
  any 50 ms (sliding, so no slot edge splits a burst) -- K if the fleet read in step, 1 or 2 if
  spread;
  the jitter: for each process, the time from the end of its start-up read to its first periodic
  read (from ROUND_START on), which RefreshTiming.firstPeriodicDelay draws from [0, period).
The audit log holds HMACs of tokens and values, never the values; nothing secret is printed.
"""
import json
import math
import os
import sys
from collections import Counter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from audit_count import requests  # noqa: E402  (the same audit log reading as run.sh's counts)

SLOT_MS = 50


def entries(log, prefix, k, since):
    """(process number, epoch time, path) of every request entry of the fleet's tokens from `since` on."""
    names = {"token-%s-%d" % (prefix, i): i for i in range(1, k + 1)}
    return [(names[who], t, path) for who, t, path in requests(log) if who in names and t >= since]


def circular_gaps(phases, period):
    """Gaps between neighbouring phases on a circle of length period (ms)."""
    if len(phases) < 2:
        return []
    s = sorted(phases)
    return [b - a for a, b in zip(s, s[1:])] + [period - s[-1] + s[0]]


def most_in_slot(times_ms, slot):
    """The most of these instants in any half-open interval of `slot` ms."""
    s = sorted(times_ms)
    best, lo = 0, 0
    for hi, t in enumerate(s):
        while t - s[lo] >= slot:
            lo += 1
        best = max(best, hi - lo + 1)
    return best


def closest_other(meta):
    """Smallest time (ms) between two reads of different processes; meta: [(proc, ms)]."""
    s = sorted(meta, key=lambda x: x[1])
    best = None
    last = {}  # the latest instant seen of each process
    for proc, t in s:
        for p, u in last.items():
            if p != proc and (best is None or t - u < best):
                best = t - u
        last[proc] = t
    return best


def window(log, prefix, k, period, round_start, start, end):
    all_entries = entries(log, prefix, k, round_start)
    inside = [e for e in all_entries if start <= e[1] < end]
    per_proc = {i: Counter() for i in range(1, k + 1)}
    meta = []  # (proc, ms) of the reads (data requests) in the window
    for proc, t, path in inside:
        per_proc[proc][path] += 1
        if "/data/" in path:
            meta.append((proc, t * 1000))
    requests = len(inside)
    reads = len(meta)
    per_read = requests / reads if reads else None
    minutes = (end - start) / 60
    per_minute = requests / minutes
    expected = k * per_read * 60000 / period if per_read else None

    # Phases at the window's start: each process's first read in it, modulo the period.
    first = {}
    intervals = {}
    for proc in range(1, k + 1):
        ts = sorted(t for p, t in meta if p == proc)
        if ts:
            first[proc] = ts[0] % period
        if len(ts) > 1:
            intervals[proc] = (ts[-1] - ts[0]) / (len(ts) - 1)
    gaps = circular_gaps(list(first.values()), period)
    closest = closest_other(meta)

    # The jitter: the start-up read (before /health/ready) is one data request (SecretReader.read); the first
    # periodic read is the next one. The time between the two is the delay firstPeriodicDelay drew (plus the
    # start-up read's own short time).
    jitter = {}
    for proc in range(1, k + 1):
        ts = sorted(t for p, t, path in all_entries if p == proc and "/data/" in path)
        if len(ts) > 1:
            jitter[proc] = round((ts[1] - ts[0]) * 1000, 1)
    startup_reads = {}
    for proc in range(1, k + 1):
        ts = sorted(t for p, t, path in all_entries if p == proc and "/data/" in path)
        if ts:
            startup_reads[proc] = ts[0] * 1000

    return {
        "k": k,
        "period_ms": period,
        "window_s": round(end - start, 3),
        "requests": requests,
        "reads": reads,
        "per_read": round(per_read, 3) if per_read else None,
        "per_minute": round(per_minute, 1),
        "expected_per_minute": round(expected, 1) if expected else None,
        "deviation_pct": round(100 * (per_minute / expected - 1), 2) if expected else None,
        "per_process": {str(i): {"requests": sum(c.values()), "paths": dict(c),
                                 "mean_interval_ms": round(intervals[i], 1) if i in intervals else None}
                        for i, c in per_proc.items()},
        "phases_ms": {str(i): round(v, 1) for i, v in sorted(first.items())},
        "min_phase_gap_ms": round(min(gaps), 1) if gaps else None,
        "even_phase_gap_ms": round(period / k, 1),
        "closest_reads_of_two_processes_ms": round(closest, 1) if closest is not None else None,
        "most_reads_in_50ms": most_in_slot([t for _, t in meta], SLOT_MS),
        "jitter_delay_ms": {str(i): v for i, v in sorted(jitter.items())},
        "startup_read_spread_ms": (round(max(startup_reads.values()) - min(startup_reads.values()), 1)
                                   if startup_reads else None),
        "startup_phases_min_gap_ms": (round(min(circular_gaps([t % period for t in startup_reads.values()], period)), 1)
                                      if len(startup_reads) > 1 else None),
    }


def fmt(v, spec="%.0f"):
    return "–" if v is None else spec % v


def report(raw, out):
    meta = json.load(open(os.path.join(raw, "meta.json")))
    rounds = []
    for k in meta["ks"]:
        r = {"k": k}
        for w in ("idle", "load"):
            path = os.path.join(raw, "k%d-%s.json" % (k, w))
            if os.path.exists(path):
                r[w] = json.load(open(path))
        wrk = []
        for i in range(1, k + 1):
            path = os.path.join(raw, "wrk-k%d-p%d.json" % (k, i))
            if os.path.exists(path):
                wrk.append(json.load(open(path)))
        if wrk:
            r["http_load"] = {"processes": len(wrk), "rps_total": round(sum(w["rps"] for w in wrk), 1),
                              "non2xx": sum(w["non2xx"] for w in wrk),
                              "p99_ms_max": max(w["latency_ms"]["p99"] for w in wrk)}
        mem = os.path.join(raw, "mem-k%d.json" % k)
        if os.path.exists(mem):
            r["memory"] = json.load(open(mem))
        ready = os.path.join(raw, "ready-k%d.json" % k)
        if os.path.exists(ready):
            r["ready_ms"] = json.load(open(ready))
        rounds.append(r)
    result = {"meta": meta, "rounds": rounds}
    with open(os.path.join(out, "results.json"), "w") as f:
        json.dump(result, f, indent=2)

    period = meta["refresh_ms"]
    lines = ["# Fleet load on Vault", "",
             "%s; %d cores (%s), %s; %s; commit %s; `%s`" % (
                 meta["date"], meta["nproc"], meta["cpu_model"], meta["jdk"], meta["vault_version"],
                 meta["git"], meta["command"]),
             "",
             "K service processes (fat jar, HTTP_INSTANCES=1, SECRETS_REFRESH_PERIOD_MS=%d, a Vault token each), "
             "started together; Vault requests counted from the server's file audit log over %d s windows, idle and "
             "under %s on every process. Expected: K x requests per read x 60000 / period."
             % (period, meta["window_s"], meta["load_desc"]),
             "",
             "| K | window | Vault requests | reads | requests/read | measured /min | expected /min | deviation "
             "| closest reads of 2 processes | most reads in 50 ms | smallest phase gap (even: period/K) |",
             "|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rounds:
        for w in ("idle", "load"):
            d = r.get(w)
            if not d:
                continue
            label = w if w == "idle" else "load (%s req/s)" % fmt(r.get("http_load", {}).get("rps_total"))
            lines.append("| %d | %s | %d | %d | %s | %s | %s | %s%% | %s ms | %d of %d | %s ms (%s) |" % (
                r["k"], label, d["requests"], d["reads"], fmt(d["per_read"], "%.2f"), fmt(d["per_minute"], "%.1f"),
                fmt(d["expected_per_minute"], "%.1f"), fmt(d["deviation_pct"], "%+.2f"),
                fmt(d["closest_reads_of_two_processes_ms"], "%.1f") if r["k"] > 1 else "–",
                d["most_reads_in_50ms"], r["k"],
                fmt(d["min_phase_gap_ms"], "%.1f") if r["k"] > 1 else "–", fmt(d["even_phase_gap_ms"])))
    lines += ["", "Per round: each process's phase (first read of the idle window, modulo %d ms), the "
              "delay firstPeriodicDelay drew (start-up read to first periodic read), and the time each took to "
              "become ready:" % period, ""]
    for r in rounds:
        d = r.get("idle")
        if not d:
            continue
        phases = " ".join("%s" % fmt(v) for v in sorted(d["phases_ms"].values()))
        jit = " ".join("%s" % fmt(v) for v in d["jitter_delay_ms"].values())
        ready = " ".join(str(v) for v in r.get("ready_ms", []))
        m = r.get("memory", {})
        rss = " ".join(str(v) for v in m.get("peak_rss_mib", []))
        oom = "; **%d ran out of heap**" % m["out_of_memory"] if m.get("out_of_memory") else ""
        lines.append("- K=%d: phases %s ms; jitter delays %s ms; ready after %s ms; start-up reads spread over %s ms "
                     "(smallest gap between their phases, i.e. without the jitter: %s ms); peak RSS %s MiB%s"
                     % (r["k"], phases, jit, ready, fmt(d["startup_read_spread_ms"]),
                        fmt(d["startup_phases_min_gap_ms"], "%.1f"), rss, oom))
    lines += ["", "Mean time between two reads of a process (the period plus the read itself, since each read is "
              "scheduled when the one before completes), idle / under load:", ""]
    for r in rounds:
        parts = []
        for w in ("idle", "load"):
            d = r.get(w)
            if d:
                iv = [p["mean_interval_ms"] for p in d["per_process"].values() if p["mean_interval_ms"]]
                parts.append("%s %s–%s ms" % (w, fmt(min(iv), "%.1f"), fmt(max(iv), "%.1f")) if iv else w + " –")
        lines.append("- K=%d: %s" % (r["k"], "; ".join(parts)))
    with open(os.path.join(out, "results.md"), "w") as f:
        f.write("\n".join(lines) + "\n")


def main(argv):
    if argv[:1] == ["window"] and len(argv) == 8:
        _, log, prefix, k, period, round_start, start, end = argv
        print(json.dumps(window(log, prefix, int(k), int(period), float(round_start), float(start), float(end))))
        return 0
    if argv[:1] == ["report"] and len(argv) == 3:
        report(argv[1], argv[2])
        return 0
    sys.exit(__doc__)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
