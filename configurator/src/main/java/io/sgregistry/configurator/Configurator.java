package io.sgregistry.configurator;

import io.sgregistry.configurator.render.RenderedFile;
import io.sgregistry.configurator.render.TemplateRenderer;
import io.sgregistry.configurator.state.ConfigState;
import io.sgregistry.configurator.tls.CertificateMaker;
import io.sgregistry.configurator.tls.TlsFiles;

import java.nio.file.Path;
import java.util.List;

/**
 * The whole configuration step as one call, shared by the CLI and the test fixtures: render every
 * template, then put the front door's certificate (made once by {@code certs}) where HAProxy reads it.
 */
public final class Configurator {
    private Configurator() {
    }

    /** @param tlsBundle the HAProxy PEM written, or null when no certificate has been made yet */
    public record Rendered(List<RenderedFile> files, Path tlsBundle) {
    }

    public static Rendered render(ConfigState state, Path templates, Path out) {
        List<RenderedFile> files = new TemplateRenderer(templates).render(state, out);
        TlsFiles tls = TlsFiles.besideState(state.file());
        return new Rendered(files, tls.complete() ? tls.installInto(out) : null);
    }

    /** Makes the CA and certificate if missing (see {@link CertificateMaker}); true if new ones were made. */
    public static boolean ensureCertificates(ConfigState state, String imageTag) {
        String tag = imageTag != null ? imageTag : state.get("images.tag").map(n -> n.asText()).orElse("dev");
        String hostname = state.get("hostname").map(n -> n.asText()).orElse("localhost");
        return CertificateMaker.preferHost(tag)
                .ensure(TlsFiles.besideState(state.file()), CertificateMaker.frontDoorNames(hostname));
    }
}
