package io.redkeep.content.search;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import io.redkeep.content.item.Kind;
import io.redkeep.content.item.Timestamps;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.DatabaseClient.GenericExecuteSpec;

/**
 * Full-text search over every kind in one statement: a {@code UNION ALL} of the kinds'
 * GIN-indexed {@code search} columns, ranked with {@code ts_rank_cd}, paged by keyset on
 * (score, id); snippets come from {@code ts_headline} for the page's rows only.
 */
public class SearchStore {

    /**
     * Snippet markers: private-use characters the source text cannot contain (they are
     * stripped from it), turned into {@code <mark>} after HTML escaping. {@code <} and
     * {@code >} are swapped for two more so {@code ts_headline} does not drop what looks
     * like an HTML tag.
     */
    static final char MARK_START = '\uE000';

    static final char MARK_END = '\uE001';

    static final char LESS_THAN = '\uE002';

    static final char GREATER_THAN = '\uE003';

    private static final String QUERY = "websearch_to_tsquery('english', :q)";

    private static final String PREFIX_QUERY = "(" + QUERY
            + " || (websearch_to_tsquery('english', :head) && to_tsquery('simple', :prefix)))";

    private static final String HEADLINE_OPTIONS = "'StartSel=' || chr(57344) || ', StopSel=' || chr(57345) "
            + "|| ', MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=\" … \"'";

    private static final Map<Kind, String> BRANCHES = new EnumMap<>(Map.of(Kind.BOOKMARK,
            "SELECT 'bookmark' AS type, id, title, title || E'\\n' || description || E'\\n' || url AS body, tags, "
                    + "updated_at, search FROM bookmarks",
            Kind.TASK,
            "SELECT 'task' AS type, id, title, title || E'\\n' || description AS body, tags, updated_at, search "
                    + "FROM tasks",
            Kind.NOTE,
            "SELECT 'note' AS type, id, title, title || E'\\n' || content AS body, tags, updated_at, search "
                    + "FROM notes",
            Kind.FILE, "SELECT 'file' AS type, id, name AS title, name AS body, tags, updated_at, search FROM files"));

    private final DatabaseClient db;

    public SearchStore(DatabaseClient db) {
        this.db = db;
    }

    /** Up to {@code limit + 1} hits of the requested kinds after the cursor. */
    public Flux<Row> hits(UUID userId, SearchRequest request) {
        return hitsStatement("", userId, request).map((row) -> {
            String[] tags = row.get("tags", String[].class);
            return new Row(row.get("type", String.class), row.get("id", UUID.class), row.get("title", String.class),
                    row.get("snippet", String.class), row.get("score", Double.class),
                    (tags != null) ? List.copyOf(Arrays.asList(tags)) : List.of(),
                    Timestamps.format(row.get("updated_at", OffsetDateTime.class)));
        }).all();
    }

    /**
     * The statement {@link #hits} runs, values bound, after {@code prefix} (tests put
     * {@code EXPLAIN} there to see the plan PostgreSQL picks).
     */
    GenericExecuteSpec hitsStatement(String prefix, UUID userId, SearchRequest request) {
        String sql = prefix + "WITH q AS (SELECT " + query(request) + " AS query), hits AS ("
                + union(request, request.types()) + ") "
                + "SELECT type, id, title, tags, updated_at, score, ts_headline('english', translate(body, "
                + "'<>' || chr(57344) || chr(57345) || chr(57346) || chr(57347), chr(57346) || chr(57347)), "
                + "(SELECT query FROM q), " + HEADLINE_OPTIONS + ") AS snippet FROM ("
                + "SELECT h.type, h.id, h.title, h.body, h.tags, h.updated_at, "
                + "ts_rank_cd(h.search, q.query)::float8 AS score FROM hits h, q"
                + ((request.cursor() != null)
                        ? " WHERE ts_rank_cd(h.search, q.query)::float8 < :cursor_score "
                                + "OR (ts_rank_cd(h.search, q.query)::float8 = :cursor_score AND h.id < :cursor_id)"
                        : "")
                + " ORDER BY score DESC, id DESC LIMIT :limit) page ORDER BY score DESC, id DESC";
        GenericExecuteSpec spec = bind(this.db.sql(sql), userId, request).bind("limit", request.limit() + 1);
        if (request.cursor() != null) {
            spec = spec.bind("cursor_score", request.cursor().score()).bind("cursor_id", request.cursor().id());
        }
        return spec;
    }

    /** Matches per kind for the query and tags, whatever kinds were requested. */
    public Mono<Map<String, Long>> facets(UUID userId, SearchRequest request) {
        String sql = "SELECT type, count(*) AS matches FROM (" + union(request, List.of(Kind.values()))
                + ") hits GROUP BY type";
        return bind(this.db.sql(sql), userId, request)
            .map((row) -> Map.entry(row.get("type", String.class), row.get("matches", Long.class)))
            .all()
            .collectMap(Map.Entry::getKey, Map.Entry::getValue);
    }

    private static String query(SearchRequest request) {
        return (request.prefix() != null) ? PREFIX_QUERY : QUERY;
    }

    private static String union(SearchRequest request, List<Kind> kinds) {
        // The query is written out in every branch, not read from the CTE: only then does
        // the planner see its words and weigh the GIN index against the user's own rows
        // (a word in most items is far cheaper to filter than to look up across all
        // users).
        String filter = " WHERE user_id = :user AND search @@ " + query(request)
                + (request.tags().isEmpty() ? "" : " AND tags @> :tags");
        return kinds.stream().map((kind) -> BRANCHES.get(kind) + filter).collect(Collectors.joining(" UNION ALL "));
    }

    private static GenericExecuteSpec bind(GenericExecuteSpec spec, UUID userId, SearchRequest request) {
        spec = spec.bind("user", userId).bind("q", request.q());
        if (request.prefix() != null) {
            spec = spec.bind("head", request.head()).bind("prefix", request.prefix() + ":*");
        }
        if (!request.tags().isEmpty()) {
            spec = spec.bind("tags", request.tags().toArray(String[]::new));
        }
        return spec;
    }

    /** One hit as read, before its snippet is escaped. */
    record Row(String type, UUID id, String title, String rawSnippet, double score, List<String> tags,
            String updatedAt) {

    }

}
