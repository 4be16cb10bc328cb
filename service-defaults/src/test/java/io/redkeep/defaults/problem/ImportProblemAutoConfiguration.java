package io.redkeep.defaults.problem;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;

/**
 * Lets tests in other packages import the package-private problem auto-configuration.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ImportAutoConfiguration(ProblemAutoConfiguration.class)
public @interface ImportProblemAutoConfiguration {

    /** For {@code ApplicationContextRunner}s. */
    Class<?> AUTO_CONFIGURATION = ProblemAutoConfiguration.class;

}
