package io.redkeep.defaults.observability;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * BlockHound allowances for one-time, cached reads that happen on an event loop the first
 * time a path is used: message bundles that Hibernate Validator and Spring's message
 * source load lazily when the first constraint fails; the SCRAM nonce of a new PostgreSQL
 * connection. Found by BlockHound itself (tests of every module that depends on
 * service-defaults pick this up through the service file). Anything else that blocks
 * still fails the test.
 */
public class ServiceDefaultsBlockHoundIntegration implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder
            .allowBlockingCallsInside("org.hibernate.validator.resourceloading.PlatformResourceBundleLocator",
                    "loadBundle")
            .allowBlockingCallsInside("org.hibernate.validator.internal.engine.ValidatorFactoryImpl", "getValidator")
            .allowBlockingCallsInside("org.springframework.context.support.ResourceBundleMessageSource", "doGetBundle")
            // R2DBC's SCRAM login draws its client nonce from SecureRandom, which refills
            // a
            // small buffer from /dev/urandom (never blocks) on whichever thread opens a
            // connection: after a PostgreSQL restart, an event loop. Refusing it aborted
            // the
            // handshake half-way and left server-side connections behind ("too many
            // clients").
            .allowBlockingCallsInside("com.ongres.scram.common.ScramFunctions", "nonce");
    }

}
