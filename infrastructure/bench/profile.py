#!/usr/bin/env python3
"""Reads the JFR recordings run.sh takes under load: bytes allocated per request, and where the CPU goes.

Usage: profile.py alloc JFR REQUESTS
         prints JSON: the bytes the event-loop threads (and all threads) allocated between the start
         and the stop of the recording, and that divided by REQUESTS (what wrk counted meanwhile)
       profile.py cpu JFR REQUESTS NAME OUT_DIR
         writes OUT_DIR/NAME.folded (collapsed stacks of the event-loop threads' CPU samples, one
         "frame;frame;...;leaf count" per line, the input of any flame graph tool), OUT_DIR/NAME.svg
         when inferno-flamegraph or flamegraph.pl is on PATH, and OUT_DIR/NAME.json: the share of
         samples spent in each layer (router, metrics, JSON, our code, ...), the top methods by self
         and by total time, and the allocation samples by class and site, scaled to bytes per request

Why allocation from jdk.ThreadAllocationStatistics: that event (period everyChunk) gives each
thread's exact allocated-bytes counter when a recording starts and when it stops, so the difference
is exact, whereas allocation samples only estimate. The samples (jdk.ObjectAllocationSample, with
their stacks) then say what the bytes are. Needs `jfr` (JDK 17) on PATH. Reads only figures and
stack frames: no request content reaches a recording.
"""
import collections
import json
import os
import re
import shutil
import subprocess
import sys

EVENT_LOOP = "vert.x-eventloop-thread-"

# Where a CPU sample is spent, by the first matching frame from the top of its stack (the most
# specific layer wins: a Micrometer call made from a router handler counts as metrics).
LAYERS = [
    ("metrics", ("io.micrometer.", "io.vertx.micrometer.")),
    ("json", ("com.fasterxml.jackson.", "io.vertx.core.json.")),
    ("our code", ("dev.livesecrets.",)),
    ("router", ("io.vertx.ext.web.",)),
    ("logging", ("ch.qos.logback.", "org.slf4j.", "net.logstash.")),
    ("http codec (netty)", ("io.netty.handler.codec.",)),
    ("socket i/o", ("sun.nio.ch.", "io.netty.channel.socket.", "io.netty.channel.nio.NioIoHandler.select")),
    ("vert.x http", ("io.vertx.core.http.", "io.vertx.core.net.")),
    ("netty other", ("io.netty.",)),
    ("vert.x other", ("io.vertx.",)),
    ("jdk", ("java.", "jdk.", "sun.")),
]


def jfr(*args):
    return subprocess.run(["jfr", *args], check=True, capture_output=True, text=True).stdout


def thread_allocations(path):
    """{thread name: (first, last) allocated-bytes counter} from jdk.ThreadAllocationStatistics."""
    events = json.loads(jfr("print", "--json", "--events", "jdk.ThreadAllocationStatistics", path))
    seen = {}
    for e in events["recording"]["events"]:
        v = e["values"]
        name = v["thread"]["javaName"] or v["thread"]["osName"]
        key = (name, v["thread"]["javaThreadId"])
        first, last = seen.get(key, (None, None))
        at = (v["startTime"], v["allocated"])
        seen[key] = (min(first, at) if first else at, max(last, at) if last else at)
    return {k: (f[1], l[1]) for k, (f, l) in seen.items()}


def alloc(path, requests):
    threads = thread_allocations(path)
    loops = sum(l - f for (name, _), (f, l) in threads.items() if name.startswith(EVENT_LOOP))
    total = sum(l - f for (f, l) in threads.values())
    top = sorted(((l - f, name) for (name, _), (f, l) in threads.items()), reverse=True)[:6]
    return {
        "requests": requests,
        "event_loop_bytes": loops,
        "all_threads_bytes": total,
        "bytes_per_request": round(loops / requests, 1) if requests else None,
        "all_threads_bytes_per_request": round(total / requests, 1) if requests else None,
        "top_threads": [{"thread": n, "bytes": b} for b, n in top if b > 0],
    }


FRAME = re.compile(r"^\s+(.+?)(?: line: \d+)?(?: bci: \d+)?$")
UNITS = {"bytes": 1, "byte": 1, "kB": 1e3, "MB": 1e6, "GB": 1e9}


def events(path, name):
    """Yields (fields, frames) per event of `jfr print` text output; frames top first."""
    text = jfr("print", "--stack-depth", "96", "--events", name, path)
    for block in text.split(f"{name} {{")[1:]:
        fields, frames, in_stack = {}, [], False
        for line in block.splitlines():
            s = line.strip()
            if s.startswith("stackTrace = ["):
                in_stack = True
            elif in_stack and s == "]":
                in_stack = False
            elif in_stack:
                if s != "...":
                    m = FRAME.match(line)
                    frames.append(re.sub(r"\(.*\)$", "", m.group(1)) if m else s)
            elif " = " in s:
                k, v = s.split(" = ", 1)
                fields[k] = v
        yield fields, frames


def thread_of(fields, key):
    m = re.match(r'"([^"]*)"', fields.get(key, ""))
    return m.group(1) if m else ""


def layer_of(frames):
    for frame in frames:
        for layer, prefixes in LAYERS:
            if frame.startswith(prefixes):
                return layer
    return "other"


def weight(text):
    number, unit = text.split()
    return float(number) * UNITS.get(unit, 1)


def cpu(path, requests, name, out_dir):
    samples = [frames for fields, frames in events(path, "jdk.ExecutionSample")
               if thread_of(fields, "sampledThread").startswith(EVENT_LOOP) and frames]
    n = len(samples)
    folded = collections.Counter(";".join(reversed(frames)) for frames in samples)
    with open(os.path.join(out_dir, f"{name}.folded"), "w") as f:
        for stack, count in folded.most_common():
            f.write(f"{stack} {count}\n")
    layers = collections.Counter(layer_of(frames) for frames in samples)
    self_time = collections.Counter(frames[0] for frames in samples)
    total_time = collections.Counter()
    for frames in samples:
        total_time.update(set(frames))
    share = lambda c: round(c / n, 4) if n else None

    allocs = [(fields, frames) for fields, frames in events(path, "jdk.ObjectAllocationSample")
              if thread_of(fields, "eventThread").startswith(EVENT_LOOP)]
    weights = sum(weight(f["weight"]) for f, _ in allocs) or 1
    bytes_per_request = alloc(path, requests)["bytes_per_request"] or 0
    by_class, by_site = collections.Counter(), collections.Counter()
    for fields, frames in allocs:
        w = weight(fields["weight"])
        cls = fields["objectClass"].split(" ")[0]
        by_class[cls] += w
        # The allocating frame that is not the JDK's own: what code of Vert.x, Netty or ours asked.
        site = next((fr for fr in frames if not fr.startswith(("java.", "jdk.", "sun."))), frames[0] if frames else "?")
        by_site[f"{cls} <- {site}"] += w
    per_request = lambda w: round(bytes_per_request * w / weights, 1)

    result = {
        "event_loop_cpu_samples": n,
        "requests": requests,
        "layers": {k: share(v) for k, v in layers.most_common()},
        "top_self": [{"method": m, "share": share(c)} for m, c in self_time.most_common(25)],
        "top_total": [{"method": m, "share": share(c)} for m, c in total_time.most_common(60)
                      if not m.startswith(("io.netty.util.concurrent.", "io.netty.util.internal.ThreadExecutorMap",
                                           "java.lang.Thread.run", "io.netty.channel.SingleThreadIoEventLoop",
                                           "io.netty.channel.nio.NioIoHandler.run",
                                           "io.netty.util.concurrent.FastThreadLocalRunnable"))][:40],
        "alloc_samples": len(allocs),
        "alloc_bytes_per_request": bytes_per_request,
        "alloc_by_class": [{"class": c, "bytes_per_request": per_request(w)} for c, w in by_class.most_common(20)],
        "alloc_by_site": [{"site": s, "bytes_per_request": per_request(w)} for s, w in by_site.most_common(30)],
    }
    with open(os.path.join(out_dir, f"{name}.json"), "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")
    flame(os.path.join(out_dir, f"{name}.folded"), os.path.join(out_dir, f"{name}.svg"), name)
    return result


def flame(folded, svg, title):
    """A flame graph, if a tool that draws one from collapsed stacks is installed."""
    for tool, args in (("inferno-flamegraph", ["--title", title]), ("flamegraph.pl", ["--title", title])):
        if shutil.which(tool):
            with open(folded) as src, open(svg, "w") as dst:
                subprocess.run([tool, *args], stdin=src, stdout=dst, check=False)
            return


def main(argv):
    if len(argv) == 3 and argv[0] == "alloc":
        print(json.dumps(alloc(argv[1], int(argv[2]))))
    elif len(argv) == 5 and argv[0] == "cpu":
        r = cpu(argv[1], int(argv[2]), argv[3], argv[4])
        top = ", ".join(f"{k} {100 * v:.0f}%" for k, v in list(r["layers"].items())[:6])
        print(f"{r['event_loop_cpu_samples']} event-loop CPU samples: {top}; "
              f"{r['alloc_bytes_per_request']:.0f} bytes allocated per request")
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
