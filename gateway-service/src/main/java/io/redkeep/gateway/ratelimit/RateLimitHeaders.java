package io.redkeep.gateway.ratelimit;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

import org.springframework.http.HttpHeaders;

/**
 * The draft-ietf-httpapi-ratelimit-headers-10 fields: {@code RateLimit-Policy} lists
 * every applied policy, {@code RateLimit} reports the one closest to exhaustion, and a
 * rejected request gets {@code Retry-After} in whole seconds (at least 1).
 */
final class RateLimitHeaders {

    static final String POLICY = "RateLimit-Policy";

    static final String RATE_LIMIT = "RateLimit";

    private static final Comparator<PolicyOutcome> CLOSEST_TO_EXHAUSTION = Comparator
        .comparingLong(PolicyOutcome::remaining)
        .thenComparing(PolicyOutcome::reset, Comparator.reverseOrder());

    private RateLimitHeaders() {
    }

    static void write(RateLimitDecision decision, HttpHeaders headers) {
        List<PolicyOutcome> shown = decision.outcomes().stream().filter((o) -> o.policy().headers()).toList();
        if (!shown.isEmpty()) {
            headers.set(POLICY, shown.stream().map(RateLimitHeaders::policy).collect(Collectors.joining(", ")));
            List<PolicyOutcome> candidates = decision.admitted() ? shown
                    : shown.stream().filter((o) -> !o.admitted()).toList();
            if (candidates.isEmpty()) {
                candidates = shown;
            }
            PolicyOutcome closest = candidates.stream().min(CLOSEST_TO_EXHAUSTION).orElseThrow();
            headers.set(RATE_LIMIT, "\"" + closest.policy().name() + "\";r=" + Math.max(0, closest.remaining()) + ";t="
                    + seconds(closest.reset()));
        }
        if (decision.verdict() == RateLimitDecision.Verdict.REJECTED) {
            headers.set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds(decision)));
        }
    }

    /** The longest wait among the violated policies, in whole seconds, at least 1. */
    static long retryAfterSeconds(RateLimitDecision decision) {
        Duration longest = decision.outcomes()
            .stream()
            .filter((o) -> !o.admitted())
            .map(PolicyOutcome::retryAfter)
            .max(Comparator.naturalOrder())
            .orElse(Duration.ofSeconds(1));
        return Math.max(1, seconds(longest));
    }

    private static String policy(PolicyOutcome outcome) {
        return "\"" + outcome.policy().name() + "\";q=" + outcome.policy().limit() + ";w="
                + seconds(outcome.policy().window());
    }

    private static long seconds(Duration duration) {
        long millis = duration.toMillis();
        return (millis + 999) / 1000;
    }

}
