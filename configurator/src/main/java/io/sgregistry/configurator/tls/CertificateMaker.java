package io.sgregistry.configurator.tls;

import io.sgregistry.configurator.process.Processes;
import io.sgregistry.configurator.state.ConfigException;
import io.sgregistry.configurator.state.SecureFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Makes the local CA and the front door's certificate with mkcert, once: existing material is reused.
 * mkcert runs on the host if it is installed, else inside the {@code sgregistry/mkcert} image with
 * {@code --network none} and only the tls folder mounted, as the calling user.
 */
public final class CertificateMaker {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    /** How mkcert runs. */
    public enum Runner { HOST, DOCKER }

    private final String imageTag;
    private final Runner runner;

    public CertificateMaker(String imageTag, Runner runner) {
        this.imageTag = imageTag;
        this.runner = runner;
    }

    /** Host mkcert when installed, else the image. */
    public static CertificateMaker preferHost(String imageTag) {
        return new CertificateMaker(imageTag, Processes.onPath("mkcert") ? Runner.HOST : Runner.DOCKER);
    }

    /** The names the front door answers to: what users type, and what services inside the network use. */
    public static List<String> frontDoorNames(String hostname) {
        List<String> names = new ArrayList<>(List.of("localhost", "127.0.0.1", "::1", "haproxy"));
        if (!names.contains(hostname)) {
            names.add(0, hostname);
        }
        return names;
    }

    /** @return true if new material was made, false if the existing one was kept */
    public boolean ensure(TlsFiles tls, List<String> names) {
        if (tls.complete()) {
            return false;
        }
        try {
            Files.createDirectories(tls.dir());
            Files.setPosixFilePermissions(tls.dir(), PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + tls.dir(), e);
        }
        // A half-made set (e.g. an interrupted run) is made afresh; the CA is kept if it is whole.
        List<String> args = new ArrayList<>(List.of("-cert-file", "CERT", "-key-file", "KEY"));
        args.addAll(names);
        Processes.Result r = runner == Runner.HOST ? runOnHost(tls, args) : runInImage(tls, args);
        if (!r.ok() || !Files.isRegularFile(tls.cert()) || !Files.isRegularFile(tls.key())) {
            throw new ConfigException("mkcert failed (exit " + r.exitCode() + "):\n" + r.output().strip(),
                    runner == Runner.DOCKER
                            ? "build the images first (make images, or docker/build-images.sh builds sgregistry/mkcert:" + imageTag + "), or install mkcert on the host"
                            : "check that mkcert works: mkcert -help");
        }
        try {
            Files.setPosixFilePermissions(tls.key(), SecureFiles.OWNER_ONLY);
            Files.setPosixFilePermissions(tls.caKey(), SecureFiles.OWNER_ONLY);
            Files.setPosixFilePermissions(tls.cert(), SecureFiles.WORLD_READABLE);
            Files.setPosixFilePermissions(tls.caCert(), SecureFiles.WORLD_READABLE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set the modes of the files in " + tls.dir(), e);
        }
        return true;
    }

    private Processes.Result runOnHost(TlsFiles tls, List<String> args) {
        List<String> cmd = new ArrayList<>(List.of("mkcert"));
        args.forEach(a -> cmd.add(a.equals("CERT") ? tls.cert().toString() : a.equals("KEY") ? tls.key().toString() : a));
        return Processes.run(cmd, TIMEOUT, null, Map.of("CAROOT", tls.dir().toString()));
    }

    private Processes.Result runInImage(TlsFiles tls, List<String> args) {
        List<String> cmd = new ArrayList<>(List.of("docker", "run", "--rm", "--pull", "never", "--network", "none",
                "--user", uid() + ":" + gid(), "-e", "CAROOT=/tls",
                "-v", tls.dir() + ":/tls", "sgregistry/mkcert:" + imageTag));
        args.forEach(a -> cmd.add(a.equals("CERT") ? "/tls/front.pem" : a.equals("KEY") ? "/tls/front-key.pem" : a));
        return Processes.run(cmd, TIMEOUT);
    }

    private static String uid() {
        return idOf("-u");
    }

    private static String gid() {
        return idOf("-g");
    }

    private static String idOf(String flag) {
        Processes.Result r = Processes.run(List.of("id", flag), Duration.ofSeconds(10));
        if (!r.ok()) {
            throw new IllegalStateException("cannot find the current user's id: " + r.output());
        }
        return r.output().trim();
    }
}
