package io.redkeep.gateway.ratelimit;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Header formats of draft-ietf-httpapi-ratelimit-headers-10 and policy validation.
 */
class RateLimitHeadersTests {

    private final RateLimitPolicy general = Limiters.policy("general", Algorithm.SLIDING_WINDOW, 300,
            Duration.ofSeconds(60), null);

    private final RateLimitPolicy search = Limiters.policy("search", Algorithm.FIXED_WINDOW, 100,
            Duration.ofSeconds(60), null);

    @Test
    void admittedRequestsReportThePolicyWithTheFewestRemaining() {
        HttpHeaders headers = new HttpHeaders();
        RateLimitHeaders.write(new RateLimitDecision(RateLimitDecision.Verdict.ADMITTED,
                List.of(outcome(this.general, true, 250, 30_000, 0), outcome(this.search, true, 42, 16_100, 0)), false),
                headers);
        assertThat(headers.getFirst("RateLimit-Policy")).isEqualTo("\"general\";q=300;w=60, \"search\";q=100;w=60");
        assertThat(headers.getFirst("RateLimit")).isEqualTo("\"search\";r=42;t=17");
        assertThat(headers.containsHeader("Retry-After")).isFalse();
    }

    @Test
    void rejectedRequestsReportTheViolatedPolicyAndWaitForTheLongestRetry() {
        HttpHeaders headers = new HttpHeaders();
        RateLimitHeaders.write(new RateLimitDecision(RateLimitDecision.Verdict.REJECTED,
                List.of(outcome(this.general, true, 0, 1_000, 0), outcome(this.search, false, 0, 2_500, 2_500)), false),
                headers);
        assertThat(headers.getFirst("RateLimit")).isEqualTo("\"search\";r=0;t=3");
        assertThat(headers.getFirst("Retry-After")).isEqualTo("3");
    }

    @Test
    void retryAfterIsAtLeastOneSecond() {
        HttpHeaders headers = new HttpHeaders();
        RateLimitHeaders.write(new RateLimitDecision(RateLimitDecision.Verdict.REJECTED,
                List.of(outcome(this.search, false, 0, 0, 0)), false), headers);
        assertThat(headers.getFirst("Retry-After")).isEqualTo("1");
    }

    @Test
    void policiesWithHeadersSwitchedOffAreLeftOut() {
        RateLimitPolicy quiet = RateLimitPolicy.of("quiet", new RateLimitProperties.Policy(Algorithm.GCRA, 5,
                Duration.ofSeconds(1), null, null, List.of(KeyPart.IP), 1, FailureMode.OPEN, false, List.of("/**")));
        HttpHeaders headers = new HttpHeaders();
        RateLimitHeaders.write(
                new RateLimitDecision(RateLimitDecision.Verdict.ADMITTED,
                        List.of(outcome(quiet, true, 0, 100, 0), outcome(this.search, true, 99, 100, 0)), false),
                headers);
        assertThat(headers.getFirst("RateLimit-Policy")).isEqualTo("\"search\";q=100;w=60");
        assertThat(headers.getFirst("RateLimit")).isEqualTo("\"search\";r=99;t=1");
    }

    @Test
    void policiesThatCouldNeverAdmitAreRefused() {
        assertThatIllegalArgumentException()
            .isThrownBy(() -> RateLimitPolicy.of("big", new RateLimitProperties.Policy(Algorithm.TOKEN_BUCKET, 10,
                    Duration.ofSeconds(1), 2, null, List.of(KeyPart.USER), 3, FailureMode.OPEN, true, List.of("/**"))));
        assertThatIllegalArgumentException().isThrownBy(() -> RateLimitPolicy.of("Bad Name",
                new RateLimitProperties.Policy(Algorithm.FIXED_WINDOW, 10, Duration.ofSeconds(1), null, null,
                        List.of(KeyPart.USER), 1, FailureMode.OPEN, true, List.of("/**"))));
        assertThatIllegalArgumentException().isThrownBy(() -> RateLimitPolicy.of("route",
                new RateLimitProperties.Policy(Algorithm.FIXED_WINDOW, 10, Duration.ofSeconds(1), null, null,
                        List.of(KeyPart.USER), 1, FailureMode.OPEN, true, List.of("GET api/search"))));
    }

    @Test
    void theRateOverridesLimitOverWindowForTheRefill() {
        RateLimitPolicy policy = RateLimitPolicy.of("rate", new RateLimitProperties.Policy(Algorithm.TOKEN_BUCKET, 20,
                Duration.ofSeconds(60), null, 4.0, List.of(KeyPart.USER), 1, FailureMode.OPEN, true, List.of("/**")));
        assertThat(policy.intervalMicros()).isEqualTo(250_000d);
        assertThat(policy.burst()).isEqualTo(20);
    }

    private static PolicyOutcome outcome(RateLimitPolicy policy, boolean admitted, long remaining, long resetMillis,
            long retryMillis) {
        return new PolicyOutcome(policy, admitted, remaining, Duration.ofMillis(resetMillis),
                Duration.ofMillis(retryMillis));
    }

}
