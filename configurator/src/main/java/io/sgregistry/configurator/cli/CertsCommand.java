package io.sgregistry.configurator.cli;

import io.sgregistry.configurator.Configurator;
import io.sgregistry.configurator.state.ConfigState;
import io.sgregistry.configurator.tls.TlsFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

@Command(name = "certs", mixinStandardHelpOptions = true,
        description = {"Make the local CA and the front door's certificate with mkcert, once, in tls/ beside the state file.",
                "Existing files are kept. mkcert runs on the host if installed, else in the sgregistry/mkcert image."})
final class CertsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StateOptions state;

    @Option(names = "--image-tag", paramLabel = "TAG",
            description = "Tag of the sgregistry/mkcert image (default: images.tag of the state file).")
    String imageTag;

    @Override
    public Integer call() {
        ConfigState s = state.load();
        boolean made = Configurator.ensureCertificates(s, imageTag);
        TlsFiles tls = TlsFiles.besideState(s.file());
        spec.commandLine().getOut().printf("%s %s (CA: %s; clients trust this CA file)%n",
                made ? "made a new certificate in" : "kept the existing certificate in", tls.dir(), tls.caCert());
        return 0;
    }
}
