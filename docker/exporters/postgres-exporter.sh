#!/bin/sh
# postgres-exporter for one engine. Runs as root only to read the rendered password (mode 0600), then
# runs the exporter as the unprivileged user prometheus with the password in its environment only.
# Environment: PG_HOST, PG_DATABASE, PASSWORD_FILE (rendered), optional QUERIES (custom queries file).
set -eu
: "${PG_HOST:?}" "${PG_DATABASE:?}" "${PASSWORD_FILE:?}"
[ -r "$PASSWORD_FILE" ] || { echo "postgres-exporter: missing $PASSWORD_FILE; render the configuration first (make config)" >&2; exit 1; }
pw="$(head -n1 "$PASSWORD_FILE" | tr -d '\r\n')"
case "$pw" in *[!A-Za-z0-9]*|'') echo "postgres-exporter: $PASSWORD_FILE must be one alphanumeric line" >&2; exit 1;; esac
DATA_SOURCE_NAME="postgresql://registry_monitor:${pw}@${PG_HOST}:5432/${PG_DATABASE}?sslmode=disable&connect_timeout=5"
export DATA_SOURCE_NAME
unset pw
set -- --web.listen-address=:9187 "$@"
if [ -n "${QUERIES:-}" ]; then
  set -- --extend.query-path="$QUERIES" "$@"
fi
exec setpriv --reuid=prometheus --regid=prometheus --init-groups /usr/bin/prometheus-postgres-exporter "$@"
