package io.redkeep.redis.cache;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CacheEntryTests {

    @Test
    void roundTripsThroughItsStoredForm() {
        CacheEntry entry = new CacheEntry(1_700_000_000_000L, 42, "{\"a\":\"b:c\"}");
        assertThat(CacheEntry.decode(entry.encode())).isEqualTo(entry);
    }

    @Test
    void foreignValuesAreNotEntries() {
        assertThat(CacheEntry.decode("plain")).isNull();
        assertThat(CacheEntry.decode("x:y:{}")).isNull();
        assertThat(CacheEntry.decode("12:")).isNull();
    }

    @Test
    void farFromExpiryIsNeverRecomputedEarly() {
        CacheEntry entry = new CacheEntry(1_000_000, 10, "1");
        for (int i = 0; i < 10_000; i++) {
            assertThat(entry.shouldRecompute(0, 1.0)).isFalse();
        }
    }

    @Test
    void expiredIsAlwaysRecomputed() {
        assertThat(new CacheEntry(1_000, 10, "1").shouldRecompute(1_000, 1.0)).isTrue();
    }

    @Test
    void nearExpiryOnlySomeCallersRecompute() {
        // 50 ms left, the value took 100 ms to compute: XFetch triggers when
        // -100 * ln(r) >= 50, that is with probability e^(-0.5), about 61%.
        CacheEntry entry = new CacheEntry(1_050, 100, "1");
        int recomputed = 0;
        for (int i = 0; i < 10_000; i++) {
            recomputed += entry.shouldRecompute(1_000, 1.0) ? 1 : 0;
        }
        assertThat(recomputed).isBetween(5_500, 6_600);
    }

    @Test
    void betaZeroDisablesEarlyRecomputation() {
        assertThat(new CacheEntry(1_001, 1_000_000, "1").shouldRecompute(1_000, 0)).isFalse();
    }

}
