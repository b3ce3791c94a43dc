package io.sgregistry.configurator.render;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.loader.FileLocator;
import io.sgregistry.configurator.state.ConfigException;
import io.sgregistry.configurator.state.ConfigState;
import io.sgregistry.configurator.state.SecureFiles;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Renders {@code templates/<service>/<file>.j2} into {@code out/<service>/<file>}. Files without the
 * {@code .j2} suffix are copied unchanged. Strict: an unknown variable fails the run, naming the
 * template and line, and nothing of that run's output is left half-written.
 */
public final class TemplateRenderer {
    public static final String SUFFIX = ".j2";

    private final Path templatesDir;

    public TemplateRenderer(Path templatesDir) {
        if (!Files.isDirectory(templatesDir)) {
            throw new ConfigException("templates folder " + templatesDir + " does not exist",
                    "pass --templates pointing at configurator/templates");
        }
        this.templatesDir = templatesDir;
    }

    public List<Path> templates() {
        try (Stream<Path> files = Files.walk(templatesDir)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted(Comparator.naturalOrder())
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + templatesDir, e);
        }
    }

    /** Renders every template; all rendering happens before any file is written. */
    public List<RenderedFile> render(ConfigState state, Path outDir) {
        record Pending(RenderedFile file, byte[] content) {
        }
        Jinjava jinjava = newJinjava();
        List<Pending> pending = new ArrayList<>();
        for (Path template : templates()) {
            Path relative = templatesDir.relativize(template);
            String name = relative.toString();
            byte[] raw = read(template);
            if (!name.endsWith(SUFFIX)) {
                pending.add(new Pending(new RenderedFile(template, outDir.resolve(relative), false, Set.of()), raw));
                continue;
            }
            String text = new String(raw, StandardCharsets.UTF_8);
            Set<String> secrets = SecretReferences.in(text);
            secrets.forEach(state::secret);
            Map<String, Object> context = state.toMap();
            context.put("render", Map.of("out_dir", outDir.toAbsolutePath().normalize().toString()));
            String rendered = renderOne(jinjava, name, text, context);
            Path out = outDir.resolve(name.substring(0, name.length() - SUFFIX.length()));
            pending.add(new Pending(new RenderedFile(template, out, !secrets.isEmpty(), secrets),
                    rendered.getBytes(StandardCharsets.UTF_8)));
        }
        // Secrets made on first use are recorded before any output names them.
        state.saveIfChanged();
        List<RenderedFile> done = new ArrayList<>();
        for (Pending p : pending) {
            try {
                SecureFiles.writeAtomically(p.file().output(), p.content(), p.file().secret());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + p.file().output(), e);
            }
            done.add(p.file());
        }
        return done;
    }

    /** Renders a single template text; used by the CLI and by tests of individual templates. */
    public String renderOne(Jinjava jinjava, String name, String text, Map<String, Object> context) {
        RenderResult result = jinjava.renderForResult(text, context);
        List<TemplateError> errors = result.getErrors();
        if (!errors.isEmpty()) {
            String details = errors.stream()
                    .map(e -> name + ":" + e.getLineno() + ": " + e.getMessage())
                    .collect(Collectors.joining("\n  "));
            throw new ConfigException("template " + name + " failed to render:\n  " + details,
                    "define the missing value in config.json (or fix the template); secrets must be named password.<...> or secret.<...>");
        }
        return result.getOutput();
    }

    public Jinjava newJinjava() {
        JinjavaConfig config = JinjavaConfig.newBuilder()
                .withFailOnUnknownTokens(true)
                .withTrimBlocks(true)
                .withLstripBlocks(true)
                .build();
        Jinjava jinjava = new Jinjava(config);
        try {
            jinjava.setResourceLocator(new FileLocator(templatesDir.toFile()));
        } catch (FileNotFoundException e) {
            throw new UncheckedIOException(e);
        }
        return jinjava;
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
