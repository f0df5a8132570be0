-- wrk script for run.sh: sends the API key from the environment and writes a JSON summary.
--
-- Why a script rather than `wrk -H "X-API-Key: ..."`: a header given on the command line sits in
-- argv, where `ps` shows it to every user; the environment of a process is readable by its owner
-- only. Why JSON from done(): run.sh needs the figures, and parsing wrk's human-readable report
-- ("1.23ms", "45.6k") is fragile. No request() or response() function is defined, so wrk keeps
-- its fast path and the script costs nothing per request.
--
-- Environment: BENCH_API_KEY (header value), BENCH_WRK_JSON (file to write the summary to).

local key = os.getenv("BENCH_API_KEY")
if key == nil or key == "" then
  io.stderr:write("wrk-json.lua: BENCH_API_KEY is not set\n")
  os.exit(2)
end
wrk.headers["X-API-Key"] = key

function done(summary, latency, requests)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  -- wrk counts a response with a status >= 400 in errors.status; nothing here sends 3xx.
  local out = string.format(
    '{"requests":%d,"duration_s":%.3f,"rps":%.1f,' ..
    '"latency_ms":{"mean":%.3f,"p50":%.3f,"p90":%.3f,"p99":%.3f,"max":%.3f},' ..
    '"non2xx":%d,"errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d}}\n',
    summary.requests, seconds, summary.requests / seconds,
    latency.mean / 1000, latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000,
    e.status, e.connect, e.read, e.write, e.timeout)
  local path = os.getenv("BENCH_WRK_JSON")
  if path == nil or path == "" then
    io.write(out)
  else
    local f = assert(io.open(path, "w"))
    f:write(out)
    f:close()
  end
end
