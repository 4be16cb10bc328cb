package io.redkeep.redis.health;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import io.redkeep.redis.KitFixture;
import io.redkeep.redis.RedisKitProperties;
import io.redkeep.redis.internal.RoleUris;
import io.redkeep.testsupport.RedisSentinelGroup;
import io.redkeep.testsupport.RedisServer;
import io.redkeep.testsupport.TestTags;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

@Tag(TestTags.REDIS)
class RedisRoleHealthIndicatorIntegrationTests {

    @Test
    void upWithServerFiguresThenDownWhenStopped() {
        try (RedisServer server = RedisServer.builder().config("maxmemory", "64mb").start();
                KitFixture kit = KitFixture.on(server)) {
            RedisRoleHealthIndicator indicator = new RedisRoleHealthIndicator(kit.roles().state(), List.of(), null,
                    Duration.ofSeconds(2));
            // The first connection of a JVM can be slow on a loaded machine; health has a
            // deadline.
            StepVerifier.create(kit.roles().state().mono((commands) -> commands.ping()))
                .expectNext("PONG")
                .verifyComplete();
            StepVerifier.create(indicator.health()).assertNext((health) -> {
                assertThat(health.getStatus()).as(health.getDetails().toString()).isEqualTo(Status.UP);
                assertThat(health.getDetails()).containsEntry("role", "master")
                    .containsEntry("connectedReplicas", 0)
                    .containsEntry("maxMemory", 64L * 1024 * 1024)
                    .containsEntry("evictedKeys", 0L)
                    .containsEntry("breaker", "CLOSED")
                    .containsKeys("pingMillis", "usedMemory", "memoryUsage");
            }).verifyComplete();
            server.stop();
            StepVerifier.create(indicator.health())
                .assertNext((health) -> assertThat(health.getStatus()).isEqualTo(Status.DOWN))
                .verifyComplete();
        }
    }

    @Test
    @Tag(TestTags.SENTINEL)
    void sentinelRoleReportsTheMasterTheSentinelsSee() {
        try (RedisSentinelGroup group = RedisSentinelGroup.start()) {
            String sentinels = group.sentinels()
                .stream()
                .map((node) -> node.host() + ":" + node.port())
                .collect(Collectors.joining(","));
            String[] properties = { "state.mode=sentinel", "state.nodes=" + sentinels,
                    "state.master=" + group.masterName() };
            try (KitFixture kit = KitFixture.with(java.util.Map.of(), properties)) {
                RedisKitProperties.Role role = new Binder(new MapConfigurationPropertySource(
                        java.util.Map.of("redkeep.redis.state.mode", "sentinel", "redkeep.redis.state.nodes", sentinels,
                                "redkeep.redis.state.master", group.masterName())))
                    .bindOrCreate(RedisKitProperties.PREFIX, RedisKitProperties.class)
                    .state();
                RedisRoleHealthIndicator indicator = new RedisRoleHealthIndicator(kit.roles().state(),
                        RoleUris.sentinels(role), group.masterName(), Duration.ofSeconds(5));
                String master = group.master().host() + ":" + group.master().port();
                StepVerifier.create(indicator.health()).assertNext((health) -> {
                    assertThat(health.getStatus()).isEqualTo(Status.UP);
                    assertThat(health.getDetails()).containsEntry("sentinelMaster", master)
                        .containsEntry("role", "master");
                    assertThat((Integer) health.getDetails().get("connectedReplicas")).isPositive();
                }).verifyComplete();
            }
        }
    }

}
