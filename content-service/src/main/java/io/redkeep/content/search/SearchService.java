package io.redkeep.content.search;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.redkeep.content.item.Kind;
import io.redkeep.defaults.problem.DatabaseFailures;
import io.redkeep.defaults.problem.ProblemCode;
import io.redkeep.defaults.problem.ProblemException;
import io.redkeep.redis.cache.CacheResult;
import reactor.core.publisher.Mono;

/**
 * Answers searches from the per-user cache, computing a page from PostgreSQL on a miss
 * (or directly when Redis is unavailable).
 */
public class SearchService {

    private final SearchStore store;

    private final SearchCache cache;

    private final Duration databaseTimeout;

    public SearchService(SearchStore store, SearchCache cache, Duration databaseTimeout) {
        this.store = store;
        this.cache = cache;
        this.databaseTimeout = databaseTimeout;
    }

    public Mono<CacheResult<SearchPage>> search(UUID userId, SearchRequest request) {
        return this.cache.get(userId.toString(), request.hash(), () -> load(userId, request));
    }

    /**
     * As {@link #search}, answering the page as JSON: a HIT serves the stored text
     * without decoding and re-encoding the page.
     */
    public Mono<CacheResult<String>> searchJson(UUID userId, SearchRequest request) {
        return this.cache.getJson(userId.toString(), request.hash(), () -> load(userId, request));
    }

    Mono<SearchPage> load(UUID userId, SearchRequest request) {
        Mono<List<SearchStore.Row>> hits = this.store.hits(userId, request).collectList();
        Mono<Map<String, Long>> facets = this.store.facets(userId, request);
        return Mono.zip(hits, facets)
            .map((both) -> page(request, both.getT1(), both.getT2()))
            .timeout(this.databaseTimeout)
            .onErrorMap(DatabaseFailures::isUnavailable, DatabaseFailures::unavailable);
    }

    private static SearchPage page(SearchRequest request, List<SearchStore.Row> rows, Map<String, Long> counts) {
        boolean more = rows.size() > request.limit();
        List<SearchStore.Row> shown = more ? rows.subList(0, request.limit()) : rows;
        List<SearchPage.Hit> items = shown.stream()
            .map((row) -> new SearchPage.Hit(row.type(), row.id().toString(), row.title(),
                    Snippets.render(row.rawSnippet()), row.score(), row.tags(), row.updatedAt()))
            .toList();
        String nextCursor = null;
        if (more) {
            SearchStore.Row last = shown.get(shown.size() - 1);
            nextCursor = new SearchCursor(last.score(), last.id()).encode();
        }
        Map<String, Long> types = new LinkedHashMap<>();
        for (Kind kind : Kind.values()) {
            types.put(kind.singular(), counts.getOrDefault(kind.singular(), 0L));
        }
        return new SearchPage(request.q(), items, Map.of("types", types), nextCursor);
    }

}
