package io.redkeep.defaults.observability;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * BlockHound allowances, each found by BlockHound itself in this project's tests (every
 * module that depends on service-defaults picks them up through the service file):
 * one-time, cached work done on an event loop the first time a path is used (message
 * bundles that Hibernate Validator and Spring's message source load lazily when the first
 * constraint fails; Jackson building a type's deserializer); the SCRAM nonce of a new
 * PostgreSQL connection, whose {@code SecureRandom} (NativePRNG) refills its small buffer
 * from {@code /dev/urandom} when the buffer is older than 100 ms (a read that never
 * waits, once per connection the R2DBC pool opens); and locks held for microseconds
 * around a few field updates (Lettuce's writer count, Resilience4j's sliding windows),
 * where two threads at once park briefly. Anything else that blocks still fails the test.
 */
public class ServiceDefaultsBlockHoundIntegration implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder
            .allowBlockingCallsInside("org.hibernate.validator.resourceloading.PlatformResourceBundleLocator",
                    "loadBundle")
            .allowBlockingCallsInside("org.hibernate.validator.internal.engine.ValidatorFactoryImpl", "getValidator")
            .allowBlockingCallsInside("org.springframework.context.support.ResourceBundleMessageSource", "doGetBundle")
            // Jackson builds a type's deserializer once, under a ReentrantLock: two event
            // loops
            // reading their first value of one type at once park briefly (found in
            // realtime's
            // tests: two WebSocket clients parsing their first frames together).
            .allowBlockingCallsInside("tools.jackson.databind.deser.DeserializerCache",
                    "_createAndCacheValueDeserializer")
            .allowBlockingCallsInside("com.fasterxml.jackson.databind.deser.DeserializerCache",
                    "_createAndCacheValueDeserializer")
            .allowBlockingCallsInside("com.ongres.scram.common.ScramFunctions", "nonce")
            // Lettuce 6.8 guards each command write with SharedLock, whose counter update
            // takes a ReentrantLock for microseconds; two threads writing to one shared
            // connection at once park briefly. Refusing that park throws inside the lock,
            // leaves its writer count wrong and wedges the connection for good (found by
            // analytics-service's ingestion under load).
            .allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "incrementWriters")
            // Resilience4j 2.x circuit breakers (the kit's Redis breakers, the gateway's)
            // update
            // their sliding window under a ReentrantLock held for a few array writes; two
            // results recorded at once park briefly. Refusing that park threw inside the
            // breaker's onError, the error was dropped and the Redis call never completed
            // (found by realtime's Sentinel failover test: a publish during the failover
            // hung
            // and held up the connection's announce lane).
            .allowBlockingCallsInside("io.github.resilience4j.core.metrics.FixedSizeSlidingWindowMetrics", "record")
            .allowBlockingCallsInside("io.github.resilience4j.core.metrics.FixedSizeSlidingWindowMetrics",
                    "getSnapshot")
            .allowBlockingCallsInside("io.github.resilience4j.core.metrics.SlidingTimeWindowMetrics", "record")
            .allowBlockingCallsInside("io.github.resilience4j.core.metrics.SlidingTimeWindowMetrics", "getSnapshot");
    }

}
