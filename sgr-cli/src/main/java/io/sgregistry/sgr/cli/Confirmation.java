package io.sgregistry.sgr.cli;

import io.sgregistry.sgr.SgrException;

/** Asks before deleting (rm, prune), as Splitgraph's click.confirm; without a terminal, -y is required instead. */
final class Confirmation {
    private Confirmation() {
    }

    /** Returns normally if the user agreed (or gave -y); throws if they did not or cannot be asked. */
    static void require(Env env, boolean yes, String command) {
        if (yes) {
            return;
        }
        java.io.Console console = env.console() ? System.console() : null;
        if (console == null) {
            throw new SgrException("nothing was deleted: " + command + " asks before deleting, and there is no terminal to ask on",
                    "add -y (--yes) to delete without asking");
        }
        String answer = console.readLine("Continue? [y/N] ");
        if (answer == null || !(answer.strip().equalsIgnoreCase("y") || answer.strip().equalsIgnoreCase("yes"))) {
            throw new SgrException("nothing was deleted", "answer y to delete, or add -y");
        }
    }
}
