#!/bin/sh
# Starts PostgreSQL as user postgres with the rendered configuration. On an empty volume it runs
# initdb first, with the superuser password read from the (root-only) rendered secret file.
set -eu
conf="${ENGINE_CONFIG_DIR:?}"
for f in postgresql.conf pg_hba.conf superuser-password; do
  [ -r "$conf/$f" ] || { echo "engine: missing $conf/$f; render the configuration first (make config)" >&2; exit 1; }
done
mkdir -p "$PGDATA" /var/run/postgresql
chown postgres:postgres "$PGDATA" /var/run/postgresql
chmod 700 "$PGDATA"
as_postgres() { setpriv --reuid=postgres --regid=postgres --init-groups "$@"; }
# One rendered secret: its first line, which must be alphanumeric (the configurator's), so that it
# needs no escaping inside SQL quotes.
read_password() {
  p="$(head -n1 "$conf/$1" | tr -d '\r\n')"
  case "$p" in *[!A-Za-z0-9]*|'') echo "engine: $conf/$1 must be one alphanumeric line" >&2; exit 1;; esac
  printf '%s' "$p"
}
# Statements on stdin, one per line, in single-user mode: no network, nothing logged (log_statement = none).
single_user() {
  as_postgres postgres --single -D "$PGDATA" -c config_file="$conf/postgresql.conf" -c hba_file="$conf/pg_hba.conf" postgres >/dev/null
}
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  pwfile="$(mktemp)"
  head -n1 "$conf/superuser-password" | tr -d '\r\n' > "$pwfile"
  chown postgres "$pwfile"
  echo "engine: initialising a new database cluster in $PGDATA"
  as_postgres initdb -D "$PGDATA" -U postgres --pwfile="$pwfile" --encoding=UTF8 --locale=C.UTF-8 \
    --auth-local=peer --auth-host=scram-sha-256 >/dev/null
  rm -f "$pwfile"
else
  # The superuser password follows the rendered file on every start, so rotating it is: re-render,
  # restart the engine. Single-user mode: no network, no log of the statement (log_statement = none);
  # the password is alphanumeric (configurator), so it needs no escaping inside the quotes.
  pw="$(read_password superuser-password)"
  printf "ALTER ROLE postgres PASSWORD '%s';\n" "$pw" | single_user
  unset pw
fi
# The exporter's login (Prometheus' postgres-exporter), when the configuration names its password:
# pg_monitor reads the statistics views and nothing of the data. Kept at the rendered password on
# every start, as the superuser's. At most 5 connections: the exporter holds up to 3 (its collectors
# run concurrently), one more is for a person looking; an exporter stuck in a loop cannot take the
# slots of the services.
if [ -r "$conf/monitoring-password" ]; then
  pw="$(read_password monitoring-password)"
  printf "%s\n%s\n%s\n" \
    "DO \$\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'registry_monitor') THEN CREATE ROLE registry_monitor; END IF; END \$\$;" \
    "ALTER ROLE registry_monitor LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE CONNECTION LIMIT 5 PASSWORD '$pw';" \
    "GRANT pg_monitor TO registry_monitor;" | single_user
  unset pw
fi
# The server reads its configuration from the mounted files, so a config hotfix needs no rebuild.
exec setpriv --reuid=postgres --regid=postgres --init-groups \
  postgres -D "$PGDATA" -c config_file="$conf/postgresql.conf" -c hba_file="$conf/pg_hba.conf"
