package io.redkeep.redis.event;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * UUIDv7 (RFC 9562) event ids: 48-bit Unix milliseconds, then a 12-bit counter that keeps
 * ids from one generator strictly increasing within a millisecond (RFC 9562 method 1),
 * then 62 random bits. Ids therefore sort by creation time, which keeps stream entries,
 * logs and database indexes in order.
 *
 * <p>
 * Random bits come from {@link ThreadLocalRandom}, not {@code SecureRandom}: event ids
 * need uniqueness, not secrecy, and {@code SecureRandom} may read {@code /dev/urandom} on
 * an event-loop thread.
 */
public final class EventIds {

    private static final EventIds DEFAULT = new EventIds(System::currentTimeMillis);

    private static final int COUNTER_BITS = 12;

    private static final long MAX_COUNTER = (1L << COUNTER_BITS) - 1;

    private final LongSupplier clock;

    private long lastMillis = -1;

    private long counter;

    EventIds(LongSupplier clock) {
        this.clock = clock;
    }

    /** A new UUIDv7 from the process-wide generator, as lower-case text. */
    public static String next() {
        return DEFAULT.nextUuid().toString();
    }

    /** The Unix millisecond timestamp carried by a UUIDv7. */
    public static long timestampMillis(UUID uuid) {
        if (uuid.version() != 7) {
            throw new IllegalArgumentException("not a UUIDv7: " + uuid);
        }
        return uuid.getMostSignificantBits() >>> 16;
    }

    UUID nextUuid() {
        long millis;
        long sequence;
        synchronized (this) {
            long now = this.clock.getAsLong();
            if (now > this.lastMillis) {
                this.lastMillis = now;
                // Start low with random bits so the counter rarely overflows yet is not
                // guessable from the previous id.
                this.counter = ThreadLocalRandom.current().nextLong(MAX_COUNTER / 2);
            }
            else if (this.counter < MAX_COUNTER) {
                // Same millisecond, or the clock went backwards: stay on lastMillis.
                this.counter++;
            }
            else {
                // Counter exhausted: borrow the next millisecond rather than lose order.
                this.lastMillis++;
                this.counter = 0;
            }
            millis = this.lastMillis;
            sequence = this.counter;
        }
        long msb = (millis << 16) | (0x7L << 12) | sequence;
        long lsb = (ThreadLocalRandom.current().nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb);
    }

}
