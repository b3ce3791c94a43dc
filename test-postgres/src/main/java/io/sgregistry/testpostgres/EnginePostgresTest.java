package io.sgregistry.testpostgres;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test class that needs one PostgreSQL, not the Compose stack: an {@link EngineContainer}
 * parameter is injected (one disposable engine per test JVM, from the project's engine image).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(EnginePostgresExtension.class)
public @interface EnginePostgresTest {
}
