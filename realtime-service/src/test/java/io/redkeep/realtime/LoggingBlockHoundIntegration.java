package io.redkeep.realtime;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * Two service instances log to one console in these tests; Logback's appender lock then
 * parks an event-loop thread now and then. That is the test harness's contention, not the
 * service's: allowed here as in the kit's tests.
 */
public class LoggingBlockHoundIntegration implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        builder.allowBlockingCallsInside("ch.qos.logback.core.OutputStreamAppender", "writeBytes");
        builder.allowBlockingCallsInside("ch.qos.logback.core.OutputStreamAppender", "subAppend");
    }

}
