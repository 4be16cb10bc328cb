package io.redkeep.analytics;

import java.time.Clock;

import io.redkeep.analytics.challenge.ChallengeStore;
import io.redkeep.analytics.challenge.Leaderboards;
import io.redkeep.analytics.dashboard.DashboardStore;
import io.redkeep.analytics.dashboard.Dashboards;
import io.redkeep.analytics.ingest.DerivedState;
import io.redkeep.analytics.ingest.EventApplier;
import io.redkeep.analytics.ingest.EventIngestion;
import io.redkeep.analytics.rebuild.DerivedStateRebuild;
import io.redkeep.analytics.rebuild.RebuildRunner;
import io.redkeep.analytics.rebuild.RollupReplay;
import io.redkeep.analytics.recommend.Recommendations;
import io.redkeep.analytics.streak.Streaks;
import io.redkeep.analytics.trending.TrendingTags;
import io.redkeep.redis.RedisRoles;
import io.redkeep.redis.cache.ReactiveCaches;
import io.redkeep.redis.event.EventCodec;
import io.redkeep.redis.stream.EventStreams;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * The analytics service's beans; each can be replaced by the application (tests replace
 * the clock).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AnalyticsProperties.class)
class AnalyticsConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    @ConditionalOnMissingBean
    EventApplier eventApplier(DatabaseClient db, TransactionalOperator transactions) {
        return new EventApplier(db, transactions);
    }

    @Bean
    @ConditionalOnMissingBean
    Streaks streaks(DatabaseClient db, RedisRoles redis, Clock clock) {
        return new Streaks(db, redis, clock);
    }

    @Bean
    @ConditionalOnMissingBean
    DashboardStore dashboardStore(DatabaseClient db) {
        return new DashboardStore(db);
    }

    @Bean
    @ConditionalOnMissingBean
    Dashboards dashboards(DashboardStore store, Streaks streaks, ReactiveCaches caches, AnalyticsProperties properties,
            Clock clock) {
        return new Dashboards(store, streaks, caches, properties.cache().dashboard(), clock);
    }

    @Bean
    @ConditionalOnMissingBean
    ChallengeStore challengeStore(DatabaseClient db) {
        return new ChallengeStore(db);
    }

    @Bean
    @ConditionalOnMissingBean
    Leaderboards leaderboards(ChallengeStore store, RedisRoles redis) {
        return new Leaderboards(store, redis);
    }

    @Bean
    @ConditionalOnMissingBean
    TrendingTags trendingTags(DatabaseClient db, RedisRoles redis, ReactiveCaches caches,
            AnalyticsProperties properties, Clock clock) {
        return new TrendingTags(db, redis, caches, properties.cache().trending(), clock);
    }

    @Bean
    @ConditionalOnMissingBean
    Recommendations recommendations(DatabaseClient db, ReactiveCaches caches, AnalyticsProperties properties,
            Clock clock) {
        return new Recommendations(db, caches, properties.cache().recommendations(), clock);
    }

    @Bean
    @ConditionalOnMissingBean
    DerivedState derivedState(Dashboards dashboards, Streaks streaks, Leaderboards leaderboards,
            TrendingTags trending) {
        return new DerivedState(dashboards, streaks, leaderboards, trending);
    }

    @Bean
    @ConditionalOnMissingBean
    EventIngestion eventIngestion(EventStreams streams, EventApplier applier, DerivedState derived,
            AnalyticsProperties properties) {
        return new EventIngestion(streams, applier, derived, properties.ingestion().group(),
                properties.ingestion().enabled());
    }

    @Bean
    @ConditionalOnMissingBean
    DerivedStateRebuild derivedStateRebuild(Streaks streaks, Leaderboards leaderboards, TrendingTags trending,
            Clock clock) {
        return new DerivedStateRebuild(streaks, leaderboards, trending, clock);
    }

    @Bean
    @ConditionalOnMissingBean
    RollupReplay rollupReplay(DatabaseClient db, RedisRoles redis, EventStreams streams, EventCodec codec,
            EventApplier applier) {
        return new RollupReplay(db, redis, streams, codec, applier);
    }

    @Bean
    @ConditionalOnMissingBean
    RebuildRunner rebuildRunner(DerivedStateRebuild rebuild, RollupReplay replay,
            ConfigurableApplicationContext context) {
        return new RebuildRunner(rebuild, replay, context);
    }

}
