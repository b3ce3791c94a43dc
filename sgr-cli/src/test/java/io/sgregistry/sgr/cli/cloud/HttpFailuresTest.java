package io.sgregistry.sgr.cli.cloud;

import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLHandshakeException;
import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

class HttpFailuresTest {
    @Test
    void anUntrustedCertificateIsSaidInWordsWithoutClassNames() {
        String d = HttpFailures.describe(new SSLHandshakeException("PKIX path building failed: "
                + "sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path"));
        assertThat(d).contains("not trusted").doesNotContain("sun.").doesNotContain("Exception");
    }

    @Test
    void embeddedExceptionClassNamesAreDropped() {
        String d = HttpFailures.describe(new IOException("javax.net.ssl.SSLException: Connection reset"));
        assertThat(d).isEqualTo("Connection reset");
    }
}
