-- The gateway's decisions, free of ngx so that Busted tests them outside nginx: parsing the REST
-- path, the mounter's request and answer, the headers sent to data-api, and the JSON error bodies.
local cjson = require("cjson.safe")

local M = {}

-- Longer raw paths are refused before any work (the longest valid one is far shorter).
M.MAX_PATH = 1024
-- Splitgraph's limits: namespace and repository [-A-Za-z0-9_], tags [-A-Za-z0-9_.], 64 characters.
M.MAX_NAME = 64
-- PostgreSQL identifiers are at most 63 bytes (NAMEDATALEN - 1).
M.MAX_TABLE = 63

local NAME = "^[-A-Za-z0-9_]+$"
local TAG = "^[-A-Za-z0-9_.]+$"

-- Error in PostgREST's shape {code, message, details, hint}, with the HTTP status to answer.
local function err(status, code, message, hint)
  return { status = status, code = code, message = message, hint = hint }
end
M.err = err

function M.error_body(e)
  return cjson.encode({
    code = e.code,
    message = e.message,
    details = cjson.null,
    hint = e.hint or cjson.null,
  })
end

-- Strict percent-decoding: a '%' must be followed by two hex digits.
function M.unescape(s)
  if s:gsub("%%%x%x", ""):find("%", 1, true) then
    return nil
  end
  return (s:gsub("%%(%x%x)", function(h)
    return string.char(tonumber(h, 16))
  end))
end

-- True when s is well-formed UTF-8 (no overlong forms, no surrogates, at most U+10FFFF).
function M.valid_utf8(s)
  local i, n = 1, #s
  while i <= n do
    local c = s:byte(i)
    local len, min
    if c < 0x80 then
      len, min = 1, 0
    elseif c >= 0xC2 and c <= 0xDF then
      len, min = 2, 0x80
    elseif c >= 0xE0 and c <= 0xEF then
      len, min = 3, 0x800
    elseif c >= 0xF0 and c <= 0xF4 then
      len, min = 4, 0x10000
    else
      return false
    end
    if i + len - 1 > n then
      return false
    end
    local cp = len == 1 and c or (c % (2 ^ (7 - len)))
    for k = 1, len - 1 do
      local b = s:byte(i + k)
      if b < 0x80 or b > 0xBF then
        return false
      end
      cp = cp * 64 + (b - 0x80)
    end
    if cp < min or cp > 0x10FFFF or (cp >= 0xD800 and cp <= 0xDFFF) then
      return false
    end
    i = i + len
  end
  return true
end

-- Percent-encodes every byte outside RFC 3986's unreserved set, so a decoded name goes upstream as
-- exactly one path segment.
function M.escape_segment(s)
  return (s:gsub("[^A-Za-z0-9_.~-]", function(c)
    return string.format("%%%02X", c:byte())
  end))
end

local function split(path)
  local parts = {}
  for part in (path .. "/"):gmatch("([^/]*)/") do
    parts[#parts + 1] = part
  end
  return parts
end

local function check_name(raw, what, pattern, example)
  local v = M.unescape(raw)
  if not v then
    return nil, err(400, "BAD_PATH", "malformed percent-encoding in the " .. what,
      "encode reserved characters as %XX with two hex digits")
  end
  if v == "" or #v > M.MAX_NAME or not v:match(pattern) or v == "." or v == ".." then
    return nil, err(400, "BAD_PATH", "invalid " .. what .. " '" .. (M.valid_utf8(v) and not v:find("%c") and v or "?") .. "'",
      "a " .. what .. " has 1 to " .. M.MAX_NAME .. " characters of " .. example)
  end
  return v
end

-- Parses the raw (still percent-encoded) request path /{ns}/{repo}/{tag_or_hash}/-/rest[/{table}].
-- Returns {namespace, repository, tag_or_hash, by_hash, table} (table nil: the OpenAPI document)
-- or nil and an error. Splitting happens before decoding, so %2F never creates a segment.
function M.parse_path(path)
  if type(path) ~= "string" or path:sub(1, 1) ~= "/" then
    return nil, err(400, "BAD_PATH", "the request path must start with '/'", nil)
  end
  if #path > M.MAX_PATH then
    return nil, err(414, "PATH_TOO_LONG", "the request path is longer than " .. M.MAX_PATH .. " bytes",
      "table names are at most " .. M.MAX_TABLE .. " bytes; put long filters in the query string")
  end
  local p = split(path:sub(2))
  if #p < 5 or p[4] ~= "-" or p[5] ~= "rest" then
    return nil, err(404, "NOT_FOUND", "not a REST path",
      "use /{namespace}/{repository}/{tag or hash}/-/rest/{table}")
  end
  local table_raw = p[6]
  if #p > 6 then
    return nil, err(404, "NOT_FOUND", "no resource at this path",
      "one table name follows /-/rest/; nothing after it")
  end
  local ns, e1 = check_name(p[1], "namespace", NAME, "A-Z a-z 0-9 - _")
  if not ns then
    return nil, e1
  end
  local repo, e2 = check_name(p[2], "repository", NAME, "A-Z a-z 0-9 - _")
  if not repo then
    return nil, e2
  end
  local ref, e3 = check_name(p[3], "tag or hash", TAG, "A-Z a-z 0-9 - _ . (or a 64-character hash)")
  if not ref then
    return nil, e3
  end
  local result = {
    namespace = ns,
    repository = repo,
    tag_or_hash = ref,
    by_hash = #ref == 64 and ref:match("^[0-9a-f]+$") ~= nil,
  }
  if table_raw == nil or table_raw == "" then
    return result
  end
  local t = M.unescape(table_raw)
  if not t then
    return nil, err(400, "BAD_PATH", "malformed percent-encoding in the table name",
      "encode reserved characters as %XX with two hex digits")
  end
  if #t > M.MAX_TABLE then
    return nil, err(400, "BAD_PATH", "the table name is longer than " .. M.MAX_TABLE .. " bytes", nil)
  end
  if t == "." or t == ".." or t:find("[%c/\\]") or not M.valid_utf8(t) then
    return nil, err(400, "BAD_PATH", "invalid table name",
      "a table name is UTF-8 without control characters, '/' or '\\', and not '.' or '..'")
  end
  result.table = t
  return result
end

-- The body of POST /mount on the mounter.
function M.mount_request_body(parsed)
  return cjson.encode({
    namespace = parsed.namespace,
    repository = parsed.repository,
    tag_or_hash = parsed.tag_or_hash,
  })
end

-- POST /mount as an HTTP/1.1 request on a kept-alive connection; the caller's Authorization (a header
-- value nginx has already checked for CR and LF) decides private repositories.
function M.mount_http_request(body, authorization, host, port)
  local lines = {
    "POST /mount HTTP/1.1",
    "Host: " .. host .. ":" .. tostring(port),
    "Content-Type: application/json",
    "Accept: application/json",
    "Content-Length: " .. #body,
  }
  if authorization ~= nil and authorization ~= "" then
    lines[#lines + 1] = "Authorization: " .. authorization
  end
  return table.concat(lines, "\r\n") .. "\r\n\r\n" .. body
end

-- An nginx time ("2s", "500ms", "1m", or seconds alone) in milliseconds; nil if it is none.
function M.duration_ms(text)
  local n, unit = tostring(text or ""):match("^(%d+)(%a*)$")
  local scale = ({ [""] = 1000, s = 1000, ms = 1, m = 60000, h = 3600000 })[unit or ""]
  if not n or not scale then
    return nil
  end
  return tonumber(n) * scale
end

-- The mounter's answers are small JSON documents: anything larger is not one.
M.MAX_MOUNT_ANSWER = 65536

-- Reads one HTTP/1.1 response from sock (anything with receive("*l") and receive(n), as a cosocket):
-- returns {status, body} and whether the connection must be closed after it, or nil and an error.
-- The body is read by Content-Length or chunked; without either it runs to the end of the connection.
function M.read_http_response(sock, max_body)
  local line, e = sock:receive("*l")
  if not line then
    return nil, e
  end
  local status = tonumber(line:match("^HTTP/1%.[01] (%d%d%d)"))
  if not status then
    return nil, "not an HTTP/1.x status line"
  end
  local length, chunked, close = nil, false, line:match("^HTTP/1%.0") ~= nil
  while true do
    local h, he = sock:receive("*l")
    if not h then
      return nil, he
    end
    if h == "" then
      break
    end
    local name, value = h:match("^([^:]+):%s*(.-)%s*$")
    if name then
      name = name:lower()
      value = value:lower()
      if name == "content-length" then
        length = tonumber(value)
        if not length or length < 0 then
          return nil, "bad Content-Length"
        end
      elseif name == "transfer-encoding" then
        chunked = value:find("chunked", 1, true) ~= nil
      elseif name == "connection" then
        close = value:find("close", 1, true) ~= nil
      end
    end
  end
  local body
  if chunked then
    local parts, size_total = {}, 0
    while true do
      local size_line, se = sock:receive("*l")
      if not size_line then
        return nil, se
      end
      local size = tonumber(size_line:match("^%x+") or "", 16)
      if not size then
        return nil, "bad chunk size"
      end
      if size == 0 then
        repeat
          local trailer, te = sock:receive("*l")
          if not trailer then
            return nil, te
          end
        until trailer == ""
        break
      end
      size_total = size_total + size
      if size_total > max_body then
        return nil, "answer larger than " .. max_body .. " bytes"
      end
      local chunk, ce = sock:receive(size)
      if not chunk then
        return nil, ce
      end
      parts[#parts + 1] = chunk
      local crlf, le = sock:receive("*l")
      if not crlf then
        return nil, le
      end
    end
    body = table.concat(parts)
  elseif length then
    if length > max_body then
      return nil, "answer larger than " .. max_body .. " bytes"
    end
    if length == 0 then
      body = ""
    else
      local b, be = sock:receive(length)
      if not b then
        return nil, be
      end
      body = b
    end
  else
    local b, be = sock:receive("*a")
    if not b then
      return nil, be
    end
    body, close = b, true
  end
  return { status = status, body = body }, close
end

local function mounter_message(body)
  local doc = type(body) == "string" and cjson.decode(body) or nil
  if type(doc) == "table" and type(doc.message) == "string" and #doc.message <= 500 then
    return doc.message
  end
  return nil
end

-- The mounter's answer -> {schema, image_hash}, or nil and the error the caller gets.
-- status 0 means the subrequest got no HTTP answer at all.
function M.mount_result(status, body)
  if status == 200 then
    local doc = type(body) == "string" and cjson.decode(body) or nil
    if type(doc) == "table" and type(doc.schema) == "string" and #doc.schema <= 63
        and doc.schema:match("^[A-Za-z0-9_]+$") and type(doc.image_hash) == "string"
        and #doc.image_hash == 64 and doc.image_hash:match("^[0-9a-f]+$") then
      return { schema = doc.schema, image_hash = doc.image_hash }
    end
    return nil, err(503, "MOUNTER_UNAVAILABLE", "the mounter gave an answer the gateway cannot use",
      "check the mounter's logs")
  end
  if status == 404 then
    return nil, err(404, "NOT_FOUND", mounter_message(body) or "no such repository, tag or hash",
      "check the namespace, repository and tag or hash")
  end
  if status == 401 then
    -- The mounter refused the caller's token: say so as data-api would (RFC 6750).
    local e = err(401, "UNAUTHORIZED", mounter_message(body) or "the token is not valid",
      "log in again (sgr cloud login) and send the new access token")
    e.headers = { ["WWW-Authenticate"] = 'Bearer error="invalid_token"' }
    return nil, e
  end
  if status == 403 then
    return nil, err(403, "FORBIDDEN", mounter_message(body) or "this repository is private",
      "send an Authorization header with a token that may read it")
  end
  if status == 400 or status == 422 then
    return nil, err(400, "BAD_PATH", mounter_message(body) or "the mounter refused this repository reference", nil)
  end
  return nil, err(503, "MOUNTER_UNAVAILABLE", "mounter unavailable: the dataset cannot be mounted right now",
    "try again shortly; if it persists, check the mounter service")
end

-- Retries while a backend (mounter, data-api) restarts. Only GET and HEAD are ever retried: the
-- REST path serves nothing else, and a request that may change state must not run twice.
function M.idempotent(method)
  return method == "GET" or method == "HEAD"
end

-- Waits between attempts: short at first (a backend whose process just restarted answers within a
-- second), then every RETRY_MAX_DELAY, so a caller waits at most that long after it is back.
M.RETRY_DELAYS = { 0.1, 0.2, 0.4 }
M.RETRY_MAX_DELAY = 0.5
-- Each time data-api is proxied to again is one of nginx's ten internal redirects of a request.
M.MAX_DATA_API_RETRIES = 9
-- A failure this long after the previous one starts a new outage.
M.OUTAGE_GAP = 5

-- When the outage of a backend started, given the shared record of it (nil: none) and a failure now.
function M.outage_start(since, last_failure, now)
  if since == nil or last_failure == nil or now - last_failure > M.OUTAGE_GAP then
    return now
  end
  return since
end

-- The wait before attempt number "attempt" + 1 (1 after the first failed attempt), or nil: answer
-- the error. A request retries only while the outage is younger than "budget" seconds, so a restart
-- is bridged and a backend that stays down costs callers one attempt each, not the whole budget;
-- and only while the request itself is younger than that (a query that timed out is not run again).
function M.retry_delay(attempt, now, outage_since, budget, request_start)
  if attempt < 1 then
    return nil
  end
  local d = M.RETRY_DELAYS[attempt] or M.RETRY_MAX_DELAY
  if now + d > math.min(outage_since, request_start or outage_since) + budget then
    return nil
  end
  return d
end

-- Whether a failed mount is worth asking again: the mounter gave no answer (connection refused or
-- reset, DNS while its container is down: nginx's 502/504, or 0), or it said it is stopping or
-- that the request raced a change. A mount that failed or timed out is not asked again.
local RETRYABLE_MOUNT = { MOUNTER_STOPPING = true, REPOSITORY_CHANGED = true, REGISTRY_UNAVAILABLE = true }
function M.mount_retryable(status, body)
  if status == 0 or status == 502 or status == 504 then
    return true
  end
  if status ~= 503 then
    return false
  end
  local doc = type(body) == "string" and cjson.decode(body) or nil
  if type(doc) ~= "table" or type(doc.code) ~= "string" then
    -- Not the mounter's JSON: its HTTP server refusing a request while it stops.
    return true
  end
  return RETRYABLE_MOUNT[doc.code] == true
end

-- What the caller gets when data-api gave no answer within the retries.
function M.data_api_unavailable()
  return err(503, "DATA_API_UNAVAILABLE", "data-api unavailable: the REST server did not answer",
    "try again shortly; if it persists, check the data-api service")
end

-- The path on data-api: /{table}, or / (the OpenAPI document).
function M.upstream_path(parsed)
  if parsed.table then
    return "/" .. M.escape_segment(parsed.table)
  end
  return "/"
end

-- The headers data-api gets: the caller's (Authorization included), except that the schema is
-- the mounted image's and never the caller's choice (Accept-Profile set, Content-Profile dropped).
-- Header names are compared case-insensitively; the result has lower-case names.
function M.upstream_headers(incoming, schema)
  local out = {}
  for name, value in pairs(incoming or {}) do
    local n = name:lower()
    if n ~= "accept-profile" and n ~= "content-profile" then
      out[n] = value
    end
  end
  out["accept-profile"] = schema
  return out
end

return M
