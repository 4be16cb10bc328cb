package io.redkeep.redis.pubsub;

import java.time.Duration;
import java.util.Map;

import io.redkeep.redis.RedisRole;
import io.redkeep.redis.stream.StreamsProperties;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PubSubPropertiesTests {

    @Test
    void bindsDefaultsThatMatchTheDocumentedOnes() {
        assertThat(bind(Map.of(), PubSubProperties.PREFIX, PubSubProperties.class))
            .isEqualTo(PubSubProperties.defaults());
        assertThat(bind(Map.of(), StreamsProperties.PREFIX, StreamsProperties.class))
            .isEqualTo(StreamsProperties.defaults());
    }

    @Test
    void bindsFromRelaxedNames() {
        PubSubProperties properties = bind(
                Map.of("redkeep.redis.pubsub.role", "cache", "redkeep.redis.pubsub.buffer-size", "16",
                        "redkeep.redis.pubsub.probe-interval", "500ms"),
                PubSubProperties.PREFIX, PubSubProperties.class);
        assertThat(properties.role()).isEqualTo(RedisRole.CACHE);
        assertThat(properties.bufferSize()).isEqualTo(16);
        assertThat(properties.probeInterval()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void refusesAProbeThatCouldNotDetectLossWithinFiveSeconds() {
        assertThatExceptionOfType(BindException.class)
            .isThrownBy(() -> bind(Map.of("redkeep.redis.pubsub.probe-interval", "3s"), PubSubProperties.PREFIX,
                    PubSubProperties.class))
            .havingRootCause()
            .withMessageContaining("probe-interval must be at most 2s");
        assertThatExceptionOfType(BindException.class)
            .isThrownBy(() -> bind(Map.of("redkeep.redis.pubsub.probe-timeout", "4s"), PubSubProperties.PREFIX,
                    PubSubProperties.class))
            .havingRootCause()
            .withMessageContaining("probe-timeout");
        assertThatExceptionOfType(BindException.class)
            .isThrownBy(() -> bind(Map.of("redkeep.redis.pubsub.buffer-size", "0"), PubSubProperties.PREFIX,
                    PubSubProperties.class))
            .havingRootCause()
            .withMessageContaining("buffer-size");
    }

    @Test
    void refusesAHandlerTimeoutThatWouldRaceTheReclaim() {
        assertThatExceptionOfType(BindException.class)
            .isThrownBy(() -> bind(Map.of("redkeep.redis.streams.handler-timeout", "60s"), StreamsProperties.PREFIX,
                    StreamsProperties.class))
            .havingRootCause()
            .withMessageContaining("handler-timeout must be shorter than claim-idle");
    }

    private static <T> T bind(Map<String, String> values, String prefix, Class<T> type) {
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate(prefix, type);
    }

}
