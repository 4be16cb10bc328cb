package io.redkeep.defaults.observability;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * BlockHound allowances for one-time, cached reads that happen on an event loop the first
 * time a path is used: message bundles that Hibernate Validator and Spring's message
 * source load lazily when the first constraint fails; and the SCRAM nonce of a new
 * PostgreSQL connection, whose {@code SecureRandom} (NativePRNG) refills its small buffer
 * from {@code /dev/urandom} when the buffer is older than 100 ms (a read that never
 * waits, once per connection the R2DBC pool opens). Found by BlockHound itself (tests of
 * every module that depends on service-defaults pick this up through the service file).
 * Anything else that blocks still fails the test.
 */
public class ServiceDefaultsBlockHoundIntegration implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder
            .allowBlockingCallsInside("org.hibernate.validator.resourceloading.PlatformResourceBundleLocator",
                    "loadBundle")
            .allowBlockingCallsInside("org.hibernate.validator.internal.engine.ValidatorFactoryImpl", "getValidator")
            .allowBlockingCallsInside("org.springframework.context.support.ResourceBundleMessageSource", "doGetBundle")
            .allowBlockingCallsInside("com.ongres.scram.common.ScramFunctions", "nonce")
            // Lettuce 6.8 guards each command write with SharedLock, whose counter update
            // takes a ReentrantLock for microseconds; two threads writing to one shared
            // connection at once park briefly. Refusing that park throws inside the lock,
            // leaves its writer count wrong and wedges the connection for good (found by
            // analytics-service's ingestion under load).
            .allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "incrementWriters");
    }

}
