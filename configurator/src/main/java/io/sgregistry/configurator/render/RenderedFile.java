package io.sgregistry.configurator.render;

import java.nio.file.Path;
import java.util.Set;

/** One output file: where it went, whether it holds secrets (mode 0600), which secrets it names. */
public record RenderedFile(Path template, Path output, boolean secret, Set<String> secretsUsed) {
}
