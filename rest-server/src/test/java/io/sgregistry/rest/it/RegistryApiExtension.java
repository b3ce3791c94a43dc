package io.sgregistry.rest.it;

import io.sgregistry.sql.testing.RegistryEngineExtension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/** Gives tests the test JVM's one {@link RegistryApiServer}, started on first use and closed after the last test. */
final class RegistryApiExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(RegistryApiExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
        return p.getParameter().getType() == RegistryApiServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext c) {
        var registry = RegistryEngineExtension.registry(c);
        return c.getRoot().getStore(NS).getOrComputeIfAbsent(RegistryApiServer.class, k -> {
            try {
                return RegistryApiServer.start(registry);
            } catch (Exception e) {
                throw new IllegalStateException("cannot start registry-api in-process: " + e.getMessage(), e);
            }
        }, RegistryApiServer.class);
    }
}
