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
  pw="$(head -n1 "$conf/superuser-password" | tr -d '\r\n')"
  case "$pw" in *[!A-Za-z0-9]*|'') echo "engine: $conf/superuser-password must be one alphanumeric line" >&2; exit 1;; esac
  printf "ALTER ROLE postgres PASSWORD '%s';\n" "$pw" \
    | as_postgres postgres --single -D "$PGDATA" -c config_file="$conf/postgresql.conf" -c hba_file="$conf/pg_hba.conf" postgres >/dev/null
  unset pw
fi
# The server reads its configuration from the mounted files, so a config hotfix needs no rebuild.
exec setpriv --reuid=postgres --regid=postgres --init-groups \
  postgres -D "$PGDATA" -c config_file="$conf/postgresql.conf" -c hba_file="$conf/pg_hba.conf"
