package io.redkeep.content;

import java.util.List;

import io.redkeep.content.file.BlobStore;
import io.redkeep.content.item.ItemKind;
import io.redkeep.content.item.ItemKinds;
import io.redkeep.content.item.ItemService;
import io.redkeep.content.item.ItemStore;
import io.redkeep.content.item.NulQueryGuard;
import io.redkeep.redis.outbox.OutboxRelay;
import io.redkeep.redis.outbox.OutboxWriter;
import io.redkeep.content.search.SearchCache;
import io.redkeep.content.search.SearchService;
import io.redkeep.content.search.SearchStore;
import io.redkeep.redis.cache.ReactiveCaches;
import io.redkeep.redis.event.EventCodec;
import io.redkeep.redis.stream.EventStreams;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.filter.reactive.ServerWebExchangeContextFilter;

/**
 * The content service's infrastructure beans; each can be replaced by the application.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ContentProperties.class)
class ContentConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ItemStore itemStore(DatabaseClient db) {
        return new ItemStore(db);
    }

    @Bean
    @ConditionalOnMissingBean
    ItemKinds itemKinds(List<ItemKind> kinds) {
        return new ItemKinds(kinds);
    }

    @Bean
    @ConditionalOnMissingBean
    OutboxWriter outboxWriter(DatabaseClient db, EventCodec codec) {
        return new OutboxWriter(db, codec, "content");
    }

    @Bean
    @ConditionalOnMissingBean
    OutboxRelay outboxRelay(DatabaseClient db, TransactionalOperator transactions, EventStreams streams,
            EventCodec codec, ContentProperties properties) {
        return new OutboxRelay(db, transactions, streams, codec, properties.outbox().interval(),
                properties.outbox().batchSize(), properties.outbox().retention());
    }

    @Bean
    @ConditionalOnMissingBean
    SearchCache searchCache(ReactiveCaches caches, ContentProperties properties) {
        ContentProperties.Search search = properties.search();
        return new SearchCache(caches, search.ttl(), search.jitter(), search.staleRetryInterval());
    }

    @Bean
    @ConditionalOnMissingBean
    SearchStore searchStore(DatabaseClient db) {
        return new SearchStore(db);
    }

    @Bean
    @ConditionalOnMissingBean
    SearchService searchService(SearchStore store, SearchCache cache, ContentProperties properties) {
        return new SearchService(store, cache, properties.databaseTimeout());
    }

    @Bean
    @ConditionalOnMissingBean
    ItemService itemService(ItemStore store, OutboxWriter outbox, OutboxRelay relay, SearchCache searchCache,
            TransactionalOperator transactions, EventCodec codec, ContentProperties properties) {
        return new ItemService(store, outbox, relay, searchCache, transactions, codec, properties.databaseTimeout());
    }

    @Bean
    @ConditionalOnMissingBean
    BlobStore blobStore(ContentProperties properties) {
        return new BlobStore(properties.storageDir());
    }

    @Bean
    @ConditionalOnMissingBean
    NulQueryGuard nulQueryGuard() {
        return new NulQueryGuard();
    }

    @Bean
    @ConditionalOnMissingBean
    ServerWebExchangeContextFilter serverWebExchangeContextFilter() {
        return new ServerWebExchangeContextFilter();
    }

}
