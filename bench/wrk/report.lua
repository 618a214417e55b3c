-- Print wrk's results as one JSON line that bench/run.py parses.
-- With BODIES_FILE set, every request is a POST of the next line of that file;
-- each of the WRK_THREADS threads takes every n-th line, so no body (and no
-- one-time token in it) is ever sent twice.
local bodies = {}
local index = 0
local counter = 0

function setup(thread)
  thread:set("thread_id", counter)
  counter = counter + 1
end

function init(args)
  local path = os.getenv("BODIES_FILE")
  if not path then return end
  local threads = tonumber(os.getenv("WRK_THREADS") or "1")
  local n = 0
  for line in io.lines(path) do
    if n % threads == thread_id then bodies[#bodies + 1] = line end
    n = n + 1
  end
end

function request()
  if #bodies == 0 then return wrk.format() end
  index = index + 1
  if index > #bodies then index = 1 end
  return wrk.format("POST", nil, nil, bodies[index])
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "non_2xx_3xx": %d, "socket_errors": %d, '
      .. '"p50_us": %d, "p95_us": %d, "p99_us": %d, "mean_us": %.1f}\n',
    summary.requests, summary.duration, errors.status,
    errors.connect + errors.read + errors.write + errors.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.mean))
end
