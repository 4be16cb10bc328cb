package io.redkeep.content.item;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.redkeep.redis.outbox.OutboxRelay;
import io.redkeep.redis.outbox.OutboxWriter;
import io.redkeep.content.search.SearchCache;
import io.redkeep.defaults.problem.DatabaseFailures;
import io.redkeep.defaults.problem.ProblemCode;
import io.redkeep.defaults.problem.ProblemException;
import io.redkeep.redis.event.EventCodec;
import io.redkeep.redis.event.EventEnvelope;
import io.redkeep.redis.event.EventIds;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.filter.reactive.ServerWebExchangeContextFilter;

/**
 * Writes and reads items of every kind. A write commits the row change and its outbox
 * events in one transaction, then, before it is answered, bumps the user's search
 * generation and nudges the outbox relay.
 */
public class ItemService {

    /** The {@code source} of every envelope this service writes. */
    public static final String SOURCE = "content-service";

    private final ItemStore store;

    private final OutboxWriter outbox;

    private final OutboxRelay relay;

    private final SearchCache searchCache;

    private final TransactionalOperator transactions;

    private final EventCodec codec;

    private final Duration databaseTimeout;

    public ItemService(ItemStore store, OutboxWriter outbox, OutboxRelay relay, SearchCache searchCache,
            TransactionalOperator transactions, EventCodec codec, Duration databaseTimeout) {
        this.store = store;
        this.outbox = outbox;
        this.relay = relay;
        this.searchCache = searchCache;
        this.transactions = transactions;
        this.codec = codec;
        this.databaseTimeout = databaseTimeout;
    }

    public Mono<Item> create(ItemKind kind, UUID userId, Map<String, Object> values, List<String> tags) {
        return committed(userId, inTransaction(insert(kind, userId, values, tags)));
    }

    /**
     * Inserts a new item and its {@code content.created} event; call inside a
     * transaction.
     */
    public Mono<Item> insert(ItemKind kind, UUID userId, Map<String, Object> values, List<String> tags) {
        return Mono.defer(() -> {
            var now = Timestamps.now();
            Map<String, Object> row = new HashMap<>(values);
            kind.derive(Map.of(), row, now);
            Item item = new Item(kind.kind(), UUID.fromString(EventIds.next()), userId, row, tags, 1, now, now);
            return this.store.insert(kind, item)
                .flatMap((created) -> events(kind, created, "content.created", kind.extraEvents(Map.of(), row))
                    .thenReturn(created));
        });
    }

    public Mono<Item> find(ItemKind kind, UUID userId, UUID id) {
        return guarded(this.store.find(kind, userId, id)).switchIfEmpty(notFound(kind));
    }

    public Mono<Page<Item>> list(ItemKind kind, UUID userId, ItemStore.ListFilter filter, int limit,
            PageCursor cursor) {
        return guarded(this.store.list(kind, userId, filter, limit, cursor).collectList()).map((rows) -> {
            if (rows.size() <= limit) {
                return new Page<>(rows, null);
            }
            List<Item> items = rows.subList(0, limit);
            Item last = items.get(limit - 1);
            return new Page<>(List.copyOf(items), new PageCursor(last.createdAt(), last.id()).encode());
        });
    }

    /**
     * Applies a validated PATCH. {@code ifMatch} is the version the client expects, or
     * {@code null} for last-writer-wins; a stale one is {@code 412 version_conflict}.
     */
    public Mono<Item> update(ItemKind kind, UUID userId, UUID id, Preconditions ifMatch, Map<String, Object> changes,
            List<String> tags) {
        Mono<Item> write = this.store.lock(kind, userId, id).switchIfEmpty(notFound(kind)).flatMap((current) -> {
            if (!ifMatch.matches(current.version())) {
                return Mono.error(new ProblemException(ProblemCode.VERSION_CONFLICT,
                        "The " + kind.kind().singular() + " changed since version " + ifMatch.describe()
                                + "; it is now at version " + current.version()));
            }
            var now = Timestamps.now();
            Map<String, Object> all = new HashMap<>(changes);
            kind.derive(current.values(), all, now);
            return this.store.update(kind, current, all, tags, now)
                .flatMap((updated) -> events(kind, updated, "content.updated",
                        kind.extraEvents(current.values(), updated.values()))
                    .thenReturn(updated));
        });
        return committed(userId, inTransaction(write));
    }

    public Mono<Item> delete(ItemKind kind, UUID userId, UUID id) {
        Mono<Item> write = this.store.delete(kind, userId, id)
            .switchIfEmpty(notFound(kind))
            .flatMap((deleted) -> events(kind, deleted, "content.deleted", List.of()).thenReturn(deleted));
        return committed(userId, inTransaction(write))
            .flatMap((deleted) -> kind.afterDelete(deleted).onErrorResume((ex) -> Mono.empty()).thenReturn(deleted));
    }

    /** Runs {@code work} in one transaction, bounded by the database timeout. */
    public <T> Mono<T> inTransaction(Mono<T> work) {
        return guarded(this.transactions.transactional(work));
    }

    /**
     * After {@code write} committed: invalidates the user's searches and nudges the
     * relay, then emits the written value.
     */
    public <T> Mono<T> committed(UUID userId, Mono<T> write) {
        return write.flatMap((value) -> this.searchCache.invalidate(userId.toString())
            .then(Mono.fromRunnable(this.relay::nudge))
            .thenReturn(value));
    }

    private <T> Mono<T> guarded(Mono<T> database) {
        return database.timeout(this.databaseTimeout)
            .onErrorMap(DatabaseFailures::isUnavailable, DatabaseFailures::unavailable);
    }

    private Mono<Void> events(ItemKind kind, Item item, String type, List<String> extraTypes) {
        List<String> types = new ArrayList<>();
        types.add(type);
        types.addAll(extraTypes);
        return Mono.deferContextual((context) -> {
            String traceparent = ServerWebExchangeContextFilter.getExchange(context)
                .map((exchange) -> exchange.getRequest().getHeaders().getFirst("traceparent"))
                .orElse(null);
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("kind", kind.kind().singular());
            data.put("id", item.id().toString());
            data.put("title", item.values().get(kind.titleColumn()));
            data.put("tags", item.tags());
            kind.describe(item.values(), data);
            return Flux.fromIterable(types)
                .concatMap((eventType) -> this.outbox.add(EventEnvelope.create(eventType, 1, SOURCE,
                        item.userId().toString(), traceparent, this.codec.toData(data))))
                .then();
        });
    }

    private static <T> Mono<T> notFound(ItemKind kind) {
        return Mono.error(() -> new ProblemException(ProblemCode.NOT_FOUND, "No such " + kind.kind().singular()));
    }

}
