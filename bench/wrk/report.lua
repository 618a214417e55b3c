-- Print wrk's results as one JSON line that bench/run.py parses.
--
-- With REQUESTS_FILE set, every request is a POST built from the next line of
-- that file: tab-separated "Name: value" headers, then the body, whose CRLFs
-- are written as the ASCII record separator (\30). Each of the WRK_THREADS
-- threads takes every n-th line, so no line is sent twice unless REPLAY=1
-- (idempotent lookups); a thread that runs out sends nothing more and counts
-- the shortfall, which run.py reports as errors.
local lines = {}
local index = 0
local counter = 0
local replay = os.getenv("REPLAY") == "1"
local threads = {}

function setup(thread)
  thread:set("thread_id", counter)
  thread:set("exhausted", 0)
  counter = counter + 1
  table.insert(threads, thread)
end

local function parse(line)
  local fields = {}
  for field in string.gmatch(line, "([^\t]*)\t?") do
    fields[#fields + 1] = field
  end
  -- gmatch yields a final empty match after the last field
  if fields[#fields] == "" and #fields > 1 then fields[#fields] = nil end
  local body = string.gsub(fields[#fields], "\30", "\r\n")
  local headers = {}
  for name, value in pairs(wrk.headers) do headers[name] = value end
  for i = 1, #fields - 1 do
    local name, value = string.match(fields[i], "^([^:]+):%s*(.*)$")
    headers[name] = value
  end
  return wrk.format("POST", nil, headers, body)
end

function init(args)
  local path = os.getenv("REQUESTS_FILE")
  if not path then return end
  local n = 0
  local count = tonumber(os.getenv("WRK_THREADS") or "1")
  for line in io.lines(path) do
    if n % count == thread_id then lines[#lines + 1] = parse(line) end
    n = n + 1
  end
end

function request()
  if #lines == 0 then return wrk.format() end
  index = index + 1
  if index > #lines then
    if not replay then
      exhausted = exhausted + 1
      wrk.thread:stop()
      return lines[#lines]
    end
    index = 1
  end
  return lines[index]
end

function done(summary, latency, requests)
  local errors = summary.errors
  local exhausted = 0
  for _, thread in ipairs(threads) do exhausted = exhausted + (thread:get("exhausted") or 0) end
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "non_2xx_3xx": %d, "socket_errors": %d, '
      .. '"p50_us": %d, "p95_us": %d, "p99_us": %d, "mean_us": %.1f, "exhausted": %d}\n',
    summary.requests, summary.duration, errors.status,
    errors.connect + errors.read + errors.write + errors.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.mean, exhausted))
end
