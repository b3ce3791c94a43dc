-- Busted tests of gateway.core, run by the gateway image's build (a failure fails the build).
local core = require("gateway.core")
local cjson = require("cjson")

local HASH = string.rep("0123456789abcdef", 4)

local function bad(path, status)
  local parsed, e = core.parse_path(path)
  assert.is_nil(parsed, "expected " .. tostring(path) .. " to be refused")
  assert.are.equal(status, e.status, tostring(path) .. ": " .. tostring(e.message))
  assert.is_string(e.code)
  assert.is_string(e.message)
  return e
end

describe("parse_path", function()
  it("reads namespace, repository, tag and table", function()
    local p = core.parse_path("/ns/my-repo/latest/-/rest/weather")
    assert.are.same({ namespace = "ns", repository = "my-repo", tag_or_hash = "latest", by_hash = false,
      table = "weather" }, p)
  end)

  it("recognises a 64-hex image hash, not a shorter one or upper case", function()
    assert.is_true(core.parse_path("/ns/r/" .. HASH .. "/-/rest/t").by_hash)
    assert.is_false(core.parse_path("/ns/r/" .. HASH:sub(1, 12) .. "/-/rest/t").by_hash)
    assert.is_false(core.parse_path("/ns/r/" .. HASH:upper() .. "/-/rest/t").by_hash)
  end)

  it("an empty table path means the OpenAPI document", function()
    for _, path in ipairs({ "/ns/r/v1.0/-/rest", "/ns/r/v1.0/-/rest/" }) do
      local p = core.parse_path(path)
      assert.is_nil(p.table)
      assert.are.equal("/", core.upstream_path(p))
    end
  end)

  it("decodes percent-encoding in the table name and re-encodes it as one segment", function()
    local p = core.parse_path("/ns/r/t/-/rest/my%20table")
    assert.are.equal("my table", p.table)
    assert.are.equal("/my%20table", core.upstream_path(p))
    p = core.parse_path("/ns/r/t/-/rest/caf%C3%A9")
    assert.are.equal("café", p.table)
    assert.are.equal("/caf%C3%A9", core.upstream_path(p))
    p = core.parse_path("/ns/r/t/-/rest/a;b")
    assert.are.equal("/a%3Bb", core.upstream_path(p))
  end)

  it("decodes percent-encoded names that are valid", function()
    assert.are.equal("my_ns", core.parse_path("/my%5Fns/r/t/-/rest/x").namespace)
  end)

  it("accepts names at the length limits and refuses longer ones", function()
    local n64 = string.rep("a", 64)
    assert.are.equal(n64, core.parse_path("/" .. n64 .. "/" .. n64 .. "/" .. n64 .. "/-/rest/t").namespace)
    bad("/" .. n64 .. "a/r/t/-/rest/t", 400)
    bad("/ns/" .. n64 .. "a/t/-/rest/t", 400)
    bad("/ns/r/" .. n64 .. "a/-/rest/t", 400)
    assert.are.equal(63, #core.parse_path("/ns/r/t/-/rest/" .. string.rep("b", 63)).table)
    bad("/ns/r/t/-/rest/" .. string.rep("b", 64), 400)
  end)

  it("refuses overlong paths with 414", function()
    local e = bad("/ns/r/t/-/rest/" .. string.rep("x", 2000), 414)
    assert.are.equal("PATH_TOO_LONG", e.code)
  end)

  it("answers 404 for paths that are not the REST shape", function()
    bad("/ns/r/t/rest/x", 404)
    bad("/ns/r/-/rest/x", 404)
    bad("/ns/r/t/-/restx/x", 404)
    bad("/ns/r/t/-/rest/x/y", 404)
    bad("/ns/r/t/-/rest/x/", 404)
    bad("/ns/r/t/-/rest/rpc/f/g", 404)
    bad("/", 404)
    bad("/ns/r/t/-/rest/x//", 404)
  end)

  it("refuses dot segments, encoded or not, anywhere", function()
    bad("/../r/t/-/rest/x", 400)
    bad("/ns/../t/-/rest/x", 400)
    bad("/ns/r/../-/rest/x", 400)
    bad("/ns/r/./-/rest/x", 400)
    bad("/ns/r/t/-/rest/..", 400)
    bad("/ns/r/t/-/rest/%2e%2e", 400)
    bad("/%2E%2E/r/t/-/rest/x", 400)
    bad("/ns/r/%2e/-/rest/x", 400)
  end)

  it("an encoded slash or backslash never makes a new segment", function()
    bad("/ns/r/t/-/rest/a%2Fb", 400)
    bad("/ns/r/t/-/rest/..%2F..%2Fetc", 400)
    bad("/ns%2Fother/r/t/-/rest/x", 400)
    bad("/ns/r/t/-/rest/a%5Cb", 400)
  end)

  it("refuses NUL and other control characters", function()
    bad("/ns/r/t/-/rest/a%00b", 400)
    bad("/ns%00/r/t/-/rest/x", 400)
    bad("/ns/r/t/-/rest/a%0Ab", 400)
    bad("/ns/r/t/-/rest/a%7Fb", 400)
    bad("/ns/r/t/-/rest/a\0b", 400)
  end)

  it("refuses malformed percent-encoding", function()
    bad("/ns/r/t/-/rest/a%2", 400)
    bad("/ns/r/t/-/rest/a%zz", 400)
    bad("/ns/r/t/-/rest/%", 400)
    bad("/n%s/r/t/-/rest/x", 400)
  end)

  it("refuses invalid UTF-8 in table names: stray bytes, overlong forms, surrogates", function()
    bad("/ns/r/t/-/rest/a%FFb", 400)
    bad("/ns/r/t/-/rest/%C0%AF", 400)
    bad("/ns/r/t/-/rest/%E0%80%AF", 400)
    bad("/ns/r/t/-/rest/%ED%A0%80", 400)
    bad("/ns/r/t/-/rest/%C3", 400)
    bad("/ns/r/t/-/rest/%F4%90%80%80", 400)
  end)

  it("applies Splitgraph's name patterns: no unicode, spaces or dots in namespace and repository", function()
    bad("/n%C3%A9/r/t/-/rest/x", 400)
    bad("/ns/r%20r/t/-/rest/x", 400)
    bad("/ns/r.r/t/-/rest/x", 400)
    bad("/ns/r/t%20t/-/rest/x", 400)
    bad("/ns/r/t:1/-/rest/x", 400)
    bad("//r/t/-/rest/x", 400)
    bad("/ns//t/-/rest/x", 400)
    assert.are.equal("v1.2-rc_3", core.parse_path("/ns/r/v1.2-rc_3/-/rest/x").tag_or_hash)
  end)

  it("never echoes control characters or invalid UTF-8 in messages", function()
    local e = bad("/n%0As/r/t/-/rest/x", 400)
    assert.is_nil(e.message:find("\n", 1, true))
    e = bad("/n%FFs/r/t/-/rest/x", 400)
    assert.is_true(core.valid_utf8(e.message))
  end)

  it("refuses input that is not a path", function()
    bad(nil, 400)
    bad("ns/r/t/-/rest/x", 400)
  end)
end)

describe("mount request and result", function()
  it("asks the mounter with namespace, repository and tag_or_hash", function()
    local body = cjson.decode(core.mount_request_body(core.parse_path("/ns/r/" .. HASH .. "/-/rest/x")))
    assert.are.same({ namespace = "ns", repository = "r", tag_or_hash = HASH }, body)
  end)

  it("takes schema and image hash from a 200", function()
    local m = core.mount_result(200, cjson.encode({ schema = "img_" .. HASH:sub(1, 20), image_hash = HASH }))
    assert.are.same({ schema = "img_" .. HASH:sub(1, 20), image_hash = HASH }, m)
  end)

  it("maps the mounter's 404 to a JSON 404 with its message", function()
    local m, e = core.mount_result(404, '{"code":"NOT_FOUND","message":"no tag v9 in ns/r"}')
    assert.is_nil(m)
    assert.are.equal(404, e.status)
    assert.are.equal("no tag v9 in ns/r", e.message)
    local _, e2 = core.mount_result(404, "<html>not json</html>")
    assert.are.equal(404, e2.status)
    assert.are.equal("no such repository, tag or hash", e2.message)
  end)

  it("keeps 401 (with WWW-Authenticate) and 403 for refused tokens and private repositories", function()
    local e401 = select(2, core.mount_result(401, '{"code":"PGRST301","message":"the token has expired"}'))
    assert.are.equal(401, e401.status)
    assert.are.equal("the token has expired", e401.message)
    assert.are.equal('Bearer error="invalid_token"', e401.headers["WWW-Authenticate"])
    assert.are.equal(401, select(2, core.mount_result(401, "")).status)
    assert.are.equal(403, select(2, core.mount_result(403, '{"message":"no"}')).status)
  end)

  it("maps the mounter's 400 to 400", function()
    assert.are.equal(400, select(2, core.mount_result(400, '{"message":"bad tag"}')).status)
  end)

  it("maps an unreachable or failing mounter to 503 'mounter unavailable'", function()
    for _, status in ipairs({ 0, 500, 502, 503, 504 }) do
      local m, e = core.mount_result(status, "")
      assert.is_nil(m)
      assert.are.equal(503, e.status)
      assert.are.equal("MOUNTER_UNAVAILABLE", e.code)
      assert.truthy(e.message:find("mounter unavailable", 1, true))
    end
  end)

  it("treats an unusable 200 as the mounter's failure: 503, never a bad schema upstream", function()
    for _, body in ipairs({ "", "not json", "[]", '{"schema":"x"}',
      cjson.encode({ schema = 'x"; DROP SCHEMA s; --', image_hash = HASH }),
      cjson.encode({ schema = string.rep("s", 64), image_hash = HASH }),
      cjson.encode({ schema = "ok", image_hash = "abc" }) }) do
      local m, e = core.mount_result(200, body)
      assert.is_nil(m, body)
      assert.are.equal(503, e.status)
    end
  end)
end)

describe("upstream headers", function()
  it("sets Accept-Profile to the mounted schema and keeps Authorization and the others", function()
    local out = core.upstream_headers({ Authorization = "Bearer t", Accept = "text/csv", Prefer = "count=exact",
      Range = "0-9" }, "img_1")
    assert.are.same({ authorization = "Bearer t", accept = "text/csv", prefer = "count=exact", range = "0-9",
      ["accept-profile"] = "img_1" }, out)
  end)

  it("never lets the caller choose the schema", function()
    local out = core.upstream_headers({ ["Accept-Profile"] = "splitgraph_meta", ["content-profile"] = "x",
      ["ACCEPT-PROFILE"] = "auth" }, "img_1")
    assert.are.same({ ["accept-profile"] = "img_1" }, out)
  end)

  it("works without incoming headers", function()
    assert.are.same({ ["accept-profile"] = "s" }, core.upstream_headers(nil, "s"))
  end)
end)

describe("error bodies", function()
  it("are PostgREST-shaped JSON with null details", function()
    local e = select(2, core.parse_path("/ns/r/t/-/rest/a%00"))
    local doc = cjson.decode(core.error_body(e))
    assert.are.equal("BAD_PATH", doc.code)
    assert.is_string(doc.message)
    assert.are.equal(cjson.null, doc.details)
    assert.is_not_nil(doc.hint)
  end)
end)

describe("retries while a backend restarts", function()
  it("only GET and HEAD are idempotent", function()
    assert.is_true(core.idempotent("GET"))
    assert.is_true(core.idempotent("HEAD"))
    for _, m in ipairs({ "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "get" }) do
      assert.is_false(core.idempotent(m), m)
    end
  end)

  it("backs off from 0.1 s to every 0.5 s, for as long as the outage is younger than the budget", function()
    local waited, attempt = 0, 0
    while true do
      local d = core.retry_delay(attempt + 1, 100 + waited, 100, 20)
      if not d then
        break
      end
      attempt = attempt + 1
      assert.is_true(d >= 0.1 and d <= core.RETRY_MAX_DELAY)
      waited = waited + d
    end
    assert.are.equal(0.1, core.retry_delay(1, 100, 100, 20))
    assert.are.equal(core.RETRY_MAX_DELAY, core.retry_delay(50, 100, 100, 20))
    assert.is_true(waited <= 20 and waited > 19, "waited " .. waited)
  end)

  it("gives up once the outage is older than the budget, however young the request", function()
    assert.is_nil(core.retry_delay(1, 121, 100, 20))
    assert.is_nil(core.retry_delay(1, 119.95, 100, 20))
    assert.is_nil(core.retry_delay(0, 100, 100, 20))
    assert.is_nil(core.retry_delay(1, 100, 100, 0))
  end)

  it("gives up once the request is older than the budget: a query that timed out is not sent again", function()
    assert.is_nil(core.retry_delay(1, 156, 156, 20, 100))
    assert.are.equal(0.1, core.retry_delay(1, 110, 110, 20, 100))
    assert.are.equal(0.1, core.retry_delay(1, 110, 105, 20, 108))
    assert.is_nil(core.retry_delay(1, 126, 105, 20, 108))
  end)

  it("a failure soon after the previous one continues the outage, a later one starts a new one", function()
    assert.are.equal(50, core.outage_start(nil, nil, 50))
    assert.are.equal(40, core.outage_start(40, 48, 50))
    assert.are.equal(50, core.outage_start(40, 50 - core.OUTAGE_GAP - 1, 50))
  end)

  it("asks the mounter again when it gave no answer or said to retry, not when it failed", function()
    for _, s in ipairs({ 0, 502, 504 }) do
      assert.is_true(core.mount_retryable(s, nil), tostring(s))
    end
    assert.is_true(core.mount_retryable(503, "<html>Service Unavailable</html>"))
    for _, code in ipairs({ "MOUNTER_STOPPING", "REPOSITORY_CHANGED", "REGISTRY_UNAVAILABLE" }) do
      assert.is_true(core.mount_retryable(503, cjson.encode({ code = code, message = "m" })), code)
    end
    for _, code in ipairs({ "MOUNT_FAILED", "MOUNT_TIMEOUT" }) do
      assert.is_false(core.mount_retryable(503, cjson.encode({ code = code, message = "m" })), code)
    end
    for _, s in ipairs({ 200, 400, 401, 403, 404, 422, 500 }) do
      assert.is_false(core.mount_retryable(s, "{}"), tostring(s))
    end
  end)

  it("the final answer is the JSON 503 of data-api", function()
    local e = core.data_api_unavailable()
    assert.are.equal(503, e.status)
    assert.are.equal("DATA_API_UNAVAILABLE", cjson.decode(core.error_body(e)).code)
  end)
end)

-- A socket over a fixed string, as much of a cosocket as read_http_response uses.
local function fake_socket(data)
  local pos = 1
  return {
    receive = function(_, what)
      if what == "*l" then
        local nl = data:find("\n", pos, true)
        if not nl then
          return nil, "closed"
        end
        local line = data:sub(pos, nl - 1):gsub("\r$", "")
        pos = nl + 1
        return line
      elseif what == "*a" then
        local rest = data:sub(pos)
        pos = #data + 1
        return rest
      end
      if pos + what - 1 > #data then
        return nil, "closed"
      end
      local chunk = data:sub(pos, pos + what - 1)
      pos = pos + what
      return chunk
    end,
  }
end

describe("mount_http_request", function()
  it("is an HTTP/1.1 POST /mount with the body's length and the caller's Authorization", function()
    local r = core.mount_http_request('{"a":1}', "Bearer t", "mounter", 8080)
    assert.are.equal("POST /mount HTTP/1.1\r\nHost: mounter:8080\r\nContent-Type: application/json\r\n"
      .. "Accept: application/json\r\nContent-Length: 7\r\nAuthorization: Bearer t\r\n\r\n{\"a\":1}", r)
  end)

  it("sends no Authorization when the caller sent none", function()
    assert.is_nil(core.mount_http_request("{}", nil, "m", 1):find("Authorization", 1, true))
    assert.is_nil(core.mount_http_request("{}", "", "m", 1):find("Authorization", 1, true))
  end)
end)

describe("duration_ms", function()
  it("reads nginx times", function()
    assert.are.equal(2000, core.duration_ms("2s"))
    assert.are.equal(500, core.duration_ms("500ms"))
    assert.are.equal(60000, core.duration_ms("1m"))
    assert.are.equal(55000, core.duration_ms("55"))
  end)

  it("is nil for anything else", function()
    assert.is_nil(core.duration_ms("2 s"))
    assert.is_nil(core.duration_ms("fast"))
    assert.is_nil(core.duration_ms(nil))
    assert.is_nil(core.duration_ms("2w"))
  end)
end)

describe("read_http_response", function()
  it("reads a body by Content-Length and keeps the connection", function()
    local res, close = core.read_http_response(fake_socket(
      "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 12\r\n\r\n{\"schema\":1}NEXT"), 100)
    assert.are.same({ status = 200, body = '{"schema":1}' }, res)
    assert.is_false(close)
  end)

  it("reads a chunked body and its trailers", function()
    local res, close = core.read_http_response(fake_socket(
      "HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n{\"a\"\r\n3\r\n:1}\r\n0\r\nX-T: 1\r\n\r\n"), 100)
    assert.are.same({ status = 404, body = '{"a":1}' }, res)
    assert.is_false(close)
  end)

  it("closes after Connection: close, an HTTP/1.0 answer, or a body that runs to the end", function()
    local _, c1 = core.read_http_response(fake_socket("HTTP/1.1 503 x\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"), 100)
    assert.is_true(c1)
    local _, c2 = core.read_http_response(fake_socket("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\n{}"), 100)
    assert.is_true(c2)
    local res, c3 = core.read_http_response(fake_socket("HTTP/1.1 200 OK\r\n\r\n{}"), 100)
    assert.are.equal("{}", res.body)
    assert.is_true(c3)
  end)

  it("refuses what is not an answer of the mounter's size", function()
    local res, e = core.read_http_response(fake_socket("SSH-2.0-x\r\n"), 100)
    assert.is_nil(res)
    assert.is_string(e)
    res, e = core.read_http_response(fake_socket("HTTP/1.1 200 OK\r\nContent-Length: 101\r\n\r\n"), 100)
    assert.is_nil(res)
    assert.matches("larger than 100", e)
    res, e = core.read_http_response(fake_socket("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n65\r\n"), 100)
    assert.is_nil(res)
    assert.matches("larger than 100", e)
    res, e = core.read_http_response(fake_socket("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n{}"), 100)
    assert.is_nil(res)
    assert.are.equal("closed", e)
  end)
end)
