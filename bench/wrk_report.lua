-- Print wrk's totals and its whole latency histogram (microseconds, count), so that
-- bench/load.py can merge several short runs into exact percentiles.
done = function(summary, latency, requests)
  io.write(string.format("BENCH summary %d %d %d %d\n", summary.requests, summary.duration,
    summary.errors.status, summary.errors.timeout))
  for i = 1, #latency do
    local value, count = latency(i)
    io.write(string.format("BENCH latency %d %d\n", value, count))
  end
end
