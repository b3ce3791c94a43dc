package io.sgregistry.sgr.cli;

import io.sgregistry.sgr.registry.Sync;

import java.util.Locale;

/** Words shared by the transfer commands' summaries. */
final class Transfers {
    private Transfers() {
    }

    /** "; hashes checked by WHO in 1.2 s" (summed over lanes), or nothing when no object moved. */
    static String verification(Sync.Result res, String who) {
        if (res.objects() == 0) {
            return "";
        }
        return String.format(Locale.ROOT, "; hashes checked by %s in %.1f s", who, res.verifyNanos() / 1e9);
    }
}
