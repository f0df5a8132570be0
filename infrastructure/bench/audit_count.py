#!/usr/bin/env python3
"""Counts the Vault requests the service made in a time window, from the server's file audit log.

Usage: audit_count.py AUDIT_LOG DISPLAY_NAME START_EPOCH_S END_EPOCH_S

Prints one JSON object: requests (audit entries of type "request" whose token has the display
name "token-DISPLAY_NAME", i.e. the service's own token, see service_token.py), the count per
request path, the window, requests per minute, and requests per refresh (the service reads the
KV v2 data once per refresh, so requests / data reads = requests per refresh, whatever the
window's edges cut off; before the version came from the data answer, each refresh also read
the metadata, 2 requests in all). The audit log holds HMACs of tokens and values, never the values.
"""
import json
import sys
from collections import Counter
from datetime import datetime, timezone


def epoch(rfc3339):
    # "2026-11-28T21:40:38.820049001Z": Python wants at most 6 fractional digits.
    head, _, frac = rfc3339.rstrip("Z").partition(".")
    t = datetime.strptime(head, "%Y-%m-%dT%H:%M:%S").replace(tzinfo=timezone.utc).timestamp()
    return t + (float("0." + frac) if frac else 0.0)


def requests(log):
    """(token display name, epoch time, path) of every request entry of the audit log, in order."""
    with open(log) as f:
        for line in f:
            try:
                entry = json.loads(line)
            except ValueError:
                continue  # a line being written right now
            if entry.get("type") == "request":
                yield (entry.get("auth") or {}).get("display_name"), epoch(entry["time"]), entry["request"]["path"]


def main(log, name, start, end):
    display = "token-" + name
    paths = Counter(path for who, t, path in requests(log) if who == display and start <= t < end)
    total = sum(paths.values())
    reads = sum(n for p, n in paths.items() if "/data/" in p)
    window = end - start
    print(json.dumps({
        "requests": total,
        "paths": dict(paths),
        "window_s": round(window, 3),
        "per_minute": round(total * 60 / window, 1) if window > 0 else None,
        "per_refresh": round(total / reads, 2) if reads else None,
    }))


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4]))
