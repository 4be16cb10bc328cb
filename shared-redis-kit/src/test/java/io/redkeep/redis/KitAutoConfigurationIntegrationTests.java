package io.redkeep.redis;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.redkeep.redis.cache.ReactiveCaches;
import io.redkeep.redis.event.EventCodec;
import io.redkeep.redis.event.EventEnvelope;
import io.redkeep.redis.pubsub.ChannelSignal.Message;
import io.redkeep.redis.pubsub.ChannelSignal.Subscribed;
import io.redkeep.redis.pubsub.RedisPubSub;
import io.redkeep.redis.stream.EventStreams;
import io.redkeep.redis.stream.StreamConsumer;
import io.redkeep.redis.stream.StreamEvent;
import io.redkeep.testsupport.RedisServer;
import io.redkeep.testsupport.TestTags;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;
import tools.jackson.databind.node.JsonNodeFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbesAutoConfiguration;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.ReactiveHealthContributorRegistry;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * All five kit auto-configurations as a service gets them (from the
 * {@code AutoConfiguration.imports} file) in one context against a real server: every
 * public bean exists, health reports both roles, and pub/sub and streams carry an event
 * end to end.
 */
@Tag(TestTags.REDIS)
class KitAutoConfigurationIntegrationTests {

    private static final List<String> KIT_AUTO_CONFIGURATIONS = List.of("io.redkeep.redis.RedisKitAutoConfiguration",
            "io.redkeep.redis.health.RedisHealthAutoConfiguration",
            "io.redkeep.redis.event.EventCodecAutoConfiguration", "io.redkeep.redis.pubsub.PubSubAutoConfiguration",
            "io.redkeep.redis.stream.StreamsAutoConfiguration");

    private static final Duration ROUND_TRIP = Duration.ofSeconds(20);

    private final RedisServer server = RedisServer.shared();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(kitAutoConfigurations()))
        .withConfiguration(AutoConfigurations.of(HealthContributorRegistryAutoConfiguration.class,
                HealthEndpointAutoConfiguration.class, ApplicationAvailabilityAutoConfiguration.class,
                AvailabilityProbesAutoConfiguration.class))
        .withPropertyValues("management.endpoint.health.probes.enabled=true",
                "redkeep.redis.state.nodes=" + this.server.host() + ":" + this.server.port(),
                "redkeep.redis.cache.nodes=" + this.server.host() + ":" + this.server.port(),
                // The first connection of a loaded build JVM can take seconds.
                "redkeep.redis.state.connect-timeout=10s", "redkeep.redis.cache.connect-timeout=10s",
                "redkeep.redis.streams.block=200ms");

    @Test
    void theImportsFileListsExactlyTheFiveKitAutoConfigurations() {
        List<String> imported = ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader())
            .getCandidates()
            .stream()
            .filter((name) -> name.startsWith("io.redkeep."))
            .toList();
        assertThat(imported).containsExactlyInAnyOrderElementsOf(KIT_AUTO_CONFIGURATIONS);
    }

    @Test
    void everyPublicBeanAndBothHealthContributorsExist() {
        this.runner.run((context) -> {
            assertThat(context).hasNotFailed()
                .hasSingleBean(RedisRoles.class)
                .hasSingleBean(ReactiveCaches.class)
                .hasSingleBean(EventCodec.class)
                .hasSingleBean(RedisPubSub.class)
                .hasSingleBean(EventStreams.class);
            ReactiveHealthContributorRegistry registry = context.getBean(ReactiveHealthContributorRegistry.class);
            for (String contributor : List.of("redisState", "redisCache")) {
                assertThat(registry.getContributor(contributor)).as(contributor)
                    .isInstanceOf(ReactiveHealthIndicator.class);
                StepVerifier.create(((ReactiveHealthIndicator) registry.getContributor(contributor)).health())
                    .assertNext((health) -> assertThat(health.getStatus()).as(contributor).isEqualTo(Status.UP))
                    .verifyComplete();
            }
            HealthEndpointGroups groups = context.getBean(HealthEndpointGroups.class);
            assertThat(groups.get("readiness").isMember("redisState")).isTrue();
        });
    }

    @Test
    void anEventMakesThePubSubAndStreamRoundTrips() {
        this.runner.run((context) -> {
            RedisPubSub pubSub = context.getBean(RedisPubSub.class);
            RedisKeys keys = context.getBean(RedisRoles.class).keys();
            EventEnvelope event = EventEnvelope.create("kit.tested", 1, "kit-tests", null, null,
                    JsonNodeFactory.instance.objectNode().put("n", 1));

            String channel = keys.key("notifications").tag(UUID.randomUUID().toString()).build();
            StepVerifier.create(pubSub.subscribe(channel))
                .expectNext(new Subscribed(channel))
                .then(() -> pubSub.publish(channel, event).subscribe())
                .expectNext(new Message(channel, null, event))
                .thenCancel()
                .verify(ROUND_TRIP);

            EventStreams streams = context.getBean(EventStreams.class);
            String stream = "test-" + UUID.randomUUID();
            Sinks.Many<StreamEvent> handled = Sinks.many().replay().all();
            StreamConsumer consumer = streams.consume(stream, "kit-tests",
                    (received) -> Mono.fromRunnable(() -> handled.tryEmitNext(received)));
            try {
                StepVerifier.create(streams.append(stream, event)).expectNextCount(1).verifyComplete();
                StepVerifier.create(handled.asFlux())
                    .assertNext((received) -> assertThat(received.event()).isEqualTo(event))
                    .thenCancel()
                    .verify(ROUND_TRIP);
                StepVerifier.create(consumer.shutdown()).verifyComplete();
            }
            finally {
                consumer.dispose();
                StepVerifier.create(
                        context.getBean(RedisRoles.class).state().mono((commands) -> commands.del(streams.key(stream))))
                    .expectNext(1L)
                    .verifyComplete();
            }
        });
    }

    private static Class<?>[] kitAutoConfigurations() {
        return KIT_AUTO_CONFIGURATIONS.stream()
            .map((name) -> ClassUtils.resolveClassName(name,
                    KitAutoConfigurationIntegrationTests.class.getClassLoader()))
            .toArray(Class<?>[]::new);
    }

}
