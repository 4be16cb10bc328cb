package io.redkeep.content;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * The tests' WebClient draws multipart boundaries from {@code SecureRandom}, which may
 * read {@code /dev/urandom} on an event loop. That is the test client, not the service.
 */
public class MultipartClientBlockHoundIntegration implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside("org.springframework.util.MimeTypeUtils", "generateMultipartBoundary");
    }

}
