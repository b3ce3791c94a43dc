package io.sgregistry.configurator.render;

import io.sgregistry.configurator.state.ConfigState;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the secrets a template names ({@code password.a.b}, {@code secret.x}) inside its Jinja
 * expressions and tags. They are created before rendering, so the template engine only ever sees
 * plain values and strict mode still rejects anything else that is unknown.
 */
final class SecretReferences {
    private static final Pattern JINJA_BLOCK = Pattern.compile("\\{[{%](.*?)[}%]\\}", Pattern.DOTALL);
    private static final Pattern REFERENCE = Pattern.compile(
            "(?<![A-Za-z0-9_.])((?:" + String.join("|", ConfigState.SECRET_ROOTS)
                    + ")(?:\\.[A-Za-z_][A-Za-z0-9_-]*)+)");

    private SecretReferences() {
    }

    static Set<String> in(String templateText) {
        Set<String> found = new LinkedHashSet<>();
        Matcher block = JINJA_BLOCK.matcher(templateText);
        while (block.find()) {
            Matcher ref = REFERENCE.matcher(block.group(1));
            while (ref.find()) {
                found.add(ref.group(1));
            }
        }
        return found;
    }
}
