package io.sgregistry.sgr.cli;

import io.sgregistry.sgr.SgrException;
import io.sgregistry.sgr.cli.config.SgConfig;

import java.util.Optional;

/** Which [remote: NAME] a command talks to: the option, else the repository's upstream, else the only remote. */
final class Remotes {
    private Remotes() {
    }

    static String choose(SgConfig config, String option, Optional<String> upstream) {
        if (option != null) {
            return option;
        }
        if (upstream.isPresent()) {
            return upstream.get();
        }
        if (config.remotes().size() == 1) {
            return config.remotes().keySet().iterator().next();
        }
        throw new SgrException(config.remotes().isEmpty() ? "no remote is configured" : "several remotes are configured: "
                + config.remotes().keySet(), "name one with -r/--remote (a [remote: NAME] section of .sgconfig)");
    }
}
