-- wrk script for durable complaint intake: every request POSTs one report
-- through the JSON API with an integration's API key (so no per-address
-- rate limit applies). Usage: wrk -s bench/intake.lua URL, with LAYAN_KEY
-- and LAYAN_SERVICE set in the environment. With LAYAN_REJECT=1 every title
-- is empty, so validation answers 422 before anything is written: the same
-- request work without the writes.
local key = os.getenv("LAYAN_KEY")
local service = os.getenv("LAYAN_SERVICE") or "1"
local title = os.getenv("LAYAN_REJECT") == "1" and "" or "Antrean perekaman KTP-el lama %d"
local n = 0

request = function()
  n = n + 1
  local body = string.format(
    '{"type":"pengaduan","privacy":"anonim","service_id":%s,' ..
    '"title":"' .. title .. '",' ..
    '"description":"Saya sudah menunggu lebih dari tiga jam di loket perekaman KTP-el tanpa kepastian.' ..
    ' Petugas hanya satu orang dan nomor antrean tidak dipanggil berurutan."}', service, n)
  return wrk.format("POST", "/api/v1/complaints", {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. key,
  }, body)
end
