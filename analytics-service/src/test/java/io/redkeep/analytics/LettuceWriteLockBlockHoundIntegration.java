package io.redkeep.analytics;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Known allowance for this module's tests: Lettuce 6.8 guards every command write with
 * {@code SharedLock}, whose {@code incrementWriters} takes a {@code ReentrantLock} for a
 * counter update. When ingestion handlers and requests on different threads write to the
 * role's shared connection at once, one of them parks for the few microseconds the other
 * holds it. BlockHound turns that park into an error thrown inside Lettuce's lock, which
 * leaves the lock's writer count wrong and wedges the connection for good (every later
 * write parks; see redis/lettuce#3804 and #3880), so the tests would measure BlockHound's
 * side effect rather than the service. Anything else that blocks still fails the test.
 */
public class LettuceWriteLockBlockHoundIntegration implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside("io.lettuce.core.protocol.SharedLock", "incrementWriters");
    }

}
