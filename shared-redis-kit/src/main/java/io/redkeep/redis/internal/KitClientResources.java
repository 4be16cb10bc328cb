package io.redkeep.redis.internal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.resource.DefaultClientResources;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The one Lettuce {@link ClientResources} (event loops, timers) both roles share, with
 * command latency going to Micrometer and a reconnect delay capped at one second so a
 * failed-over master is found quickly.
 */
public final class KitClientResources {

    private KitClientResources() {
    }

    public static ClientResources create(MeterRegistry registry) {
        CommandLatencyRecorder recorder = (registry != null) ? new CommandLatencyTimers(registry)
                : CommandLatencyRecorder.disabled();
        return DefaultClientResources.builder()
            .commandLatencyRecorder(recorder)
            .reconnectDelay(Delay.fullJitter(Duration.ofMillis(50), Duration.ofSeconds(1), 100, TimeUnit.MILLISECONDS))
            .build();
    }

}
