package io.redkeep.gateway.ratelimit;

import java.util.List;

/**
 * The verdict on one request across all of its policies.
 *
 * @param verdict admitted, rejected (429) or unavailable (503: a fail-closed policy could
 * not be decided)
 * @param outcomes one per policy that could be decided
 * @param fallback whether the in-memory fallback decided instead of Redis
 */
public record RateLimitDecision(Verdict verdict, List<PolicyOutcome> outcomes, boolean fallback) {

    /** Exchange attribute holding the request's decision, for the access log. */
    public static final String ATTRIBUTE = RateLimitDecision.class.getName();

    public static final RateLimitDecision NONE = new RateLimitDecision(Verdict.ADMITTED, List.of(), false);

    public boolean admitted() {
        return this.verdict == Verdict.ADMITTED;
    }

    /** Policies that refused the request. */
    public List<String> violatedPolicies() {
        return this.outcomes.stream().filter((outcome) -> !outcome.admitted()).map((o) -> o.policy().name()).toList();
    }

    /** The three ways a request can leave the limiter. */
    public enum Verdict {

        ADMITTED, REJECTED, UNAVAILABLE

    }

}
