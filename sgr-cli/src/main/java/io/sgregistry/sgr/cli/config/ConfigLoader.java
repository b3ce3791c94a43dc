package io.sgregistry.sgr.cli.config;

import io.sgregistry.sgr.SgrException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds and reads .sgconfig and applies precedence. File search order: {@code --config-file}, then
 * {@code SG_CONFIG_FILE}, then {@code ./.sgconfig}, then {@code ~/.splitgraph/.sgconfig}; the first
 * found is the only one read. Values: flags > environment > file [defaults] > built-in defaults.
 * Inputs are passed in (no System.getenv here) so that tests and embedding callers control them.
 */
public final class ConfigLoader {
    public static final String CONFIG_FILE_ENV = "SG_CONFIG_FILE";
    public static final String FILE_NAME = ".sgconfig";
    /** The keys read from [defaults], the environment and flags. */
    public static final List<String> KEYS = List.of(SgConfig.HOST, SgConfig.PORT, SgConfig.USER, SgConfig.PASSWORD,
            SgConfig.DB_NAME, SgConfig.IS_REGISTRY, SgConfig.NAMESPACE, SgConfig.AUTH_API, SgConfig.QUERY_API, SgConfig.POOL);
    /** Built-in defaults: the client-engine of the Compose profile `client` on this machine. No password default. */
    public static final Map<String, String> DEFAULTS = Map.of(
            SgConfig.HOST, "127.0.0.1",
            SgConfig.PORT, "5434",
            SgConfig.USER, "postgres",
            SgConfig.DB_NAME, "splitgraph",
            SgConfig.IS_REGISTRY, "false",
            SgConfig.NAMESPACE, "");

    private ConfigLoader() {
    }

    /**
     * @param configFileFlag {@code --config-file}, if given
     * @param flags          values given as flags, by key
     * @param env            the process environment
     */
    public static SgConfig load(Optional<Path> configFileFlag, Map<String, String> flags, Map<String, String> env,
                                Path cwd, Path home) {
        Optional<Path> file = locate(configFileFlag, env, cwd, home);
        IniFile ini = file.map(IniFile::read).orElse(new IniFile(Map.of()));
        Map<String, String> values = new LinkedHashMap<>(DEFAULTS);
        values.putAll(ini.section("defaults"));
        for (String key : KEYS) {
            if (env.containsKey(key)) {
                values.put(key, env.get(key));
            }
        }
        values.putAll(flags);
        Map<String, Map<String, String>> remotes = new LinkedHashMap<>();
        ini.sections().forEach((name, section) -> {
            if (name.startsWith("remote:")) {
                remotes.put(name.substring("remote:".length()).strip(), section);
            }
        });
        return new SgConfig(values, remotes, file);
    }

    static Optional<Path> locate(Optional<Path> configFileFlag, Map<String, String> env, Path cwd, Path home) {
        Optional<Path> named = configFileFlag.or(() -> Optional.ofNullable(env.get(CONFIG_FILE_ENV))
                .filter(s -> !s.isBlank()).map(Path::of));
        if (named.isPresent()) {
            Path p = named.get();
            if (!Files.isRegularFile(p)) {
                throw new SgrException("the config file " + p + " does not exist",
                        "create it, or fix --config-file / " + CONFIG_FILE_ENV);
            }
            return named;
        }
        for (Path candidate : List.of(cwd.resolve(FILE_NAME), home.resolve(".splitgraph").resolve(FILE_NAME))) {
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
