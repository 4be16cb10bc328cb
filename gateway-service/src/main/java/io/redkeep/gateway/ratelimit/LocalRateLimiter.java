package io.redkeep.gateway.ratelimit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * The in-memory limiter an instance falls back to while Redis cannot decide: each
 * instance admits its share ({@code limit / expectedInstances}, at least 1), windowed
 * policies as a fixed window and rate-based ones as a token bucket. Like the script, it
 * decides all of a request's policies together and a rejected request consumes nothing.
 */
class LocalRateLimiter {

    private final int expectedInstances;

    private final LongSupplier clockMicros;

    private final Cache<String, long[]> state;

    LocalRateLimiter(int expectedInstances, LongSupplier clockMicros, int maximumKeys) {
        this.expectedInstances = expectedInstances;
        this.clockMicros = clockMicros;
        this.state = Caffeine.newBuilder().maximumSize(maximumKeys).expireAfterAccess(Duration.ofHours(1)).build();
        // load the cache's classes now rather than on the first request after Redis fails
        this.state.get("", (key) -> new long[2]);
        this.state.invalidate("");
    }

    LocalRateLimiter(int expectedInstances) {
        this(expectedInstances, () -> System.nanoTime() / 1000, 100_000);
    }

    // A short critical section over in-memory state only: it never waits on I/O.
    synchronized List<PolicyOutcome> decide(List<PolicyRequest> requests) {
        long now = this.clockMicros.getAsLong();
        List<Check> checks = new ArrayList<>(requests.size());
        boolean admitted = true;
        for (PolicyRequest request : requests) {
            long[] slot = this.state.get(request.localKey() + "|" + request.policy().name(), (k) -> new long[2]);
            Check check = request.policy().algorithm().rateBased() ? bucket(request.policy(), slot, now)
                    : window(request.policy(), slot, now);
            checks.add(check);
            admitted &= check.outcome.admitted();
        }
        List<PolicyOutcome> outcomes = new ArrayList<>(checks.size());
        for (Check check : checks) {
            if (admitted) {
                check.slot[0] = check.next[0];
                check.slot[1] = check.next[1];
            }
            outcomes.add(check.outcome);
        }
        return outcomes;
    }

    int share(int limit) {
        return Math.max(1, limit / this.expectedInstances);
    }

    // slot: {window index, count}
    private Check window(RateLimitPolicy policy, long[] slot, long now) {
        long window = RateLimitPolicy.micros(policy.window());
        long index = now / window;
        long count = (slot[0] == index) ? slot[1] : 0;
        int limit = share(policy.limit());
        Duration reset = Duration.ofNanos(((index + 1) * window - now) * 1000);
        if (count + policy.cost() <= limit) {
            return new Check(slot, new long[] { index, count + policy.cost() },
                    new PolicyOutcome(policy, true, limit - count - policy.cost(), reset, Duration.ZERO));
        }
        return new Check(slot, slot, new PolicyOutcome(policy, false, Math.max(0, limit - count), reset, reset));
    }

    // slot: {micro-tokens, last refill}; an empty slot is a full bucket
    private Check bucket(RateLimitPolicy policy, long[] slot, long now) {
        int burst = share(policy.burst());
        double interval = policy.intervalMicros() * this.expectedInstances;
        double tokens = burst;
        if (slot[1] != 0) {
            tokens = Math.min(burst, slot[0] / 1e6 + Math.max(0, now - slot[1]) / interval);
        }
        if (tokens >= policy.cost()) {
            double left = tokens - policy.cost();
            return new Check(slot, new long[] { (long) (left * 1e6), now }, new PolicyOutcome(policy, true, (long) left,
                    Duration.ofNanos((long) ((burst - left) * interval * 1000)), Duration.ZERO));
        }
        Duration retry = Duration.ofNanos((long) ((policy.cost() - tokens) * interval * 1000));
        return new Check(slot, slot, new PolicyOutcome(policy, false, (long) tokens, retry, retry));
    }

    private record Check(long[] slot, long[] next, PolicyOutcome outcome) {

    }

}
