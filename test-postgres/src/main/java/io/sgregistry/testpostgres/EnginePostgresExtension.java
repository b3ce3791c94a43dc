package io.sgregistry.testpostgres;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests an {@link EngineContainer}: one per test JVM, started when a test first asks for it and
 * removed when the JVM's tests are done. Tests share it, so each uses its own database or names.
 */
public final class EnginePostgresExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(EnginePostgresExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == EngineContainer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return engine(extensionContext);
    }

    /** The JVM's shared engine (root store: closed after the last test). */
    public static EngineContainer engine(ExtensionContext context) {
        return context.getRoot().getStore(NS).getOrComputeIfAbsent(EngineContainer.class, k -> EngineContainer.start(),
                EngineContainer.class);
    }
}
