package io.redkeep.gateway.routing;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

/**
 * The instances of every service with a circuit breaker each, and round-robin choice
 * among those whose breaker lets calls through.
 */
public class Backends {

    private final Map<String, Service> services = new ConcurrentHashMap<>();

    private final CircuitBreakerRegistry breakers;

    public Backends(ServicesProperties properties) {
        ServicesProperties.Breaker breaker = properties.breaker();
        this.breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
            .failureRateThreshold(breaker.failureRateThreshold())
            .slidingWindowSize(breaker.slidingWindowSize())
            .minimumNumberOfCalls(breaker.minimumNumberOfCalls())
            .waitDurationInOpenState(breaker.waitInOpenState())
            // only failures to get an answer count; a backend's own 4xx/5xx is an answer
            .recordException(Backends::isUnreachable)
            .build());
        properties.services().forEach((name, service) -> {
            List<Instance> instances = new ArrayList<>();
            for (URI uri : service.instances()) {
                instances.add(new Instance(uri, this.breakers.circuitBreaker(name + "@" + uri.getAuthority())));
            }
            this.services.put(name, new Service(List.copyOf(instances), new AtomicInteger()));
        });
    }

    /**
     * The next instance of a service whose breaker is not open, or the next one at all
     * when every breaker is open (its breaker then refuses the call at once).
     */
    public Instance next(String service) {
        Service entry = this.services.get(service);
        if (entry == null || entry.instances.isEmpty()) {
            throw new IllegalStateException("no instance configured for service '" + service + "'");
        }
        int size = entry.instances.size();
        int start = Math.floorMod(entry.counter.getAndIncrement(), size);
        for (int i = 0; i < size; i++) {
            Instance candidate = entry.instances.get((start + i) % size);
            if (candidate.breaker.getState() != CircuitBreaker.State.OPEN) {
                return candidate;
            }
        }
        return entry.instances.get(start);
    }

    public CircuitBreakerRegistry breakers() {
        return this.breakers;
    }

    static boolean isUnreachable(Throwable ex) {
        for (Throwable cause = ex; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (cause instanceof java.net.ConnectException || cause instanceof io.netty.channel.ConnectTimeoutException
                    || cause instanceof TimeoutException
                    || cause instanceof org.springframework.cloud.gateway.support.TimeoutException) {
                return true;
            }
        }
        return false;
    }

    /**
     * One instance of a service.
     *
     * @param uri its base URI
     * @param breaker its circuit breaker
     */
    public record Instance(URI uri, CircuitBreaker breaker) {

    }

    private record Service(List<Instance> instances, AtomicInteger counter) {

    }

}
