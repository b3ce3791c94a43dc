package io.sgregistry.sgr.cli.config;

import io.sgregistry.sgr.SgrException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sets keys of one section of a .sgconfig, keeping every other line (comments, other sections) as
 * it is. The file holds secrets (machine credentials, tokens): it is written 0600, atomically.
 */
public final class ConfigWriter {
    private ConfigWriter() {
    }

    public static void update(Path file, String section, Map<String, String> values) {
        try {
            List<String> lines = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : new ArrayList<>();
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(tmp, apply(lines, section, values), StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new SgrException("cannot write " + file + ": " + e.getMessage(), "check that its folder is writable", e);
        }
    }

    /** The lines with {@code values} set in {@code [section]} (the section is appended if missing). */
    static List<String> apply(List<String> lines, String section, Map<String, String> values) {
        Map<String, String> pending = new LinkedHashMap<>(values);
        List<String> out = new ArrayList<>();
        boolean inSection = false;
        boolean found = false;
        for (String line : lines) {
            String t = line.strip();
            if (t.startsWith("[") && t.endsWith("]")) {
                if (inSection) {
                    appendPending(out, pending);
                }
                inSection = t.substring(1, t.length() - 1).strip().equals(section);
                found |= inSection;
                out.add(line);
                continue;
            }
            if (inSection) {
                int sep = separator(t);
                if (sep > 0 && !t.startsWith("#") && !t.startsWith(";")) {
                    String key = t.substring(0, sep).strip();
                    if (pending.containsKey(key)) {
                        out.add(key + " = " + pending.remove(key));
                        continue;
                    }
                }
            }
            out.add(line);
        }
        if (inSection) {
            appendPending(out, pending);
        }
        if (!found) {
            if (!out.isEmpty() && !out.get(out.size() - 1).isBlank()) {
                out.add("");
            }
            out.add("[" + section + "]");
            appendPending(out, pending);
        }
        return out;
    }

    private static void appendPending(List<String> out, Map<String, String> pending) {
        // New keys go after the section's last non-blank line.
        int at = out.size();
        while (at > 0 && out.get(at - 1).isBlank()) {
            at--;
        }
        List<String> add = new ArrayList<>();
        pending.forEach((k, v) -> add.add(k + " = " + v));
        out.addAll(at, add);
        pending.clear();
    }

    private static int separator(String t) {
        int eq = t.indexOf('=');
        int colon = t.indexOf(':');
        return eq < 0 ? colon : colon < 0 ? eq : Math.min(eq, colon);
    }
}
