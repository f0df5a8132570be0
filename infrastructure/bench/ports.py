#!/usr/bin/env python3
"""Prints free TCP ports on 127.0.0.1, one per line.

Usage: ports.py [N] [--pair]
  --pair  each port P printed has P+1 free as well: a dev OpenBao/Vault server also binds its
          cluster listener on the API port + 1, and fails to start if that one is taken.

The OS picks each port (bind to port 0), so a server someone else runs, e.g. on 18200, is never
chosen. A port can in theory be taken between this check and its use; run.sh then fails loudly.
"""
import socket
import sys


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def is_free(port):
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


def main(argv):
    pair = "--pair" in argv
    args = [a for a in argv if a != "--pair"]
    wanted = int(args[0]) if args else 1
    chosen, taken = [], set()
    while len(chosen) < wanted:
        p = free_port()
        span = {p, p + 1} if pair else {p}
        if span & taken or (pair and (p + 1 > 65535 or not is_free(p + 1))):
            continue
        chosen.append(p)
        taken |= span
    print("\n".join(str(p) for p in chosen))


if __name__ == "__main__":
    main(sys.argv[1:])
