package io.sgregistry.sgr.mount;

import io.sgregistry.sgr.SgrException;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The mount handlers sgr has, by Splitgraph's names. Each is a foreign data wrapper of the local
 * engine: postgres_fdw and file_fdw ship with PostgreSQL, mysql_fdw is Debian's postgresql-15-mysql-fdw
 * (in our engine image).
 */
public enum MountHandler {
    POSTGRES_FDW("postgres_fdw", "postgres_fdw", true, """
            Mount a PostgreSQL database (postgres_fdw).
            -c username:password@host:port (as the local engine sees the host)
            -o {"dbname": "...", "remote_schema": "public", "tables": [...], "extra_server_args": {...}}
              dbname: database name (required); remote_schema: schema name (default public);
              tables: list of tables (default all, IMPORT FOREIGN SCHEMA) or
                {"t": {"schema": {"col": "type", ...}, "options": {...}}}"""),
    MYSQL_FDW("mysql_fdw", "mysql_fdw", true, """
            Mount a MySQL or MariaDB database (mysql_fdw).
            -c username:password@host:port (as the local engine sees the host)
            -o {"dbname": "...", "tables": [...], "extra_server_args": {...}}
              dbname: the remote database (required); tables: as for postgres_fdw"""),
    CSV("csv", "file_fdw", false, """
            Mount CSV files that the local engine's server can read (file_fdw).
            Files are named relative to the engine's files folder (/var/lib/sgr/files in our client-engine).
            -o {"tables": ["a.csv", ...] | {"t": {"schema": {...}, "options": {"filename": "a.csv"}}},
                "delimiter": ",", "header": true, "encoding": "UTF8"}
              tables: default every *.csv of the folder; a file's table is named after it; columns
                come from the header row, as text, unless a schema is given""");

    private final String handlerName;
    private final String fdw;
    private final boolean needsConnection;
    private final String help;

    MountHandler(String handlerName, String fdw, boolean needsConnection, String help) {
        this.handlerName = handlerName;
        this.fdw = fdw;
        this.needsConnection = needsConnection;
        this.help = help;
    }

    public String handlerName() {
        return handlerName;
    }

    public String fdw() {
        return fdw;
    }

    public boolean needsConnection() {
        return needsConnection;
    }

    public String help() {
        return help;
    }

    public static MountHandler named(String name) {
        return Arrays.stream(values()).filter(h -> h.handlerName.equals(name)).findFirst()
                .orElseThrow(() -> new SgrException("no mount handler '" + name + "'", "use one of "
                        + Arrays.stream(values()).map(MountHandler::handlerName).collect(Collectors.joining(", "))));
    }
}
