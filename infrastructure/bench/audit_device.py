#!/usr/bin/env python3
"""Makes sure the dev server writes a file audit log to FILE, under the audit path "bench/".

Usage: audit_device.py FILE        (VAULT_ADDR, VAULT_TOKEN: a root token)

OpenBao 2.x no longer enables audit devices through the API: run.sh declares this one in the
server's config file (`bao server -dev -config=...`), and this script only checks that it is on.
HashiCorp Vault still takes the API call, so there it enables the device. Exits 1, naming the
status only, when neither worked.
"""
import json
import os
import sys
import urllib.error
import urllib.request


def call(method, path, body=None):
    req = urllib.request.Request(
        os.environ["VAULT_ADDR"] + "/v1/" + path,
        data=json.dumps(body).encode() if body is not None else None,
        method=method,
        headers={"X-Vault-Token": os.environ["VAULT_TOKEN"], "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(req, timeout=10) as resp:
        raw = resp.read()
        return json.loads(raw) if raw else {}


def main(path):
    devices = call("GET", "sys/audit")
    device = devices.get("bench/") or (devices.get("data") or {}).get("bench/")
    if device:
        return 0
    try:
        call("PUT", "sys/audit/bench", {"type": "file", "options": {"file_path": path}})
        return 0
    except urllib.error.HTTPError as e:
        print(f"audit_device.py: no audit device 'bench/' and enabling one answered HTTP {e.code}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1]))
