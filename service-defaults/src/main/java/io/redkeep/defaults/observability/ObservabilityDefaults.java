package io.redkeep.defaults.observability;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Observability defaults every service shares, added with the lowest precedence so any
 * {@code application.yml}, profile or environment variable overrides them.
 */
public class ObservabilityDefaults implements EnvironmentPostProcessor {

    static final String SOURCE_NAME = "redkeepServiceDefaults";

    static final Map<String, Object> DEFAULTS = Map.of("management.endpoints.web.exposure.include",
            "health,info,prometheus", "management.endpoint.health.probes.enabled", "true",
            "management.tracing.propagation.type", "w3c", "spring.reactor.context-propagation", "auto",
            "management.observations.annotations.enabled", "true");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.getPropertySources().contains(SOURCE_NAME)) {
            environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, DEFAULTS));
        }
    }

}
