package io.redkeep.gateway.ratelimit;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The in-memory fallback: each instance's share of the limit, all policies decided
 * together, nothing consumed by a rejected request.
 */
class LocalRateLimiterTests {

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);

    private final LocalRateLimiter limiter = new LocalRateLimiter(2, this.clock::get, 1000);

    @Test
    void aWindowedPolicyAdmitsItsShareThenResetsWithTheWindow() {
        RateLimitPolicy policy = Limiters.policy("w", Algorithm.SLIDING_LOG, 6, Duration.ofSeconds(10), null);
        PolicyRequest request = new PolicyRequest(policy, "k");
        assertThat(admitted(request, 10)).isEqualTo(3);
        this.clock.addAndGet(10_000_000);
        assertThat(admitted(request, 10)).isEqualTo(3);
    }

    @Test
    void aRateBasedPolicyRefillsAtItsShareOfTheRate() {
        // 10 per second, burst 4, over 2 instances: burst 2, one token every 200 ms
        RateLimitPolicy policy = Limiters.policy("r", Algorithm.TOKEN_BUCKET, 10, Duration.ofSeconds(1), 4);
        PolicyRequest request = new PolicyRequest(policy, "k");
        assertThat(admitted(request, 5)).isEqualTo(2);
        this.clock.addAndGet(200_000);
        assertThat(admitted(request, 5)).isEqualTo(1);
    }

    @Test
    void aRejectionByOnePolicyConsumesNothingFromTheOther() {
        RateLimitPolicy tight = Limiters.policy("tight", Algorithm.FIXED_WINDOW, 2, Duration.ofSeconds(60), null);
        RateLimitPolicy loose = Limiters.policy("loose", Algorithm.FIXED_WINDOW, 100, Duration.ofSeconds(60), null);
        List<PolicyRequest> both = List.of(new PolicyRequest(loose, "k"), new PolicyRequest(tight, "k"));
        for (int i = 0; i < 5; i++) {
            this.limiter.decide(both);
        }
        List<PolicyOutcome> looseOnly = this.limiter.decide(List.of(new PolicyRequest(loose, "k")));
        assertThat(looseOnly.get(0).remaining()).isEqualTo(50 - 1 - 1);
    }

    private int admitted(PolicyRequest request, int offered) {
        int admitted = 0;
        for (int i = 0; i < offered; i++) {
            if (this.limiter.decide(List.of(request)).get(0).admitted()) {
                admitted++;
            }
        }
        return admitted;
    }

}
