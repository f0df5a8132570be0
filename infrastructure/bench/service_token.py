#!/usr/bin/env python3
"""Creates a read-only token for the service under test and prints it on stdout (for capture).

Usage: service_token.py MOUNT PATH DISPLAY_NAME [DB_MOUNT DB_ROLE...]
       (VAULT_ADDR, VAULT_TOKEN: a root token)

Why not hand the service the root token: with a token of its own, every line of the audit log
that the service caused carries its display name ("token-DISPLAY_NAME"), so run.sh counts the
service's requests and not its own writes. It also runs the service as in production: `read` on
the KV v2 data of its one secret, nothing else (the version comes with the data). The token lives 1 hour, longer than
any run. With DB_MOUNT and roles, it may also read those roles' dynamic database credentials and
renew and revoke leases, as setup-approle.sh's policy allows with DB_CREDENTIALS=vault. Prints the
token only, nothing else on stdout; never logs it.
"""
import json
import os
import sys
import urllib.request


def call(method, path, body):
    req = urllib.request.Request(
        os.environ["VAULT_ADDR"] + "/v1/" + path,
        data=json.dumps(body).encode(),
        method=method,
        headers={"X-Vault-Token": os.environ["VAULT_TOKEN"], "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(req, timeout=10) as resp:
        raw = resp.read()
        return json.loads(raw) if raw else {}


def main(mount, path, name, db_mount=None, *db_roles):
    policy = f"""
path "{mount}/data/{path}" {{ capabilities = ["read"] }}
"""
    for role in db_roles:
        policy += f'path "{db_mount}/creds/{role}" {{ capabilities = ["read"] }}\n'
    if db_roles:
        policy += 'path "sys/leases/renew" { capabilities = ["update"] }\n'
        policy += 'path "sys/leases/revoke" { capabilities = ["update"] }\n'
    call("PUT", f"sys/policies/acl/{name}", {"policy": policy})
    created = call("POST", "auth/token/create",
                   {"policies": [name], "display_name": name, "ttl": "1h", "renewable": False})
    print(created["auth"]["client_token"])


if __name__ == "__main__":
    if len(sys.argv) < 4 or len(sys.argv) == 5:
        sys.exit(__doc__)
    try:
        main(*sys.argv[1:])
    except OSError as e:  # urllib errors: the status only, never a response body
        sys.exit(f"service_token.py: {getattr(e, 'code', '') or e.__class__.__name__}: could not create the token")
