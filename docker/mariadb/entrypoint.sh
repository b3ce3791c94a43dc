#!/bin/sh
# Starts MariaDB with the rendered my.cnf. On every start, before the network is open, the account
# `sgr` (all privileges, from any host) is created if missing and given the rendered password, so
# that rotating it is: re-render, restart. root logs in only through the local socket (unix_socket).
set -eu
conf="${MARIADB_CONFIG_DIR:?}"
for f in my.cnf sgr-password; do
  [ -r "$conf/$f" ] || { echo "mariadb: missing $conf/$f; render the configuration first (make config)" >&2; exit 1; }
done
pw="$(head -n1 "$conf/sgr-password" | tr -d '\r\n')"
# Alphanumeric (configurator): it needs no escaping inside the quotes below.
case "$pw" in *[!A-Za-z0-9]*|'') echo "mariadb: $conf/sgr-password must be one alphanumeric line" >&2; exit 1;; esac
mkdir -p /run/mysqld /var/lib/mysql
chown mysql:mysql /run/mysqld /var/lib/mysql
if [ ! -d /var/lib/mysql/mysql ]; then
  echo "mariadb: initialising a new data directory"
  mariadb-install-db --defaults-file="$conf/my.cnf" --user=mysql --datadir=/var/lib/mysql \
    --auth-root-authentication-method=socket --skip-test-db >/dev/null
fi
# A private server (no network) to set the account, then the real one.
mariadbd --defaults-file="$conf/my.cnf" --user=mysql --skip-networking --socket=/run/mysqld/init.sock &
init_pid=$!
i=0
until mariadb-admin --socket=/run/mysqld/init.sock ping >/dev/null 2>&1; do
  i=$((i + 1)); [ "$i" -lt 60 ] || { echo "mariadb: the initialisation server did not start" >&2; exit 1; }
  sleep 1
done
mariadb --socket=/run/mysqld/init.sock <<SQL
CREATE USER IF NOT EXISTS 'sgr'@'%' IDENTIFIED BY '$pw';
ALTER USER 'sgr'@'%' IDENTIFIED BY '$pw';
GRANT ALL PRIVILEGES ON *.* TO 'sgr'@'%';
FLUSH PRIVILEGES;
SQL
unset pw
mariadb-admin --socket=/run/mysqld/init.sock shutdown
wait "$init_pid" || true
exec mariadbd --defaults-file="$conf/my.cnf" --user=mysql
