package io.redkeep.gateway.ratelimit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;

/**
 * The live set of policies. Rebinds {@code redkeep.gateway.rate-limits.policies} when the
 * environment changes (configuration refresh, {@code /actuator/refresh}), swapping the
 * whole set at once; a refresh that does not bind or validate keeps the previous set.
 */
public class RateLimitPolicies implements ApplicationListener<EnvironmentChangeEvent> {

    private static final Logger logger = LoggerFactory.getLogger(RateLimitPolicies.class);

    private final Environment environment;

    private final AtomicReference<List<RateLimitPolicy>> policies = new AtomicReference<>();

    public RateLimitPolicies(Map<String, RateLimitProperties.Policy> policies, Environment environment) {
        this.environment = environment;
        this.policies.set(compile(policies));
    }

    /** Every configured policy, by name order. */
    public List<RateLimitPolicy> all() {
        return this.policies.get();
    }

    /** The policies bound to a request, each with the route pattern that bound it. */
    public List<Applied> applicable(HttpMethod method, PathContainer path) {
        List<Applied> applied = new ArrayList<>(2);
        for (RateLimitPolicy policy : this.policies.get()) {
            String route = policy.match(method, path);
            if (route != null) {
                applied.add(new Applied(policy, route));
            }
        }
        return applied;
    }

    @Override
    public void onApplicationEvent(EnvironmentChangeEvent event) {
        if (event.getKeys().stream().noneMatch((key) -> key.startsWith(RateLimitProperties.PREFIX))) {
            return;
        }
        reload();
    }

    /** Rebinds the policies from the environment now. */
    public void reload() {
        try {
            RateLimitProperties properties = Binder.get(this.environment)
                .bindOrCreate(RateLimitProperties.PREFIX, Bindable.of(RateLimitProperties.class));
            List<RateLimitPolicy> compiled = compile(properties.policies());
            this.policies.set(compiled);
            logger.info("Rate-limit policies reloaded: {}", compiled);
        }
        catch (RuntimeException ex) {
            logger.error("Rate-limit policies not reloaded, keeping {}: {}", this.policies.get(), ex.toString());
        }
    }

    private static List<RateLimitPolicy> compile(Map<String, RateLimitProperties.Policy> policies) {
        List<RateLimitPolicy> compiled = new ArrayList<>();
        new TreeMap<>(policies).forEach((name, policy) -> compiled.add(RateLimitPolicy.of(name, policy)));
        return List.copyOf(compiled);
    }

    /**
     * A policy bound to one request.
     *
     * @param policy the policy
     * @param route the route pattern that bound it (the subject of {@link KeyPart#ROUTE})
     */
    public record Applied(RateLimitPolicy policy, String route) {

    }

}
