package io.sgregistry.configurator.tls;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class CertificateMakerTest {
    @TempDir
    Path dir;

    @Test
    void theCertificateNamesWhatUsersAndServicesUse() {
        assertThat(CertificateMaker.frontDoorNames("localhost")).containsExactly("localhost", "127.0.0.1", "::1", "haproxy");
        assertThat(CertificateMaker.frontDoorNames("registry.example")).startsWith("registry.example").contains("localhost", "haproxy");
    }

    @Test
    void existingMaterialIsReusedWithoutRunningMkcert() throws Exception {
        TlsFiles tls = new TlsFiles(Files.createDirectories(dir.resolve("tls")));
        for (Path p : new Path[]{tls.caCert(), tls.caKey(), tls.cert(), tls.key()}) {
            Files.writeString(p, p.getFileName().toString());
        }
        // A runner that cannot work (no such image tag): reuse must not need it.
        CertificateMaker maker = new CertificateMaker("no-such-tag", CertificateMaker.Runner.DOCKER);
        assertThat(maker.ensure(tls, CertificateMaker.frontDoorNames("localhost"))).isFalse();
        assertThat(Files.readString(tls.cert())).isEqualTo("front.pem");
    }

    @Test
    void theStateFolderHoldsTheTlsFolder() {
        assertThat(TlsFiles.besideState(dir.resolve("x/config.json")).dir()).isEqualTo(dir.resolve("x/tls"));
    }
}
