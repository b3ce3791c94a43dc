package io.sgregistry.sgr.cli;

import io.sgregistry.sgr.cli.config.SgConfig;
import io.sgregistry.sgr.engine.Endpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "config", mixinStandardHelpOptions = true,
        description = {"Print the configuration sgr uses: flags > environment > .sgconfig > defaults, and the [remote: NAME] sections.",
                "Passwords, secrets and tokens are shown as ******** unless -s.",
                "Save it as a file with: sgr config -s -c > .sgconfig"})
final class ConfigCommand implements Callable<Integer> {
    static final String SHIELD = "********";

    @Spec
    CommandSpec spec;

    @Option(names = {"-s", "--no-shielding"}, description = "show passwords, secrets and tokens as they are")
    boolean noShielding;

    @Option(names = {"-c", "--config-format"}, description = "print in the .sgconfig file format ([defaults] and [remote: NAME] sections)")
    boolean configFormat;

    @Option(names = {"-n", "--conn-string"}, description = "print a libpq connection string to the local engine (with its password), "
            + "e.g. psql \"$(sgr config -n)\"")
    boolean connString;

    /** Keys whose values are secrets. */
    static boolean secret(String key) {
        String k = key.toUpperCase(Locale.ROOT);
        return k.contains("PWD") || k.contains("PASSWORD") || k.contains("SECRET") || k.contains("TOKEN");
    }

    @Override
    public Integer call() {
        SgrCommand root = (SgrCommand) spec.root().userObject();
        SgConfig config = root.config();
        var out = root.env().out();
        if (connString) {
            Endpoint e = config.engine();
            out.println("postgresql://" + enc(e.user()) + ":" + enc(e.password()) + "@" + e.host() + ":" + e.port() + "/" + enc(e.database()));
            return 0;
        }
        if (configFormat) {
            out.println("[defaults]");
            print(out, config.values(), "");
            config.remotes().forEach((name, values) -> {
                out.println();
                out.println("[remote: " + name + "]");
                print(out, values, "");
            });
            return 0;
        }
        out.println("# configuration file: " + config.file().map(Object::toString).orElse("none (defaults and environment only)"));
        print(out, config.values(), "");
        config.remotes().forEach((name, values) -> {
            out.println();
            out.println("remote " + name + ":");
            print(out, values, "  ");
        });
        return 0;
    }

    private void print(java.io.PrintStream out, Map<String, String> values, String indent) {
        values.forEach((k, v) -> out.println(indent + k + (configFormat ? " = " : "=")
                + (secret(k) && !noShielding && v != null && !v.isEmpty() ? SHIELD : v == null ? "" : v)));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
