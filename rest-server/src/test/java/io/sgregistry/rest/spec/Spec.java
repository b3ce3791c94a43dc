package io.sgregistry.rest.spec;

import io.sgregistry.sql.testing.RegistryEngineExtension;
import io.sgregistry.testpostgres.EngineContainer;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class of ported PostgREST spec cases: a {@link SpecClient} parameter talks to the one
 * in-process rest-server over the spec fixtures, started on first use and shared by every class. The
 * fixtures live in a database of their own on the test JVM's disposable engine (no Compose stack).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(Spec.Resolver.class)
public @interface Spec {
    /** The server's {@code db.max_rows}; 0: the default (PostgREST's QueryLimitedSpec runs with 2). */
    int maxRows() default 0;

    /** The server's {@code server.cors_allowed_origins}; none: any origin (PostgREST's default). */
    String[] corsAllowedOrigins() default {};

    /** The schema the server exposes (PostgREST's UnicodeSpec exposes one named in Arabic). */
    String schema() default "test";

    /**
     * The server's {@code db.tx_end}: PostgREST's suite runs with rollback-allow-override (nothing a case
     * writes stays), its RollbackSpec also with commit and rollback.
     */
    String txEnd() default "rollback-allow-override";

    /** The server's {@code db.pre_request} function; none by default (HttpHeaderSpec, RpcPreRequestGucsSpec set one). */
    String preRequest() default "";

    /** The server's {@code db.aggregates_enabled}: off by default, as PostgREST's (AggregateFunctionsSpec turns it on). */
    boolean aggregates() default false;

    /** The server's {@code db.plan_enabled}: off by default, as PostgREST's db-plan-enabled (PlanSpec turns it on). */
    boolean plan() default false;

    final class Resolver implements ParameterResolver {
        private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(Spec.class);

        @Override
        public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
            return p.getParameter().getType() == SpecClient.class;
        }

        @Override
        public Object resolveParameter(ParameterContext p, ExtensionContext c) {
            EngineContainer engine = RegistryEngineExtension.registry(c).engine();
            ExtensionContext.Store store = c.getRoot().getStore(NS);
            SpecServer.Fixtures fixtures = store.getOrComputeIfAbsent("fixtures", k -> {
                try {
                    return SpecServer.load(engine);
                } catch (Exception e) {
                    throw new IllegalStateException("cannot load the spec fixtures: " + e.getMessage(), e);
                }
            }, SpecServer.Fixtures.class);
            // A @Nested class has its own @Spec (RollbackSpec runs one server per db.tx_end).
            Spec spec = c.getRequiredTestClass().getAnnotation(Spec.class);
            SpecServer.Options options = spec == null ? SpecServer.Options.DEFAULT : new SpecServer.Options(spec.maxRows(),
                    java.util.List.of(spec.corsAllowedOrigins()), spec.schema(), spec.txEnd(), spec.preRequest(), spec.aggregates(), spec.plan());
            SpecServer server = store.getOrComputeIfAbsent("server-" + options, k -> {
                try {
                    return SpecServer.start(fixtures, options);
                } catch (Exception e) {
                    throw new IllegalStateException("cannot start the spec server: " + e.getMessage(), e);
                }
            }, SpecServer.class);
            return new SpecClient(server);
        }
    }
}
