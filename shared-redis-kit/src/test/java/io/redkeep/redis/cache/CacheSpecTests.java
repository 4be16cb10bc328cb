package io.redkeep.redis.cache;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class CacheSpecTests {

    @Test
    void defaultsAreNonGenerationalWithTenPercentJitter() {
        CacheSpec<String> spec = CacheSpec.of("profile", String.class, Duration.ofMinutes(15));
        assertThat(spec.generational()).isFalse();
        assertThat(spec.jitter()).isEqualTo(0.1);
        assertThat(spec.beta()).isEqualTo(1.0);
        assertThat(spec.withGenerations().generational()).isTrue();
    }

    @Test
    void genericTypesKeepTheirArguments() {
        CacheSpec<List<String>> spec = CacheSpec.of("search", new TypeReference<List<String>>() {
        }, Duration.ofMinutes(5));
        assertThat(spec.type().getTypeName()).isEqualTo("java.util.List<java.lang.String>");
    }

    @Test
    void rejectsNonsense() {
        assertThatIllegalArgumentException().isThrownBy(() -> CacheSpec.of("x", String.class, Duration.ZERO));
        assertThatIllegalArgumentException()
            .isThrownBy(() -> CacheSpec.of("x", String.class, Duration.ofSeconds(1)).jitter(0.9));
        assertThatIllegalArgumentException()
            .isThrownBy(() -> CacheSpec.of("x", String.class, Duration.ofSeconds(1)).beta(-1));
    }

}
