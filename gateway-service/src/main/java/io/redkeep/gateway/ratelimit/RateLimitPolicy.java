package io.redkeep.gateway.ratelimit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * A configured policy checked and resolved once: its refill interval, burst and the
 * routes it is bound to. Instances are immutable and replaced as a whole on reload.
 */
public final class RateLimitPolicy {

    private final String name;

    private final RateLimitProperties.Policy config;

    private final int burst;

    private final double intervalMicros;

    private final List<Route> routes;

    private final String[] scriptArguments;

    private RateLimitPolicy(String name, RateLimitProperties.Policy config, List<Route> routes) {
        this.name = name;
        this.config = config;
        this.burst = (config.burst() != null) ? config.burst() : config.limit();
        this.intervalMicros = (config.rate() != null) ? 1_000_000d / config.rate()
                : micros(config.window()) / (double) config.limit();
        this.routes = routes;
        this.scriptArguments = new String[] { Integer.toString(config.algorithm().code()),
                Integer.toString(config.limit()), Long.toString(micros(config.window())), Integer.toString(this.burst),
                Integer.toString(config.cost()), Double.toString(this.intervalMicros) };
    }

    /**
     * Resolves a configured policy, refusing combinations the script cannot honour.
     * @throws IllegalArgumentException when the policy is inconsistent
     */
    public static RateLimitPolicy of(String name, RateLimitProperties.Policy config) {
        if (!name.matches("[a-z0-9][a-z0-9._-]{0,63}")) {
            throw new IllegalArgumentException("rate-limit policy name '" + name + "' must be lower-case letters, "
                    + "digits, '.', '_' or '-' (at most 64)");
        }
        if (config.window().compareTo(Duration.ofMillis(1)) < 0) {
            throw new IllegalArgumentException("rate-limit policy '" + name + "': window must be at least 1ms");
        }
        List<Route> routes = new ArrayList<>();
        for (String route : config.routes()) {
            routes.add(Route.parse(name, route));
        }
        RateLimitPolicy policy = new RateLimitPolicy(name, config, List.copyOf(routes));
        int capacity = config.algorithm().rateBased() ? policy.burst : config.limit();
        if (config.cost() > capacity) {
            throw new IllegalArgumentException("rate-limit policy '" + name + "': cost " + config.cost()
                    + " exceeds what the policy can ever admit (" + capacity + ")");
        }
        return policy;
    }

    public String name() {
        return this.name;
    }

    public Algorithm algorithm() {
        return this.config.algorithm();
    }

    public int limit() {
        return this.config.limit();
    }

    public Duration window() {
        return this.config.window();
    }

    /** Capacity of a rate-based policy; {@code limit} for windowed ones. */
    public int burst() {
        return this.burst;
    }

    /** Microseconds between two tokens of a rate-based policy. */
    public double intervalMicros() {
        return this.intervalMicros;
    }

    public List<KeyPart> key() {
        return this.config.key();
    }

    public int cost() {
        return this.config.cost();
    }

    public FailureMode failureMode() {
        return this.config.failureMode();
    }

    public boolean headers() {
        return this.config.headers();
    }

    /**
     * The policy's six arguments of {@code rate-limit.lua} (algorithm, limit, window,
     * burst, cost, interval), formatted once; callers copy, never modify.
     */
    String[] scriptArguments() {
        return this.scriptArguments;
    }

    /** The first bound route pattern matching the request, or {@code null}. */
    public String match(HttpMethod method, PathContainer path) {
        for (Route route : this.routes) {
            if ((route.method == null || route.method.equals(method)) && route.pattern.matches(path)) {
                return route.pattern.getPatternString();
            }
        }
        return null;
    }

    static long micros(Duration duration) {
        return duration.toNanos() / 1000;
    }

    @Override
    public String toString() {
        return this.name + "[" + algorithm() + " " + limit() + "/" + window() + "]";
    }

    private record Route(HttpMethod method, PathPattern pattern) {

        static Route parse(String policy, String route) {
            String trimmed = route.trim();
            int space = trimmed.indexOf(' ');
            String method = (space > 0) ? trimmed.substring(0, space) : null;
            String path = (space > 0) ? trimmed.substring(space + 1).trim() : trimmed;
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException(
                        "rate-limit policy '" + policy + "': route '" + route + "' must be [METHOD] /path-pattern");
            }
            return new Route((method != null) ? HttpMethod.valueOf(method.toUpperCase(Locale.ROOT)) : null,
                    PathPatternParser.defaultInstance.parse(path));
        }

    }

}
