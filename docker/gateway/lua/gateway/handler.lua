-- The nginx side of the gateway (access phase of the REST location): parse, ask the mounter,
-- rewrite, and leave the proxying to nginx's proxy_pass. Decisions live in gateway.core.
local core = require("gateway.core")

local M = {}

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
  local method = ngx.req.get_method()
  if method ~= "GET" and method ~= "HEAD" then
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
  local res = ngx.location.capture("/_mount", {
    method = ngx.HTTP_POST,
    body = core.mount_request_body(parsed),
  })
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

return M
