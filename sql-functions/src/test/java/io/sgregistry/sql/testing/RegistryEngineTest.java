package io.sgregistry.sql.testing;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test class that needs the registry database and nothing else of the stack: a
 * {@code RegistryDatabase} (or {@link RegistryEngine}) parameter is injected, a disposable engine
 * migrated in-process, shared by the test JVM.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RegistryEngineExtension.class)
public @interface RegistryEngineTest {
}
