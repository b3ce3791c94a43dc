package io.sgregistry.sgr.cli;

import io.sgregistry.sgr.SgrException;
import io.sgregistry.sgr.cli.cloud.AuthClient;
import io.sgregistry.sgr.cli.cloud.Jwt;
import io.sgregistry.sgr.cli.config.ConfigWriter;
import io.sgregistry.sgr.cli.config.SgConfig;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code sgr cloud}: accounts on a registry through its auth API (Splitgraph's shapes), written
 * into the remote's section of .sgconfig: machine credentials become SG_ENGINE_USER/PWD (used by
 * push/pull over haproxy:5431), tokens SG_CLOUD_ACCESS_TOKEN/SG_CLOUD_REFRESH_TOKEN.
 */
@Command(name = "cloud", mixinStandardHelpOptions = true,
        description = "Register and log in to a registry; publish, find and describe repositories there; query its REST API.",
        subcommands = {CloudCommand.Register.class, CloudCommand.Login.class, CloudCommand.LoginApi.class, CloudCommand.Curl.class,
                CloudCommand.Token.class, CloudRepositories.Publish.class, CloudRepositories.Unpublish.class, CloudRepositories.Search.class,
                CloudRepositories.Status.class, CloudProfile.Description.class, CloudProfile.Readme.class, CloudProfile.Metadata.class,
                CloudCommand.Download.class, CloudUpload.class, CloudSql.class})
final class CloudCommand implements Runnable {
    static final String ACCESS = "SG_CLOUD_ACCESS_TOKEN";
    static final String REFRESH = "SG_CLOUD_REFRESH_TOKEN";
    /** Tokens this close to expiry are refreshed before use. */
    static final Duration REFRESH_MARGIN = Duration.ofMinutes(5);

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing subcommand: see 'sgr cloud --help'");
    }

    /** Options shared by the account commands: which remote, and where its APIs and engine are. */
    abstract static class Account implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = {"-r", "--remote"}, defaultValue = "registry", description = "the [remote: NAME] of .sgconfig to use (default registry): register and login write their credentials there, the other commands read it")
        String remote;

        @Option(names = "--auth-api", description = "e.g. https://HOST:8443/auth (default: the remote's SG_AUTH_API)")
        String authApi;

        @Option(names = "--query-api", description = "e.g. https://HOST:8443 (default: the remote's SG_QUERY_API, else the auth API's origin)")
        String queryApi;

        @Option(names = "--registry-host", description = "the registry's PostgreSQL host (default: the auth API's host)")
        String host;

        @Option(names = "--registry-port", defaultValue = "5431", description = "the registry's PostgreSQL port (default 5431)")
        int port;

        SgrCommand root() {
            return (SgrCommand) spec.root().userObject();
        }

        Map<String, String> section(SgConfig c) {
            return c.remotes().getOrDefault(remote, Map.of());
        }

        String authApi(SgConfig c) {
            String a = authApi != null ? authApi : section(c).getOrDefault(SgConfig.AUTH_API, c.get(SgConfig.AUTH_API).orElse(null));
            if (a == null) {
                throw new SgrException("no auth API for remote " + remote, "pass --auth-api https://HOST:8443/auth");
            }
            return a;
        }

        /** The file written: the .sgconfig in use, else ~/.splitgraph/.sgconfig. */
        Path file(SgConfig c) {
            return c.file().orElse(root().env().home().resolve(".splitgraph").resolve(".sgconfig"));
        }

        /** The access token, refreshed (and saved) when it is near expiry and a refresh token is known. */
        java.util.Optional<String> token(SgConfig c) {
            String access = section(c).get(ACCESS);
            String refresh = section(c).get(REFRESH);
            if (access != null && !Jwt.nearExpiry(access, Instant.now(), REFRESH_MARGIN)) {
                return java.util.Optional.of(access);
            }
            if (refresh != null) {
                String fresh = new AuthClient(authApi(c)).accessToken(refresh);
                ConfigWriter.update(file(c), "remote: " + remote, Map.of(ACCESS, fresh));
                return java.util.Optional.of(fresh);
            }
            return java.util.Optional.ofNullable(access);
        }

        /**
         * GET of a table of an image on the REST API (SG_QUERY_API), with this remote's token; the body goes to {@code sink}.
         * Without a table: the image's OpenAPI document (the API's root); 'rpc/f' calls a function.
         */
        void restGet(SgConfig c, String ref, String table, String query, String accept, java.util.function.Consumer<byte[]> sink) {
            io.sgregistry.sgr.meta.Repository.Ref r = io.sgregistry.sgr.meta.Repository.Ref.parse(ref, "latest");
            String base = section(c).getOrDefault(SgConfig.QUERY_API, c.get(SgConfig.QUERY_API).orElse(null));
            if (base == null) {
                throw new SgrException("no SG_QUERY_API for remote " + remote, "log in with 'sgr cloud login', or set SG_QUERY_API");
            }
            HttpUrl url = HttpUrl.parse(base.endsWith("/") ? base : base + "/");
            if (url == null) {
                throw new SgrException("SG_QUERY_API '" + base + "' is not an http(s) URL", "fix it in .sgconfig");
            }
            HttpUrl target = url.newBuilder().addPathSegment(r.repository().namespace()).addPathSegment(r.repository().repository())
                    .addPathSegment(r.ref()).addPathSegment("-").addPathSegment("rest").addPathSegments(table == null ? "" : table)
                    .encodedQuery(query == null || query.isEmpty() ? null : query).build();
            Request.Builder req = new Request.Builder().url(target).get().header("Accept", accept);
            token(c).ifPresent(t -> req.header("Authorization", "Bearer " + t));
            OkHttpClient http = new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(10)).readTimeout(Duration.ofSeconds(60))
                    .callTimeout(Duration.ofSeconds(300)).build();
            try (Response resp = http.newCall(req.build()).execute()) {
                byte[] body = resp.body().bytes();
                if (!resp.isSuccessful()) {
                    throw new SgrException("GET " + target + " answered HTTP " + resp.code() + ": " + new String(body, java.nio.charset.StandardCharsets.UTF_8),
                            resp.code() == 404 ? "check the repository, tag and table names" : "check the query and your login");
                }
                sink.accept(body);
            } catch (IOException e) {
                throw new SgrException("cannot reach the REST API at " + url + ": " + io.sgregistry.sgr.cli.cloud.HttpFailures.describe(e),
                        "check SG_QUERY_API; " + io.sgregistry.sgr.cli.cloud.HttpFailures.TRUST_HINT, e);
            }
        }

        void save(SgConfig c, String namespace, Map<String, String> extra) {
            String auth = authApi(c);
            HttpUrl url = HttpUrl.parse(auth);
            Map<String, String> v = new LinkedHashMap<>();
            v.put(SgConfig.HOST, host != null ? host : section(c).getOrDefault(SgConfig.HOST, url == null ? "localhost" : url.host()));
            v.put(SgConfig.PORT, section(c).getOrDefault(SgConfig.PORT, Integer.toString(port)));
            v.put(SgConfig.DB_NAME, "splitgraph");
            v.put(SgConfig.IS_REGISTRY, "true");
            v.put(SgConfig.AUTH_API, auth);
            v.put(SgConfig.QUERY_API, queryApi != null ? queryApi : section(c).getOrDefault(SgConfig.QUERY_API,
                    url == null ? auth : url.newBuilder().encodedPath("/").build().toString()));
            if (namespace != null) {
                v.put(SgConfig.NAMESPACE, namespace);
            }
            v.putAll(extra);
            Path f = file(c);
            ConfigWriter.update(f, "remote: " + remote, v);
            root().env().out().println("wrote remote " + remote + " to " + f);
        }
    }

    @Command(name = "register", mixinStandardHelpOptions = true, description = "Create an account, then machine credentials for push/pull.")
    static final class Register extends Account {
        @Option(names = {"-u", "--username"}, required = true)
        String username;

        @Option(names = {"-p", "--password"}, required = true, interactive = true, arity = "0..1", description = "asked for if not given")
        String password;

        @Option(names = {"-e", "--email"}, required = true)
        String email;

        @Option(names = "--accept-tos", description = "accept the registry's terms of service (sent with the registration, as Splitgraph's client does)")
        boolean acceptTos;

        @Override
        public Integer call() {
            SgConfig c = root().config();
            AuthClient auth = new AuthClient(authApi(c));
            AuthClient.Registration reg = auth.registerUser(username, password, email, acceptTos);
            AuthClient.MachineCredentials mc = auth.createMachineCredentials(reg.accessToken());
            save(c, username, Map.of(SgConfig.USER, mc.key(), SgConfig.PASSWORD, mc.secret(), ACCESS, reg.accessToken(),
                    REFRESH, reg.refreshToken()));
            root().env().out().println("registered " + username);
            return 0;
        }
    }

    @Command(name = "login", mixinStandardHelpOptions = true, description = "Log in with username and password; get tokens and machine credentials.")
    static final class Login extends Account {
        @Option(names = {"-u", "--username"}, required = true)
        String username;

        @Option(names = {"-p", "--password"}, required = true, interactive = true, arity = "0..1", description = "asked for if not given")
        String password;

        @Option(names = "--overwrite", description = "make new machine credentials (API key) even if the remote has some for this user")
        boolean overwrite;

        @Override
        public Integer call() {
            SgConfig c = root().config();
            AuthClient auth = new AuthClient(authApi(c));
            String refresh = auth.refreshToken(username, password);
            String access = auth.accessToken(refresh);
            Map<String, String> v = new LinkedHashMap<>(Map.of(ACCESS, access, REFRESH, refresh));
            if (overwrite || section(c).getOrDefault(SgConfig.USER, "").isEmpty() || !username.equals(section(c).get(SgConfig.NAMESPACE))) {
                AuthClient.MachineCredentials mc = auth.createMachineCredentials(access);
                v.put(SgConfig.USER, mc.key());
                v.put(SgConfig.PASSWORD, mc.secret());
            }
            save(c, username, v);
            root().env().out().println("logged in as " + username);
            return 0;
        }
    }

    @Command(name = "login-api", mixinStandardHelpOptions = true,
            description = "Log in with an API key and secret (machine credentials): they become SG_ENGINE_USER/PWD.")
    static final class LoginApi extends Account {
        @Option(names = {"-k", "--api-key"}, required = true)
        String apiKey;

        @Option(names = {"-s", "--api-secret"}, required = true, interactive = true, arity = "0..1", description = "asked for if not given")
        String apiSecret;

        @Override
        public Integer call() {
            SgConfig c = root().config();
            String access = new AuthClient(authApi(c)).accessTokenForApiKey(apiKey, apiSecret);
            save(c, null, Map.of(SgConfig.USER, apiKey, SgConfig.PASSWORD, apiSecret, ACCESS, access));
            root().env().out().println("logged in with API key " + apiKey);
            return 0;
        }
    }

    @Command(name = "curl", mixinStandardHelpOptions = true,
            description = {"Query a table of an image through the registry's REST API (PostgREST syntax), e.g. "
                    + "sgr cloud curl ns/repo:latest t 'select=a,b&limit=5'.",
                    "Splitgraph's form works too: sgr cloud curl ns/repo:latest '/t?select=a,b&limit=5'; "
                            + "without a table, the image's OpenAPI document."})
    static final class Curl extends Account {
        @Parameters(index = "0", paramLabel = "REPOSITORY[:TAG_OR_HASH]", description = "default tag: latest")
        String ref;

        @Parameters(index = "1", arity = "0..1", paramLabel = "TABLE", description = "a table, or Splitgraph's request '/TABLE?QUERY'; "
                + "none: the OpenAPI document")
        String table;

        @Parameters(index = "2", arity = "0..1", paramLabel = "QUERY", description = "PostgREST query string")
        String query;

        @Option(names = {"-t", "--request-type"}, defaultValue = "postgrest", paramLabel = "TYPE",
                description = "postgrest (the only type: this registry runs no Splitfile service, Splitgraph's 'splitfile')")
        String requestType;

        @Override
        public Integer call() {
            if (!requestType.equals("postgrest")) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "request type '" + requestType
                        + "' is not served: this registry answers PostgREST requests only (it runs no Splitfile service)");
            }
            Target target = Target.of(table, query);
            if (target == null) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "'" + table + "' together with a QUERY: "
                        + "give either TABLE QUERY or Splitgraph's '/TABLE?QUERY'");
            }
            SgConfig c = root().config();
            restGet(c, ref, target.table(), target.query(), target.table() == null ? "application/openapi+json" : "application/json",
                    body -> root().env().out().println(new String(body, java.nio.charset.StandardCharsets.UTF_8)));
            return 0;
        }

        /** A table (null: the API's root) and a PostgREST query string (null: none). */
        record Target(String table, String query) {
            /** sgr's TABLE [QUERY], or Splitgraph's '/TABLE?QUERY' (or '/', or nothing); null when both forms are mixed. */
            static Target of(String table, String query) {
                if (table == null || table.isEmpty()) {
                    return query == null ? new Target(null, null) : null;
                }
                if (!table.startsWith("/")) {
                    return new Target(table, query);
                }
                if (query != null) {
                    return null;
                }
                int q = table.indexOf('?');
                String path = (q < 0 ? table : table.substring(0, q)).replaceAll("^/+|/+$", "");
                return new Target(path.isEmpty() ? null : path, q < 0 ? null : table.substring(q + 1));
            }
        }
    }

    @Command(name = "download", mixinStandardHelpOptions = true,
            description = {"Download a table of an image as CSV (with a header row) through the registry's REST API, optionally filtered "
                    + "with a PostgREST query string, e.g. sgr cloud download ns/repo:v1 readings out.csv -q 'city=eq.Oslo&order=day'.",
                    "Splitgraph's download takes a SQL query; this registry answers PostgREST queries per table."})
    static final class Download extends Account {
        @Parameters(index = "0", paramLabel = "REPOSITORY[:TAG_OR_HASH]", description = "default tag: latest")
        String ref;

        @Parameters(index = "1", paramLabel = "TABLE")
        String table;

        @Parameters(index = "2", arity = "0..1", paramLabel = "OUTPUT_PATH", description = "default: TABLE.csv in the current directory")
        Path output;

        @Option(names = {"-q", "--query"}, paramLabel = "QUERY", description = "PostgREST query string (filters, select, order, limit)")
        String query;

        @Option(names = "--file-format", defaultValue = "csv", description = "csv (the only format, as Splitgraph's)")
        String fileFormat;

        @Override
        public Integer call() {
            if (!fileFormat.equals("csv")) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--file-format must be csv, not " + fileFormat);
            }
            SgConfig c = root().config();
            Path target = output != null ? output : root().env().cwd().resolve(table + ".csv");
            restGet(c, ref, table, query, "text/csv", body -> {
                try {
                    java.nio.file.Files.write(target, body);
                } catch (IOException e) {
                    throw new SgrException("cannot write " + target + ": " + e.getMessage(), "check the path and its permissions", e);
                }
                long lines = new String(body, java.nio.charset.StandardCharsets.UTF_8).lines().count();
                root().env().out().println("downloaded " + Math.max(0, lines - 1) + " rows of " + ref + " " + table + " to " + target);
            });
            return 0;
        }
    }

    @Command(name = "token", mixinStandardHelpOptions = true,
            description = "Print an access token (JWT) for the remote's REST API, refreshed first if it is near expiry, e.g. for "
                    + "curl -H \"Authorization: Bearer $(sgr cloud token)\".")
    static final class Token extends Account {
        @Override
        public Integer call() {
            SgConfig c = root().config();
            String t = token(c).orElseThrow(() -> new SgrException("no access token for remote " + remote,
                    "log in with 'sgr cloud login' (or login-api)"));
            root().env().out().println(t);
            return 0;
        }
    }
}
