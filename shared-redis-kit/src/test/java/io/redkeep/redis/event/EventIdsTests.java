package io.redkeep.redis.event;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EventIdsTests {

    @Test
    void idsAreVersion7WithTheRfcVariantAndCarryTheirTimestamp() {
        long before = System.currentTimeMillis();
        UUID uuid = UUID.fromString(EventIds.next());
        long after = System.currentTimeMillis();
        assertThat(uuid.version()).isEqualTo(7);
        assertThat(uuid.variant()).isEqualTo(2);
        assertThat(EventIds.timestampMillis(uuid)).isBetween(before, after);
    }

    @Test
    void textOrderIsGenerationOrderWithinOneMillisecondAndAcrossCounterOverflow() {
        AtomicLong clock = new AtomicLong(1_700_000_000_000L);
        EventIds ids = new EventIds(clock::get);
        List<String> generated = new ArrayList<>();
        // 10,000 ids in one millisecond exhausts the 12-bit counter at least once.
        for (int i = 0; i < 10_000; i++) {
            generated.add(ids.nextUuid().toString());
        }
        assertThat(generated).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void aClockGoingBackwardsDoesNotBreakOrder() {
        AtomicLong clock = new AtomicLong(1_700_000_000_500L);
        EventIds ids = new EventIds(clock::get);
        String first = ids.nextUuid().toString();
        clock.set(1_700_000_000_000L);
        String second = ids.nextUuid().toString();
        clock.set(1_700_000_001_000L);
        String third = ids.nextUuid().toString();
        assertThat(List.of(first, second, third)).isSorted();
        assertThat(EventIds.timestampMillis(UUID.fromString(third))).isEqualTo(1_700_000_001_000L);
    }

    @Test
    void idsAreUniqueAcrossThreads() throws InterruptedException {
        var seen = java.util.Collections.synchronizedSet(new HashSet<String>());
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 5_000; i++) {
                    seen.add(EventIds.next());
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(seen).hasSize(20_000);
    }

}
