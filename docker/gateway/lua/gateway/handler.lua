-- The nginx side of the gateway (access phase of the REST location): parse, ask the mounter,
-- rewrite, and leave the proxying to nginx's proxy_pass. Decisions live in gateway.core.
local core = require("gateway.core")

local M = {}

-- Outages as all workers see them (lua_shared_dict gw_outages): "<backend>:since", "<backend>:last".
local outages = ngx.shared.gw_outages
local RECORD_TTL = 3600

-- Seconds a request may spend bridging a restart (gateway.retry.seconds, set in nginx.conf).
local function budget()
  return tonumber(ngx.var.gw_retry_seconds) or 0
end

-- Records a failed attempt at a backend; returns now and when its outage started.
local function note_failure(backend)
  local now = ngx.now()
  local since = core.outage_start(outages:get(backend .. ":since"), outages:get(backend .. ":last"), now)
  outages:set(backend .. ":since", since, RECORD_TTL)
  outages:set(backend .. ":last", now, RECORD_TTL)
  return now, since
end

local function note_answer(backend)
  if outages:get(backend .. ":since") then
    outages:delete(backend .. ":since")
    outages:delete(backend .. ":last")
  end
end

-- Kept-alive connections to the mounter, per worker: a new connection for every request (what proxy_pass
-- to a name resolved at request time gives: nginx keeps none) cost about 4 ms a request, where the mounter
-- answers a mounted image in under half a millisecond. Idle ones go after 10 s, well before the mounter's
-- own idle time-out (Jetty's 30 s) could close one that is about to be used.
local MOUNTER_IDLE_MS = 10000
local MOUNTER_POOL_SIZE = 32

-- One POST /mount on a pooled (or new) connection: the answer, or nil, the error and whether the
-- connection had been used before (the mounter may have closed it meanwhile).
local function mounter_once(request)
  local sock = ngx.socket.tcp()
  local connect_ms = core.duration_ms(ngx.var.gw_mounter_connect_timeout) or 2000
  local answer_ms = core.duration_ms(ngx.var.gw_mounter_timeout) or 55000
  sock:settimeouts(connect_ms, answer_ms, answer_ms)
  -- A host name is resolved by nginx's resolver (Docker's DNS, valid=1s), so a restarted mounter is found.
  local ok, cerr = sock:connect(ngx.var.gw_mounter_host, tonumber(ngx.var.gw_mounter_port))
  if not ok then
    return nil, "connect: " .. tostring(cerr), false
  end
  local reused = (sock:getreusedtimes() or 0) > 0
  local sent, serr = sock:send(request)
  if not sent then
    sock:close()
    return nil, "send: " .. tostring(serr), reused
  end
  local res, close_or_err = core.read_http_response(sock, core.MAX_MOUNT_ANSWER)
  if not res then
    sock:close()
    return nil, "answer: " .. tostring(close_or_err), reused
  end
  if close_or_err then
    sock:close()
  else
    sock:setkeepalive(MOUNTER_IDLE_MS, MOUNTER_POOL_SIZE)
  end
  return res
end

-- POST /mount with the caller's Authorization; a connection that fails is answered as nginx's proxy
-- would (502), which the caller retries. POST /mount may be sent twice: mounting is idempotent.
local function ask_mounter(body)
  local request = core.mount_http_request(body, ngx.var.http_authorization, ngx.var.gw_mounter_host,
    ngx.var.gw_mounter_port)
  local res, e, reused = mounter_once(request)
  if not res and reused then
    -- A kept-alive connection the mounter closed (idle, or it restarted): once more on a new one.
    res, e = mounter_once(request)
  end
  if not res then
    ngx.log(ngx.WARN, "mounter: ", e)
    return { status = 502 }
  end
  return res
end

-- POST /mount, asked again (with a short backoff) while the mounter restarts.
local function mount(parsed)
  local body = core.mount_request_body(parsed)
  local res = ask_mounter(body)
  local failures = 0
  while core.mount_retryable(res.status, res.body) do
    failures = failures + 1
    local now, since = note_failure("mounter")
    local delay = core.retry_delay(failures, now, since, budget(), ngx.req.start_time())
    if not delay then
      ngx.log(ngx.ERR, "mounter gave no usable answer within the retry budget (", failures, " attempts, HTTP ",
        res.status, ")")
      return res
    end
    ngx.sleep(delay)
    res = ask_mounter(body)
  end
  note_answer("mounter")
  return res
end

local function fail(e)
  ngx.status = e.status
  ngx.header["Content-Type"] = "application/json"
  -- Errors are never cached by Varnish: the next request must ask again.
  ngx.header["Cache-Control"] = "no-store"
  for name, value in pairs(e.headers or {}) do
    ngx.header[name] = value
  end
  ngx.say(core.error_body(e))
  return ngx.exit(e.status)
end

function M.access()
  if not core.idempotent(ngx.req.get_method()) then
    ngx.header["Allow"] = "GET, HEAD"
    return fail(core.err(405, "METHOD_NOT_ALLOWED", "data images are read-only: only GET and HEAD", nil))
  end
  -- The raw path, not $uri: nginx's decoded, normalised $uri would hide %2F and '..' from the parser.
  local raw = ngx.var.request_uri or ""
  local path = raw:match("^[^?]*")
  local parsed, perr = core.parse_path(path)
  if not parsed then
    return fail(perr)
  end
  local res = mount(parsed)
  local mount, merr = core.mount_result(res.status, res.body)
  if not mount then
    if merr.status >= 500 then
      ngx.log(ngx.ERR, "mount of ", parsed.namespace, "/", parsed.repository, ":", parsed.tag_or_hash,
        " failed: mounter answered HTTP ", res.status)
    end
    return fail(merr)
  end
  local incoming = ngx.req.get_headers(100, true)
  local outgoing = core.upstream_headers(incoming, mount.schema)
  for name in pairs(incoming) do
    if outgoing[name:lower()] == nil then
      ngx.req.clear_header(name)
    end
  end
  for name, value in pairs(outgoing) do
    ngx.req.set_header(name, value)
  end
  ngx.var.gw_upstream_path = core.upstream_path(parsed)
  ngx.var.gw_image_hash = mount.image_hash
end

-- Whether data-api accepts connections again (a TCP connect, closed at once).
local function data_api_accepts()
  local sock = ngx.socket.tcp()
  sock:settimeout(500)
  local ok = sock:connect(ngx.var.gw_data_api_host, tonumber(ngx.var.gw_data_api_port))
  if ok then
    sock:close()
  end
  return ok
end

-- Access phase of @data_api_retry, where nginx sends a request whose proxying to data-api got no
-- answer (error_page 502 504): wait until data-api accepts connections, then nginx proxies it
-- again; or answer the JSON 503 once the outage is older than the budget.
function M.retry_data_api()
  local retries = (tonumber(ngx.var.gw_retries) or 0) + 1
  if not core.idempotent(ngx.req.get_method()) or retries > core.MAX_DATA_API_RETRIES then
    return fail(core.data_api_unavailable())
  end
  ngx.var.gw_retries = retries
  local attempt = 0
  repeat
    attempt = attempt + 1
    local now, since = note_failure("data-api")
    local delay = core.retry_delay(attempt, now, since, budget(), ngx.req.start_time())
    if not delay then
      ngx.log(ngx.ERR, "data-api gave no answer within the retry budget (", retries, " retries)")
      return fail(core.data_api_unavailable())
    end
    ngx.sleep(delay)
  until data_api_accepts()
end

-- Log phase of the REST locations: an answer from data-api ends its outage record.
function M.log()
  local last = (ngx.var.upstream_status or ""):match("(%d+)%s*$")
  if last and last ~= "502" and last ~= "504" then
    note_answer("data-api")
  end
end

return M
