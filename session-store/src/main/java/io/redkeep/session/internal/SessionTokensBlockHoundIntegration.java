package io.redkeep.session.internal;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Lets {@code SessionTokens} seed its DRBG from the operating system once, whichever
 * thread first loads the class (a gateway's event loop, typically); later calls never
 * read from the operating system.
 */
public class SessionTokensBlockHoundIntegration implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside("io.redkeep.session.SessionTokens", "seededRandom");
    }

}
