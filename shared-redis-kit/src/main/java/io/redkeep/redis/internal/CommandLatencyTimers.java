package io.redkeep.redis.internal;

import java.net.SocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.protocol.ProtocolKeyword;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Records Lettuce command latency as Micrometer timers named
 * {@code redkeep.redis.command.completion} and
 * {@code redkeep.redis.command.first-response} (Prometheus:
 * {@code redkeep_redis_command_*}), tagged by command. Timers are created once per
 * command type so the hot path is a map lookup and a record.
 */
public final class CommandLatencyTimers implements CommandLatencyRecorder {

    static final String COMPLETION = "redkeep.redis.command.completion";

    static final String FIRST_RESPONSE = "redkeep.redis.command.first-response";

    private final MeterRegistry registry;

    private final ConcurrentMap<String, Timer[]> timers = new ConcurrentHashMap<>();

    public CommandLatencyTimers(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void recordCommandLatency(SocketAddress local, SocketAddress remote, ProtocolKeyword commandType,
            long firstResponseLatency, long completionLatency) {
        Timer[] pair = this.timers.computeIfAbsent(commandType.toString(), this::timersFor);
        pair[0].record(firstResponseLatency, TimeUnit.NANOSECONDS);
        pair[1].record(completionLatency, TimeUnit.NANOSECONDS);
    }

    private Timer[] timersFor(String command) {
        return new Timer[] {
                Timer.builder(FIRST_RESPONSE)
                    .description("Time until the first reply byte of a Redis command")
                    .tag("command", command)
                    .register(this.registry),
                Timer.builder(COMPLETION)
                    .description("Time until a Redis command completed")
                    .tag("command", command)
                    .register(this.registry) };
    }

}
