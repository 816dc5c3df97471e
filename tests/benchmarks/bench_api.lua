-- wrk script for `make bench-api`:
--   wrk ... -s bench_api.lua http://host:port -- PATH COUNT MAX_ID
-- Each request asks PATH; with COUNT > 0 it adds `?platform=mturk&ids=` (`&…` when PATH has
-- a query already) and COUNT distinct
-- random requester ids out of the MAX_ID the benchmark generated (A000000000001, …), drawn
-- anew for each of a pool of requests.
-- At the end it prints one line, `BENCH_JSON {...}`, for bench_api.py to read.

local counter = 0
local threads = {}

function setup(thread)
   counter = counter + 1
   thread:set("thread_id", counter)
   table.insert(threads, thread)
end

-- The requests are made up front, a pool of them per thread, and request() only hands them
-- out in turn: drawing 100 random ids per request in Lua costs wrk, which shares the
-- machine's cores with gunicorn, about as much CPU as the server spends answering.
local POOL_SIZE = 2000

function init(args)
   path = args[1] or "/"
   count = tonumber(args[2] or "0")
   max_id = tonumber(args[3] or "0")
   math.randomseed(os.time() * 100 + (thread_id or 0))
   pool, next_request = {}, 0
   for k = 1, (count == 0 and 1 or POOL_SIZE) do
      pool[k] = make_request()
   end
end

function make_request()
   if count == 0 then
      return wrk.format("GET", path)
   end
   local chosen, ids = {}, {}
   while #ids < count do
      local n = math.random(1, max_id)
      if not chosen[n] then
         chosen[n] = true
         ids[#ids + 1] = string.format("A%012d", n)
      end
   end
   local joiner = string.find(path, "?", 1, true) and "&" or "?"
   return wrk.format("GET", path .. joiner .. "platform=mturk&ids=" .. table.concat(ids, ","))
end

function request()
   next_request = next_request % #pool + 1
   return pool[next_request]
end

function done(summary, latency, requests)
   local e = summary.errors
   io.write(string.format(
      'BENCH_JSON {"requests": %d, "duration_us": %d, "socket_errors": %d, "bad_status": %d, '
         .. '"p50_us": %d, "p99_us": %d, "mean_us": %.1f}\n',
      summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
      latency:percentile(50), latency:percentile(99), latency.mean))
end
