package io.sgregistry.sgr.cli.config;

import io.sgregistry.sgr.SgrException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small INI reader for .sgconfig: {@code [section]} headers, {@code key = value} or
 * {@code key: value} lines, {@code #}/{@code ;} comments. Written here because the INI libraries on
 * Maven Central are unmaintained (ini4j: 2015) or far larger than this need (commons-configuration2).
 * Keys keep their case (SG_ENGINE_HOST); later duplicates win, as in Python's configparser.
 */
public record IniFile(Map<String, Map<String, String>> sections) {

    public IniFile {
        Map<String, Map<String, String>> copy = new LinkedHashMap<>();
        sections.forEach((k, v) -> copy.put(k, Collections.unmodifiableMap(new LinkedHashMap<>(v))));
        sections = Collections.unmodifiableMap(copy);
    }

    public static IniFile read(Path file) {
        try {
            return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new SgrException("cannot read the config file " + file + ": " + e.getMessage(),
                    "check that the file exists and is readable, or point --config-file / SG_CONFIG_FILE elsewhere", e);
        }
    }

    public static IniFile parse(List<String> lines, String source) {
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        Map<String, String> current = null;
        int number = 0;
        for (String raw : lines) {
            number++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[")) {
                if (!line.endsWith("]")) {
                    throw bad(source, number, "a section header must end with ]");
                }
                String name = line.substring(1, line.length() - 1).strip();
                current = sections.computeIfAbsent(name, n -> new LinkedHashMap<>());
                continue;
            }
            int eq = line.indexOf('=');
            int colon = line.indexOf(':');
            int sep = eq < 0 ? colon : colon < 0 ? eq : Math.min(eq, colon);
            if (sep <= 0) {
                throw bad(source, number, "expected 'KEY = value'");
            }
            if (current == null) {
                throw bad(source, number, "a key before any [section]");
            }
            current.put(line.substring(0, sep).strip(), line.substring(sep + 1).strip());
        }
        return new IniFile(sections);
    }

    public Map<String, String> section(String name) {
        return sections.getOrDefault(name, Map.of());
    }

    private static SgrException bad(String source, int line, String what) {
        return new SgrException(source + " line " + line + ": " + what,
                "fix the line; .sgconfig has [defaults] and [remote: NAME] sections of KEY = value lines");
    }
}
