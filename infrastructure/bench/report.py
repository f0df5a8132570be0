#!/usr/bin/env python3
"""Turns the raw figures of one run.sh run into results.json and results.md, targets judged.

Usage: report.py OUT_DIR        (reads OUT_DIR/raw/*, writes OUT_DIR/results.json and results.md)

Kept apart from run.sh so the figures can be re-judged, or the table re-drawn, without a new run.
Reads only figures: no key or token ever reaches raw/.
"""
import glob
import json
import os
import re
import statistics
import sys

# What each layer server adds to the one before it (layers/LayerServer.java says the same).
LAYERS = {
    "raw": "raw Vert.x: vertx-core HttpServer, no router, no metrics; headers and body encoded once",
    "router": "+ vertx-web Router with the service's route table",
    "apikey": "+ the service's ApiKeyHandler as a handler of its own",
    "json": "+ headers and body as the service wrote them before: /api/* stamp, JsonObject encoded per request",
    "metrics": "+ Vert.x Micrometer metrics as the service had them (every domain, HTTP server included)",
    "lean": "router + ApiKeyHandler + the service's ApiResponses (encoded once per version)",
    "lean-meters": "lean + the service's RequestMeters, Vert.x HTTP server metrics off",
    "service": "the service: hot route before the router, RouteMeter, real secrets from Vault",
}


def load(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def rounds_of(raw, prefix):
    """{round number: wrk summary} of the files raw/wrk-PREFIX-N.json."""
    found = {}
    for path in glob.glob(os.path.join(raw, f"wrk-{prefix}-*.json")):
        m = re.fullmatch(re.escape(f"wrk-{prefix}-") + r"(\d+)\.json", os.path.basename(path))
        if m and load(path):
            found[int(m.group(1))] = load(path)
    return dict(sorted(found.items()))


def per_round(a, b, key):
    """key(a round) / key(b round) for the rounds both have, in round order."""
    return [round(key(a[r]) / key(b[r]), 3) for r in a if r in b and key(b[r])]


# A load during which other processes took more than this share of the machine measured them too.
DISTURBED = 0.05
# The fewest undisturbed rounds a median is taken over; with fewer, every round counts (and the
# report's warning says the figures are disturbed).
CLEAN_ROUNDS = 3


def clean_rounds(raw, a, b):
    """The rounds r in which neither load a-r nor b-r was disturbed (raw/cpu-NAME-r.json)."""
    def quiet(name, r):
        cpu = load(os.path.join(raw, f"cpu-{name}-{r}.json"))
        return cpu is not None and (cpu.get("share") or 0) <= DISTURBED
    return {r for r in range(1, 1000) if quiet(a, r) and quiet(b, r)}


def judged_ratio(raw, a_name, a, b_name, b, key):
    """The median of the per-round ratios over the undisturbed rounds when there are enough of them,
    else over all rounds; with the rounds it used."""
    clean = clean_rounds(raw, a_name, b_name)
    use = [r for r in a if r in b and r in clean]
    if len(use) < CLEAN_ROUNDS:
        use = [r for r in a if r in b]
    ratios = [round(key(a[r]) / key(b[r]), 3) for r in use if key(b[r])]
    return {"value": round(statistics.median(ratios), 3) if ratios else None, "rounds": use,
            "undisturbed_only": all(r in clean for r in use)}


def combine(runs):
    """Requests, duration and non-2xx summed over wrk runs; latency percentiles averaged (wrk keeps
    no histogram we could merge, and the rounds are the same length)."""
    runs = list(runs.values()) if isinstance(runs, dict) else runs
    if not runs:
        return None
    reqs = sum(r["requests"] for r in runs)
    secs = sum(r["duration_s"] for r in runs)
    errors = sum(sum(r["errors"].values()) for r in runs)
    mean = lambda k: sum(r["latency_ms"][k] for r in runs) / len(runs)
    return {
        "rounds": len(runs),
        "requests": reqs,
        "duration_s": round(secs, 3),
        "rps": round(reqs / secs, 1),
        "rps_per_round": [round(r["rps"], 1) for r in runs],
        "latency_ms": {k: round(mean(k), 3) for k in ("p50", "p90", "p99")},
        "latency_max_ms": max(r["latency_ms"]["max"] for r in runs),
        "non2xx": sum(r["non2xx"] for r in runs),
        "socket_errors": errors,
    }


def verdict(ok):
    return "SKIPPED" if ok is None else ("PASS" if ok else "FAIL")


def heap_mb(java_opts):
    """The -Xmx of JVM options, in MiB, or None."""
    m = re.search(r"-Xmx(\d+)([kKmMgG]?)", java_opts or "")
    if not m:
        return None
    return int(m.group(1)) * {"k": 1 / 1024, "m": 1, "g": 1024, "": 1 / 1024 / 1024}[m.group(2).lower()]


def judge(res):
    meta = res["meta"]
    period = meta["refresh_ms"]
    t = {}
    vs = res.get("versus_raw") or {}
    # A service run with a small heap (its own -Xmx <= 64 MiB) is held to the small-heap goal.
    small = (heap_mb(meta.get("java_opts")) or 1e9) <= 64
    goal = 0.85 if small else 0.92
    r = vs.get("secret_rps")
    t["raw_ratio"] = {"value": r, "target": f">= {goal} (stretch 0.95)" if not small else f">= {goal} (-Xmx <= 64m)",
                      "result": verdict(None if r is None else r >= goal)}
    r = vs.get("small_heap_rps")
    t["raw_ratio_small_heap"] = {"value": r, "target": ">= 0.85", "result": verdict(None if r is None else r >= 0.85)}
    r = vs.get("secret_p99")
    t["raw_p99_ratio"] = {"value": r, "target": "<= 1.2", "result": verdict(None if r is None else r <= 1.2)}
    # Judged on the starts at the end, which wait for a quiet machine (the first start comes before any wait),
    # with the class-data archive the build ships, as the README runs the jar; without one if none was dumped.
    st = meta.get("startup_cds_ms") or meta.get("startup_again_ms") or meta.get("startup_ms")
    t["startup"] = {"value": st, "target": "<= 1000 ms", "result": verdict(None if st is None else st <= 1000)}
    tp = res.get("throughput")
    if tp and tp.get("baseline") and tp.get("secret"):
        tp["ratio_of_totals"] = round(tp["secret"]["rps"] / tp["baseline"]["rps"], 3)
        # Judged on the median of the per-round ratios: the two loads of a round run back to back, so
        # a slow spell of the machine hits both, and one stalled round cannot swing the verdict alone
        # as it swings the ratio of totals.
        tp["ratio_per_round"] = res["per_round"]["secret_vs_baseline"]
        ratio = res["judged_rounds"]["secret_vs_baseline"]["value"]
        tp["ratio"] = round(ratio, 3)
        t["throughput_ratio"] = {"value": round(ratio, 3), "target": ">= 0.95", "result": verdict(ratio >= 0.95)}
    else:
        t["throughput_ratio"] = {"value": None, "target": ">= 0.95", "result": "SKIPPED"}

    rot = res.get("rotation")
    trig = res.get("rotation_trigger")
    if rot:
        r = rot["rotations"]
        all_done = r["completed"] == r["requested"]
        # Both series count: a request that fails while the on-demand trigger is used fails all the same.
        failed = rot["load"]["failed"] + (trig["load"]["failed"] if trig else 0)
        both_done = all_done and (not trig or trig["rotations"]["completed"] == trig["rotations"]["requested"])
        t["rotation_failed_requests"] = {"value": failed, "target": "0",
                                         "result": verdict(failed == 0 and both_done)}
        p99 = r["propagation_ms"]["p99"]
        limit = period + 100
        ok = all_done and r["requested"] >= 20 and p99 is not None and p99 <= limit
        t["propagation_p99"] = {"value": p99, "target": f"<= {limit} ms, all of >= 20 rotations applied",
                                "result": verdict(ok)}
    else:
        t["rotation_failed_requests"] = {"value": None, "target": "0", "result": "SKIPPED"}
        t["propagation_p99"] = {"value": None, "target": f"<= {period + 100} ms", "result": "SKIPPED"}
    target = "< 50 ms, all of >= 20 rotations applied"
    if trig:
        r = trig["rotations"]
        p99 = r["propagation_ms"]["p99"]
        ok = r["completed"] == r["requested"] >= 20 and p99 is not None and p99 < 50
        t["propagation_p99_on_demand"] = {"value": p99, "target": target, "result": verdict(ok)}
    else:
        t["propagation_p99_on_demand"] = {"value": None, "target": target, "result": "SKIPPED"}

    counts = res.get("vault_requests") or {}
    cases = [c for c in counts.values() if c.get("per_minute") is not None]
    if len(cases) == 4:
        rates = [c["per_minute"] for c in cases]
        ceiling = 60000 / period  # one request per period for KV v2 (the data, which carries the version)
        same = max(rates) <= 1.10 * min(rates)
        one = all(c["per_refresh"] == 1.0 for c in cases)
        ok = same and one and max(rates) <= ceiling * 1.02
        t["vault_requests_same"] = {"value": rates, "target": f"equal within 10%, 1 per refresh, <= {ceiling:.0f}/min",
                                    "result": verdict(ok)}
    else:
        t["vault_requests_same"] = {"value": None, "target": "equal for 1 and 8 instances, idle and under load",
                                    "result": "SKIPPED"}
    return t


def write_ms(series):
    """p50 / p99 / max of the client's own Vault writes in a rotation series: one request to Vault with nothing of
    the service in it, the reference for what a single hand-over costs on the machine during that load."""
    ms = sorted(x["write_ms"] for x in series["rotations"].get("list", []) if x.get("write_ms") is not None)
    if not ms:
        return None
    rank = lambda q: ms[min(len(ms) - 1, max(0, -(-len(ms) * q // 100) - 1))]  # nearest rank, as RotationBench
    return {"p50": rank(50), "p99": rank(99), "max": ms[-1]}


def warmup_note(series):
    """The rotations run before the counted ones (the first under load run code for the first time, in the client
    and in the service), named with their propagation times so that they are not hidden."""
    warm = series["rotations"].get("warmup") or []
    if not warm:
        return ""
    times = ", ".join(fmt(x.get("propagation_ms"), " ms", 1) for x in warm)
    return f" (before them, not counted: {len(warm)} warm-up rotation{'s' if len(warm) > 1 else ''}, {times})"


def fmt(v, unit="", digits=0):
    if v is None:
        return "n/a"
    return f"{v:,.{digits}f}{unit}"


def spread(rates):
    if not rates:
        return "n/a"
    return f"spread {100 * (max(rates) - min(rates)) / max(rates):.1f}%"


def markdown(res):
    m, t = res["meta"], res["targets"]
    lines = [
        f"# live-secrets benchmark, {m['date']}",
        "",
        f"Machine: {m['nproc']} cores ({m['cpu_model']}), {m['mem_total_gib']} GiB RAM; {m['jdk']}; "
        f"{m['vault_version']}; wrk {m['wrk_version']}. Service at {m['git']} with HTTP_INSTANCES="
        f"{m['instances']}, SECRETS_REFRESH_PERIOD_MS={m['refresh_ms']}"
        + (f", API_KEY_PREVIOUS_GRACE_MS={m['grace_ms']}" if m.get("grace_ms") else "")
        + f". wrk: {m['threads']} threads, {m['connections']} connections; everything on 127.0.0.1, "
          "sharing the same cores.",
        "",
        "| Target | Measured | Goal | Result |",
        "|---|---|---|---|",
    ]
    tp = res.get("throughput") or {}
    b, s = tp.get("baseline"), tp.get("secret")
    totals = f" (ratio of totals {tp['ratio_of_totals']:.3f})" if tp.get("ratio_of_totals") else ""
    vs = res.get("versus_raw") or {}
    rr, rs, rp = t["raw_ratio"], t["raw_ratio_small_heap"], t["raw_p99_ratio"]
    heap = f"-Xmx{m['small_heap_mb']}m" if m.get("small_heap_mb") else "small heap"
    jr = res.get("judged_rounds") or {}

    def over(key):
        j = jr.get(key) or {}
        if not j.get("rounds"):
            return ""
        kind = "undisturbed rounds" if j.get("undisturbed_only") else "all rounds, too few undisturbed"
        return f" ({kind}: {', '.join(str(r) for r in j['rounds'])})"
    lines.append(f"| /api/hello ÷ raw Vert.x (same headers, body, key check, verticles), throughput: median of "
                 f"the per-round ratios{over('secret_rps')}{', JVM options ' + m['java_opts'] if m.get('java_opts') else ''}"
                 f" | {fmt(rr['value'], digits=3)} | {rr['target']} | {rr['result']} |")
    lines.append(f"| /api/hello of a second service at {heap} ÷ raw Vert.x, throughput{over('small_heap_rps')} | "
                 f"{fmt(rs['value'], digits=3)} | {rs['target']} | {rs['result']} |")
    lines.append(f"| /api/hello ÷ raw Vert.x, p99 latency: median of the per-round ratios{over('secret_p99')} (p50: "
                 f"{fmt(vs.get('secret_p50'), digits=3)}) | {fmt(rp['value'], digits=3)} | {rp['target']} | "
                 f"{rp['result']} |")
    lines.append(f"| /api/hello (secret key) vs /api/baseline (constant key), throughput: median of the "
                 f"per-round ratios{over('secret_vs_baseline')} | {fmt(t['throughput_ratio']['value'], digits=3)}{totals} | >= 0.95 | "
                 f"{t['throughput_ratio']['result']} |")
    rot, trig = res.get("rotation"), res.get("rotation_trigger")
    if rot:
        r, load = rot["rotations"], rot["load"]
        if trig:
            tr, tl = trig["rotations"], trig["load"]
            lines.append(f"| Failed requests during {r['requested']} periodic + {tr['requested']} on-demand rotations "
                         f"(connection errors, 5xx, 401 for the current key) | {load['failed']} of "
                         f"{load['ok'] + load['failed']:,} + {tl['failed']} of {tl['ok'] + tl['failed']:,} | 0 | "
                         f"{t['rotation_failed_requests']['result']} |")
        else:
            lines.append(f"| Failed requests during {r['requested']} rotations (connection errors, 5xx, 401 for the "
                         f"current key) | {load['failed']} of {load['ok'] + load['failed']:,} | 0 | "
                         f"{t['rotation_failed_requests']['result']} |")
        lines.append(f"| Rotation propagation p99, write in Vault to every instance accepting the new key | "
                     f"{fmt(r['propagation_ms']['p99'], ' ms', 1)} ({r['completed']}/{r['requested']} applied) | "
                     f"{t['propagation_p99']['target']} | {t['propagation_p99']['result']} |")
        od = t["propagation_p99_on_demand"]
        if trig:
            lines.append(f"| Rotation propagation p99 with on-demand refresh (write, then at once POST "
                         f"/admin/secrets/refresh), write in Vault to every instance accepting the new key | "
                         f"{fmt(od['value'], ' ms', 1)} ({trig['rotations']['completed']}/"
                         f"{trig['rotations']['requested']} applied) | {od['target']} | {od['result']} |")
        else:
            lines.append(f"| Rotation propagation p99 with on-demand refresh | n/a | {od['target']} | SKIPPED |")
    else:
        lines.append("| Failed requests during rotations | n/a | 0 | SKIPPED |")
        lines.append(f"| Rotation propagation p99 | n/a | {t['propagation_p99']['target']} | SKIPPED |")
    counts = res.get("vault_requests") or {}
    shown = ", ".join(f"{k.replace('_', ' ')}: {fmt(v.get('per_minute'), digits=1)}" for k, v in counts.items())
    lines.append(f"| Vault requests per minute ({shown or 'not measured'}) | "
                 f"{spread(t['vault_requests_same']['value'])} | "
                 f"{t['vault_requests_same']['target']} | {t['vault_requests_same']['result']} |")
    su = t["startup"]
    if m.get("startup_cds_ms"):
        which = "with the class-data archive the build ships, median of the starts at the end"
        others = f"; without it: {fmt(m['startup_again_ms'], ' ms')}; the first start: {fmt(m['startup_ms'], ' ms')}"
    elif m.get("startup_again_ms"):
        which, others = "the starts at the end, on a quiet machine", f"; the first start: {fmt(m['startup_ms'], ' ms')}"
    else:
        which, others = "the first start", ""
    lines.append(f"| Start-up, process start to /health/ready 200 ({which}{others}) | "
                 f"{fmt(su['value'], ' ms')} | {su['target']} | {su['result']} |")
    per_round = tp.get("ratio_per_round") or []
    if per_round and min(per_round) < 0.95 <= max(per_round):
        lines += ["", f"Note: the per-round ratios run from {min(per_round):.3f} to {max(per_round):.3f}, on both "
                      "sides of 0.95: on this machine the rounds scatter more than the cost being measured, so the "
                      "throughput verdict is within noise (more or longer rounds narrow it: --rounds, --duration)."]
    layers = res.get("layers") or {}
    if layers:
        lines += ["", f"Layer by layer: {m.get('rounds')} rounds of {m.get('layer_duration_s')} s per server, the "
                      "order rotating; each server its own JVM with the same options and verticles. Ratio: median "
                      "of the per-round ratios to raw Vert.x, over the rounds no other process disturbed when "
                      "there are 3 or more. Bytes per request: allocated by the event-loop "
                      "threads during one more load (JFR), divided by the requests.", "",
                  "| Layer | What it adds | requests/s (per round) | ÷ raw | p50 / p99 | bytes allocated per request |",
                  "|---|---|---|---|---|---|"]
        for name, l in layers.items():
            w = l["wrk"]
            per = ", ".join(fmt(x) for x in w["rps_per_round"])
            alloc = fmt(l["alloc_bytes_per_request"]) if l.get("alloc_bytes_per_request") is not None else "n/a"
            lines.append(f"| {name} | {LAYERS.get(name, '')} | {fmt(w['rps'])} ({per}) | "
                         f"{fmt(l.get('ratio'), digits=3)} | {fmt(w['latency_ms']['p50'], ' ms', 2)} / "
                         f"{fmt(w['latency_ms']['p99'], ' ms', 2)} | {alloc} |")
    prof = res.get("profile") or {}
    if prof:
        lines += ["", "CPU profile of the event-loop threads under load (JFR, samples every 2 ms; profile/NAME.json "
                      "has the top methods and allocation sites, profile/NAME.folded the stacks for a flame graph):",
                  "", "| Server | samples | where the samples are (top frame's layer) | bytes per request |", "|---|---|---|---|"]
        for name, p in prof.items():
            where = ", ".join(f"{k} {100 * v:.0f}%" for k, v in list(p["layers"].items())[:8])
            lines.append(f"| {name} | {p['event_loop_cpu_samples']} | {where} | {fmt(p['alloc_bytes_per_request'])} |")
    lines += ["", "| Figure | Value |", "|---|---|"]
    for name, w in (("raw Vert.x", res["throughput"].get("raw")), ("/api/baseline", b), ("/api/hello", s),
                    (f"/api/hello at {heap}", res["throughput"].get("small-heap"))):
        if w:
            rounds = ", ".join(fmt(x) for x in w["rps_per_round"])
            plural = "s" if w["rounds"] != 1 else ""
            lines.append(f"| {name}: requests/s ({w['rounds']} round{plural} of {m['duration_s']} s: {rounds}) | "
                         f"{fmt(w['rps'])} |")
            lines.append(f"| {name}: latency p50 / p99 (mean of rounds) | {fmt(w['latency_ms']['p50'], ' ms', 2)}"
                         f" / {fmt(w['latency_ms']['p99'], ' ms', 2)} |")
            lines.append(f"| {name}: non-2xx / socket errors | {w['non2xx']} / {w['socket_errors']} |")
    if m.get("rounds_repeated"):
        lines.append(f"| Rounds run again because other processes disturbed them | {m['rounds_repeated']} |")
    for key, label in (("secret_vs_raw", "/api/hello ÷ raw"), ("small_heap_vs_raw", f"/api/hello at {heap} ÷ raw"),
                       ("secret_p99_vs_raw", "/api/hello p99 ÷ raw p99"), ("secret_vs_baseline", "secret / baseline")):
        if res["per_round"].get(key):
            lines.append(f"| Ratio per round ({label}) | {', '.join(f'{x:.3f}' for x in res['per_round'][key])} |")
    if rot:
        r, load = rot["rotations"], rot["load"]
        p = r["propagation_ms"]
        lines.append(f"| Propagation p50 / p99 / max (mean){warmup_note(rot)} | {fmt(p['p50'], ' ms', 1)} / "
                     f"{fmt(p['p99'], ' ms', 1)} / {fmt(p['max'], ' ms', 1)} ({fmt(p['mean'], ' ms', 1)}) |")
        lines.append(f"| Load during rotations ({rot['connections']} connections, own client) | "
                     f"{fmt(load['rps'])} requests/s, p50 {fmt(load['latency_ms']['p50'], ' ms', 2)}, "
                     f"p99 {fmt(load['latency_ms']['p99'], ' ms', 2)} |")
        lines.append(f"| Stale-key 401s, each retried once with the current key | {load['stale_key_401']:,} |")
    if trig:
        r, load, a = trig["rotations"], trig["load"], trig["trigger"]
        p, ap = r["propagation_ms"], a["answered_ms"]
        lines.append(f"| With on-demand refresh: propagation p50 / p99 / max (mean), {r['requested']} rotations"
                     f"{warmup_note(trig)} | "
                     f"{fmt(p['p50'], ' ms', 1)} / {fmt(p['p99'], ' ms', 1)} / {fmt(p['max'], ' ms', 1)} "
                     f"({fmt(p['mean'], ' ms', 1)}) |")
        wr = write_ms(trig)
        if wr:
            lines.append(f"| With on-demand refresh, for reference: the client's own write to Vault (one request, "
                         f"none of the service's work), p50 / p99 / max | {fmt(wr['p50'], ' ms', 1)} / "
                         f"{fmt(wr['p99'], ' ms', 1)} / {fmt(wr['max'], ' ms', 1)} |")
        lines.append(f"| With on-demand refresh: trigger answered, write to answer, p50 / p99 / max; sent again "
                     f"(answer named an older version); without a good answer | {fmt(ap['p50'], ' ms', 1)} / "
                     f"{fmt(ap['p99'], ' ms', 1)} / {fmt(ap['max'], ' ms', 1)}; {a['repeated']}; {a['failed']} |")
        lines.append(f"| With on-demand refresh: load ({trig['connections']} connections, own client); failed; "
                     f"stale-key 401s | {fmt(load['rps'])} requests/s, p50 {fmt(load['latency_ms']['p50'], ' ms', 2)}, "
                     f"p99 {fmt(load['latency_ms']['p99'], ' ms', 2)}; {load['failed']} of "
                     f"{load['ok'] + load['failed']:,}; {load['stale_key_401']:,} |")
    for k, v in counts.items():
        rps = f", {fmt(v['load_rps'])} requests/s" if v.get("load_rps") else ""
        lines.append(f"| Vault requests, {k.replace('_', ' ')} ({v['window_s']:.0f} s{rps}) | {v['requests']} "
                     f"({fmt(v.get('per_minute'), '/min', 1)}, {v.get('per_refresh')} per refresh) |")
    if m.get("rss_kb"):
        lines.append(f"| Resident memory after the load (VmRSS; peak VmHWM) | {m['rss_kb'] / 1024:.0f} MiB "
                     f"({m['hwm_kb'] / 1024:.0f} MiB){'; JVM options: ' + m['java_opts'] if m.get('java_opts') else ''} |")
    other = res.get("other_load") or {}
    if other:
        worst = max(other.items(), key=lambda kv: kv[1]["share"] or 0)
        steal = max((v.get("machine_steal") or 0) for v in other.values())
        lines.append(f"| Other processes' CPU during the measurements (worst: {worst[0]}); host steal | "
                     f"at most {100 * worst[1]['share']:.1f}% of the machine; steal at most {100 * steal:.1f}% |")
    lines += ["", f"Command: `{m['command']}`", ""]
    if other and max(v["share"] or 0 for v in other.values()) > 0.05:
        lines += ["**Warning:** other processes took more than 5% of the CPU during at least one measurement "
                  "(see `other_load` in results.json); those figures are disturbed.", ""]
    return "\n".join(lines)


def main(out):
    raw = os.path.join(out, "raw")
    meta = load(os.path.join(raw, "meta.json"))
    if meta is None:
        sys.exit(f"report.py: no {raw}/meta.json")
    res = {"meta": meta}
    kinds = {kind: rounds_of(raw, kind) for kind in ("raw", "baseline", "secret", "small-heap")}
    res["throughput"] = {kind: combine(rounds) for kind, rounds in kinds.items()}
    rps, p99, p50 = (lambda w: w["rps"]), (lambda w: w["latency_ms"]["p99"]), (lambda w: w["latency_ms"]["p50"])
    res["per_round"] = {
        "secret_vs_raw": per_round(kinds["secret"], kinds["raw"], rps),
        "small_heap_vs_raw": per_round(kinds["small-heap"], kinds["raw"], rps),
        "secret_p99_vs_raw": per_round(kinds["secret"], kinds["raw"], p99),
        "secret_p50_vs_raw": per_round(kinds["secret"], kinds["raw"], p50),
        "secret_vs_baseline": per_round(kinds["secret"], kinds["baseline"], rps),
    }
    median = lambda xs: round(statistics.median(xs), 3) if xs else None
    # Judged over the rounds no other process disturbed, when at least CLEAN_ROUNDS of them remain.
    judged = {
        "secret_rps": judged_ratio(raw, "secret", kinds["secret"], "raw", kinds["raw"], rps),
        "small_heap_rps": judged_ratio(raw, "small-heap", kinds["small-heap"], "raw", kinds["raw"], rps),
        "secret_p99": judged_ratio(raw, "secret", kinds["secret"], "raw", kinds["raw"], p99),
        "secret_p50": judged_ratio(raw, "secret", kinds["secret"], "raw", kinds["raw"], p50),
        "secret_vs_baseline": judged_ratio(raw, "secret", kinds["secret"], "baseline", kinds["baseline"], rps),
    }
    res["versus_raw"] = {k: v["value"] for k, v in judged.items() if k != "secret_vs_baseline"}
    res["judged_rounds"] = judged
    res["layers"] = {}
    raw_layer = rounds_of(raw, "layer-raw")
    for name in meta.get("layers", []):
        rounds = rounds_of(raw, f"layer-{name}")
        if not rounds:
            continue
        alloc = load(os.path.join(raw, f"alloc-{name}.json")) or {}
        ratio = judged_ratio(raw, f"layer-{name}", rounds, "layer-raw", raw_layer, rps)
        res["layers"][name] = {"wrk": combine(rounds), "ratio_per_round": per_round(rounds, raw_layer, rps),
                               "ratio": ratio["value"], "ratio_rounds": ratio["rounds"],
                               "alloc_bytes_per_request": alloc.get("bytes_per_request"), "alloc": alloc}
    prof_dir = os.path.join(out, "profile")
    res["profile"] = {name: load(os.path.join(prof_dir, f"{name}.json")) for name in ("service", "raw")
                      if load(os.path.join(prof_dir, f"{name}.json"))}
    res["rotation"] = load(os.path.join(raw, "rotation.json"))
    res["rotation_trigger"] = load(os.path.join(raw, "rotation-trigger.json"))
    counts = {}
    for inst in meta.get("count_instances", []):
        for state in ("idle", "load"):
            c = load(os.path.join(raw, f"count-{inst}-{state}.json"))
            if c:
                w = load(os.path.join(raw, f"wrk-count-{inst}.json")) if state == "load" else None
                c["load_rps"] = w["rps"] if w else None
                counts[f"{inst}_instance{'s' if inst != 1 else ''}_{state}"] = c
    res["vault_requests"] = counts
    res["other_load"] = {os.path.basename(p)[4:-5]: load(p) for p in sorted(glob.glob(os.path.join(raw, "cpu-*.json")))
                         if load(p)}
    res["targets"] = judge(res)
    with open(os.path.join(out, "results.json"), "w") as f:
        json.dump(res, f, indent=2)
        f.write("\n")
    with open(os.path.join(out, "results.md"), "w") as f:
        f.write(markdown(res))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
