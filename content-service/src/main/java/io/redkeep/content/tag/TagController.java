package io.redkeep.content.tag;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.redkeep.content.ContentProperties;
import io.redkeep.content.item.ItemController;
import io.redkeep.defaults.identity.Caller;
import io.redkeep.defaults.identity.CurrentCaller;
import io.redkeep.defaults.problem.DatabaseFailures;
import io.redkeep.defaults.problem.ProblemCode;
import io.redkeep.defaults.problem.ProblemException;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/tags}: the caller's tags across every kind, most used first. */
@RestController
public class TagController {

    private static final String SQL = "SELECT tag, count(*) AS uses FROM ("
            + "SELECT unnest(tags) AS tag FROM bookmarks WHERE user_id = :user "
            + "UNION ALL SELECT unnest(tags) FROM tasks WHERE user_id = :user "
            + "UNION ALL SELECT unnest(tags) FROM notes WHERE user_id = :user "
            + "UNION ALL SELECT unnest(tags) FROM files WHERE user_id = :user"
            + ") used GROUP BY tag ORDER BY uses DESC, tag";

    private final DatabaseClient db;

    private final Duration timeout;

    public TagController(DatabaseClient db, ContentProperties properties) {
        this.db = db;
        this.timeout = properties.databaseTimeout();
    }

    @GetMapping("/api/tags")
    public Mono<Map<String, List<TagCount>>> tags(@CurrentCaller Caller caller) {
        return this.db.sql(SQL)
            .bind("user", ItemController.userId(caller))
            .map((row) -> new TagCount(row.get("tag", String.class), row.get("uses", Long.class)))
            .all()
            .collectList()
            .timeout(this.timeout)
            .onErrorMap(DatabaseFailures::isUnavailable, DatabaseFailures::unavailable)
            .map((items) -> Map.of("items", items));
    }

    /**
     * A tag and how many of the caller's items carry it.
     *
     * @param name the tag
     * @param count items carrying it
     */
    public record TagCount(String name, long count) {

    }

}
