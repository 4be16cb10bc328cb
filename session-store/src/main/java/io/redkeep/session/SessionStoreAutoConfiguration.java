package io.redkeep.session;

import io.redkeep.redis.RedisRoles;
import io.redkeep.redis.event.EventCodec;
import io.redkeep.redis.pubsub.RedisPubSub;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The session store, its revocation publisher and the gateways' revocation feed, on top
 * of the kit's {@link RedisRoles} and {@link RedisPubSub}.
 */
@AutoConfiguration(afterName = { "io.redkeep.redis.RedisKitAutoConfiguration",
        "io.redkeep.redis.event.EventCodecAutoConfiguration", "io.redkeep.redis.pubsub.PubSubAutoConfiguration" })
@ConditionalOnBean({ RedisRoles.class, RedisPubSub.class, EventCodec.class })
@EnableConfigurationProperties(SessionStoreProperties.class)
class SessionStoreAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    SessionRevocationPublisher sessionRevocationPublisher(RedisPubSub pubSub, RedisRoles redis, EventCodec codec,
            Environment environment) {
        return new SessionRevocationPublisher(pubSub, redis.keys(), codec,
                environment.getProperty("spring.application.name", "redkeep"));
    }

    @Bean
    @ConditionalOnMissingBean
    SessionRevocations sessionRevocations(RedisPubSub pubSub, RedisRoles redis, EventCodec codec) {
        return new SessionRevocations(pubSub, redis.keys(), codec);
    }

    @Bean
    @ConditionalOnMissingBean
    SessionStore sessionStore(RedisRoles redis, SessionStoreProperties properties,
            SessionRevocationPublisher publisher) {
        return new SessionStore(redis, properties, publisher);
    }

}
