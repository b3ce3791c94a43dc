package io.sgregistry.mounter.mount;

import java.util.regex.Pattern;

/** {@code POST /mount}: which image to mount. Names are checked here, before any SQL sees them. */
public record MountRequest(String namespace, String repository, String tagOrHash) {
    private static final Pattern NAME = Pattern.compile("[-A-Za-z0-9_]{1,64}");
    private static final Pattern TAG = Pattern.compile("[-A-Za-z0-9_.]{1,64}");
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

    public MountRequest {
        check(namespace, NAME, "namespace", "1 to 64 of A-Z a-z 0-9 - _");
        check(repository, NAME, "repository", "1 to 64 of A-Z a-z 0-9 - _");
        check(tagOrHash, TAG, "tag_or_hash", "a tag (1 to 64 of A-Z a-z 0-9 - _ .) or a 64-character image hash");
        if (tagOrHash.equals(".") || tagOrHash.equals("..")) {
            throw MountException.badRequest("invalid tag_or_hash '" + tagOrHash + "'", "a tag is not '.' or '..'");
        }
    }

    public boolean byHash() {
        return HASH.matcher(tagOrHash).matches();
    }

    public String repositoryName() {
        return namespace + "/" + repository;
    }

    private static void check(String value, Pattern p, String what, String rule) {
        if (value == null) {
            throw MountException.badRequest(what + " is missing", "send {\"namespace\", \"repository\", \"tag_or_hash\"}");
        }
        if (!p.matcher(value).matches()) {
            String shown = value.length() > 80 ? value.substring(0, 80) + "..." : value;
            throw MountException.badRequest("invalid " + what + " '" + shown.replaceAll("\\p{Cntrl}", "?") + "'", what + " is " + rule);
        }
    }
}
