package io.redkeep.redis.health;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.lettuce.core.RedisURI;
import io.lettuce.core.codec.StringCodec;
import io.redkeep.redis.RedisRoleClient;
import reactor.core.publisher.Mono;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Health of one Redis role: PING latency, the server's replication role and connected
 * replicas, memory against {@code maxmemory}, evicted keys, the breaker state and, for
 * Sentinel roles, the master address the sentinels report. DOWN when Redis does not
 * answer or the breaker is open; OUT_OF_SERVICE when the role's connection reaches a
 * replica.
 */
public final class RedisRoleHealthIndicator implements ReactiveHealthIndicator {

    private final RedisRoleClient role;

    private final List<RedisURI> sentinels;

    private final String master;

    private final Duration timeout;

    public RedisRoleHealthIndicator(RedisRoleClient role, List<RedisURI> sentinels, String master, Duration timeout) {
        this.role = role;
        this.sentinels = sentinels;
        this.master = master;
        this.timeout = timeout;
    }

    @Override
    public Mono<Health> health() {
        Health.Builder builder = Health.up().withDetail("breaker", this.role.breakerState());
        Mono<Health.Builder> server = this.role.mono((commands) -> {
            long started = System.nanoTime();
            return commands.ping()
                .map((pong) -> (System.nanoTime() - started) / 1_000_000.0)
                .zipWith(commands.info("replication"), (ping, replication) -> {
                    Map<String, String> info = InfoParser.parse(replication);
                    return builder.withDetail("pingMillis", ping)
                        .withDetail("role", info.getOrDefault("role", "unknown"))
                        .withDetail("connectedReplicas", Integer.parseInt(info.getOrDefault("connected_slaves", "0")));
                })
                .zipWith(commands.info("memory"), (health, memory) -> withMemory(health, InfoParser.parse(memory)))
                .zipWith(commands.info("stats"), (health, stats) -> health.withDetail("evictedKeys",
                        Long.parseLong(InfoParser.parse(stats).getOrDefault("evicted_keys", "0"))));
        });
        return server.flatMap(this::withSentinelMaster)
            .map((health) -> health.build())
            .map(RedisRoleHealthIndicator::checkRole)
            .timeout(this.timeout)
            .onErrorResume((ex) -> Mono.just(Health.down(ex).withDetail("breaker", this.role.breakerState()).build()));
    }

    private static String describe(SocketAddress address) {
        return (address instanceof InetSocketAddress inet) ? inet.getHostString() + ":" + inet.getPort()
                : String.valueOf(address);
    }

    private static Health.Builder withMemory(Health.Builder health, Map<String, String> memory) {
        long used = Long.parseLong(memory.getOrDefault("used_memory", "0"));
        long max = Long.parseLong(memory.getOrDefault("maxmemory", "0"));
        health.withDetail("usedMemory", used).withDetail("maxMemory", max);
        if (max > 0) {
            health.withDetail("memoryUsage", Math.round(used * 1000.0 / max) / 1000.0);
        }
        return health.withDetail("maxMemoryPolicy", memory.getOrDefault("maxmemory_policy", "unknown"));
    }

    private static Health checkRole(Health health) {
        Object role = health.getDetails().get("role");
        if ("master".equals(role)) {
            return health;
        }
        return Health.status(Status.OUT_OF_SERVICE).withDetails(health.getDetails()).build();
    }

    private Mono<Health.Builder> withSentinelMaster(Health.Builder health) {
        if (this.sentinels.isEmpty()) {
            return Mono.just(health);
        }
        return reportedMaster(0).map((address) -> health.withDetail("sentinelMaster", address))
            .defaultIfEmpty(health.withDetail("sentinelMaster", "unknown"));
    }

    private Mono<String> reportedMaster(int index) {
        if (index >= this.sentinels.size()) {
            return Mono.empty();
        }
        RedisURI sentinel = this.sentinels.get(index);
        return Mono
            .usingWhen(
                    Mono.fromCompletionStage(() -> this.role.client().connectSentinelAsync(StringCodec.UTF8, sentinel)),
                    (connection) -> connection.reactive()
                        .getMasterAddrByName(this.master)
                        .map(RedisRoleHealthIndicator::describe),
                    (connection) -> Mono.fromCompletionStage(connection.closeAsync()))
            .onErrorResume((ex) -> reportedMaster(index + 1));
    }

}
