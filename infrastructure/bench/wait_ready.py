#!/usr/bin/env python3
"""Waits until GET <url> answers 200 and prints the milliseconds since <start_epoch_s>.

Usage: wait_ready.py URL START_EPOCH_S TIMEOUT_S [PID]

run.sh takes START_EPOCH_S just before it starts the JVM, so the figure is process start to
ready (JVM start-up, first Vault read, HTTP verticles listening). Polls every 5 ms on a new
connection each time; exits 1 on timeout, or as soon as PID (the service) has died.
"""
import http.client
import os
import sys
import time
from urllib.parse import urlsplit


def alive(pid):
    if pid is None:
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is dead too: it has exited and waits for its parent to collect it.
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def main(url, start, timeout, pid=None):
    u = urlsplit(url)
    deadline = time.time() + timeout
    while time.time() < deadline:
        if not alive(pid):
            print("wait_ready.py: the service exited before it was ready", file=sys.stderr)
            return 1
        try:
            conn = http.client.HTTPConnection(u.hostname, u.port, timeout=1)
            conn.request("GET", u.path)
            status = conn.getresponse().status
            conn.close()
            if status == 200:
                print(round((time.time() - start) * 1000))
                return 0
        except OSError:
            pass
        time.sleep(0.005)
    print(f"wait_ready.py: {url} not ready after {timeout} s", file=sys.stderr)
    return 1


if __name__ == "__main__":
    a = sys.argv[1:]
    if len(a) not in (3, 4):
        sys.exit(__doc__)
    sys.exit(main(a[0], float(a[1]), float(a[2]), int(a[3]) if len(a) == 4 else None))
