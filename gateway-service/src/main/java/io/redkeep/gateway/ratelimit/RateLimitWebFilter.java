package io.redkeep.gateway.ratelimit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.redkeep.gateway.auth.EdgePrincipal;
import io.redkeep.gateway.client.ClientOrigin;
import io.redkeep.defaults.problem.ProblemCode;
import io.redkeep.gateway.error.GatewayProblemException;
import io.redkeep.redis.RedisKeys;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Applies the policies bound to a request before it is routed: builds each policy's
 * hash-tagged key ({@code tk:rl:{u:<id>}:search}, {@code tk:rl:{ip:<ip>}:login}), lets
 * the {@link DistributedRateLimiter} decide, adds the draft-10 headers, and answers
 * {@code 429 rate_limited} or {@code 503 service_unavailable} itself.
 */
public class RateLimitWebFilter implements WebFilter, Ordered {

    /**
     * After the session is resolved (so policies can count by user) and before it is
     * enforced (so anonymous requests are limited by IP before a 401).
     */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 40;

    private final RateLimitPolicies policies;

    private final DistributedRateLimiter limiter;

    private final RedisKeys keys;

    private final String apiKeyHeader;

    public RateLimitWebFilter(RateLimitPolicies policies, DistributedRateLimiter limiter, RedisKeys keys,
            String apiKeyHeader) {
        this.policies = policies;
        this.limiter = limiter;
        this.keys = keys;
        this.apiKeyHeader = apiKeyHeader;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        List<RateLimitPolicies.Applied> applied = this.policies.applicable(request.getMethod(),
                request.getPath().pathWithinApplication());
        if (applied.isEmpty()) {
            return chain.filter(exchange);
        }
        List<PolicyRequest> requests = requests(exchange, applied);
        return this.limiter.decide(requests).flatMap((decision) -> {
            exchange.getAttributes().put(RateLimitDecision.ATTRIBUTE, decision);
            return switch (decision.verdict()) {
                case ADMITTED -> {
                    RateLimitHeaders.write(decision, exchange.getResponse().getHeaders());
                    yield chain.filter(exchange);
                }
                case REJECTED -> Mono.error(rejected(decision));
                case UNAVAILABLE -> Mono.error(unavailable());
            };
        });
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    private List<PolicyRequest> requests(ServerWebExchange exchange, List<RateLimitPolicies.Applied> applied) {
        EdgePrincipal principal = EdgePrincipal.of(exchange);
        String ip = ClientOrigin.of(exchange).ip();
        String apiKey = exchange.getRequest().getHeaders().getFirst(this.apiKeyHeader);
        List<PolicyRequest> requests = new ArrayList<>(applied.size());
        for (RateLimitPolicies.Applied policy : applied) {
            List<String> subject = subject(policy, principal, ip, apiKey);
            if (subject != null) {
                RedisKeys.Builder key = this.keys.key("rl").tag(subject.get(0)).part(policy.policy().name());
                for (int i = 1; i < subject.size(); i++) {
                    key.part(subject.get(i));
                }
                requests.add(new PolicyRequest(policy.policy(), key.build()));
            }
        }
        return requests;
    }

    /**
     * The subject parts of a policy's key, or {@code null} when the policy does not
     * apply.
     */
    private static List<String> subject(RateLimitPolicies.Applied applied, EdgePrincipal principal, String ip,
            String apiKey) {
        List<String> parts = new ArrayList<>(applied.policy().key().size());
        for (KeyPart part : applied.policy().key()) {
            String value = switch (part) {
                case USER -> (principal != null) ? "u:" + principal.userId() : null;
                case IP -> "ip:" + ip;
                case USER_OR_IP -> (principal != null) ? "u:" + principal.userId() : "ip:" + ip;
                case API_KEY -> (apiKey != null && !apiKey.isBlank()) ? "k:" + RedisKeys.sha256Hex(apiKey) : null;
                case ROUTE -> "r:" + RedisKeys.sha256Hex(applied.route()).substring(0, 16);
            };
            if (value == null) {
                return null;
            }
            parts.add(value);
        }
        return parts;
    }

    private static GatewayProblemException rejected(RateLimitDecision decision) {
        HttpHeaders headers = new HttpHeaders();
        RateLimitHeaders.write(decision, headers);
        List<String> violated = decision.violatedPolicies();
        return new GatewayProblemException(ProblemCode.RATE_LIMITED,
                "Rate limit exceeded: " + String.join(", ", violated), headers, Map.of("violatedPolicies", violated));
    }

    private static GatewayProblemException unavailable() {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, "1");
        return new GatewayProblemException(ProblemCode.SERVICE_UNAVAILABLE, "Rate limits cannot be checked right now",
                headers, Map.of());
    }

}
