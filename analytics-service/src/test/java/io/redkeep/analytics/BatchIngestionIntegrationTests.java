package io.redkeep.analytics;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.redkeep.analytics.ingest.EventApplier;
import io.redkeep.redis.event.EventEnvelope;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Batched ingestion: a batch changes PostgreSQL exactly as the same events applied one by
 * one, a redelivered batch changes nothing, and an event that fails its batch fails
 * alone.
 */
class BatchIngestionIntegrationTests extends AnalyticsIntegrationTest {

    @Autowired
    EventApplier applier;

    @Autowired
    DatabaseClient db;

    @Test
    void aBatchChangesTheRollupsAsTheSameEventsOneByOne() {
        UUID one = UUID.randomUUID();
        UUID batched = UUID.randomUUID();
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS).minus(2, ChronoUnit.HOURS);
        List<EventEnvelope> singly = history(one, t);
        List<EventEnvelope> together = history(batched, t);
        for (EventEnvelope event : singly) {
            this.applier.apply(event).block(Duration.ofSeconds(10));
        }
        this.applier.applyBatch(together).block(Duration.ofSeconds(10));
        assertThat(snapshot(batched)).isEqualTo(snapshot(one)).isNotEmpty();
        List<String> before = snapshot(batched);
        // Redelivered (whole or in part): nothing changes.
        this.applier.applyBatch(together).block(Duration.ofSeconds(10));
        this.applier.applyBatch(together.subList(2, 5)).block(Duration.ofSeconds(10));
        assertThat(snapshot(batched)).isEqualTo(before);
    }

    @Test
    void anEventThatFailsItsBatchFailsAloneAndTheOthersCount() {
        UUID user = UUID.randomUUID();
        // Valid for analytics, refused by PostgreSQL (text cannot hold NUL): the batch
        // fails and its events are applied one by one.
        EventEnvelope poison = content("content.created", user, "note", UUID.randomUUID(), "bad\u0000title",
                List.of("x"), null, Instant.now());
        List<EventEnvelope> events = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            events.add(created(user, "note", List.of("x"), Instant.now()));
        }
        events.add(10, poison);
        // One XADD each but appended back to back, so they are read together.
        events.forEach((event) -> this.streams.append("content", event).subscribe());
        await().atMost(Duration.ofSeconds(15))
            .pollInterval(Duration.ofMillis(100))
            .until(() -> count("select count(*) as n from activity where user_id = :u", user) == 20);
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500)).until(() -> {
            List<StreamMessage<String, String>> dead = state().xrange("tk:stream:dead", Range.create("-", "+"));
            return dead.stream()
                .map(StreamMessage::getBody)
                .anyMatch((Map<String, String> body) -> body.getOrDefault("envelope", "").contains(poison.id()));
        });
        assertThat(count("select count(*) as n from activity where user_id = :u", user)).isEqualTo(20);
        assertThat(get(user, "/api/analytics/dashboard").get("totals").get("note").asLong()).isEqualTo(20);
    }

    /**
     * Events of one user touching the same items several times, out of order and
     * duplicated: the cases where a batch must respect the order of an item's events.
     */
    private List<EventEnvelope> history(UUID user, Instant t) {
        UUID note = UUID.randomUUID();
        UUID task = UUID.randomUUID();
        UUID gone = UUID.randomUUID();
        List<EventEnvelope> events = new ArrayList<>();
        events.add(content("content.created", user, "note", note, "n1", List.of("a"), null, t));
        events.add(content("content.updated", user, "note", note, "n2", List.of("a", "b"), null, t.plusSeconds(60)));
        events.add(content("content.updated", user, "note", note, "n3", List.of("a", "b", "c\"q"), null,
                t.plusSeconds(120)));
        // Older than the item's last event: counted, but never rolls the item back.
        events.add(content("content.updated", user, "note", note, "old", List.of("z"), null, t.plusSeconds(90)));
        events.add(content("content.created", user, "task", task, "t", List.of("a"), "open", t.plusSeconds(10)));
        events
            .add(content("task.completed", user, "task", task, "t", List.of("a"), "done", t.plus(1, ChronoUnit.DAYS)));
        events.add(content("content.deleted", user, "file", gone, "f", List.of("q"), null, t.plusSeconds(5)));
        events.add(content("content.created", user, "file", gone, "f", List.of("q"), null, t));
        events.add(events.get(1));
        events.add(userEvent("user.updated", user, "Renamed"));
        return events;
    }

    /** Everything the user's events changed in PostgreSQL, with ids left out. */
    private List<String> snapshot(UUID user) {
        List<String> rows = new ArrayList<>();
        rows.addAll(this.db
            .sql("select day, kind, created, updated, deleted, completed from daily_rollup where user_id = :u "
                    + "order by day, kind")
            .bind("u", user)
            .map((row, meta) -> "rollup " + row.get("day") + " " + row.get("kind") + " " + row.get("created") + " "
                    + row.get("updated") + " " + row.get("deleted") + " " + row.get("completed"))
            .all()
            .collectList()
            .block(Duration.ofSeconds(10)));
        rows.addAll(this.db
            .sql("select kind, title, array_to_string(tags, '|') as tags, status, created_at, updated_at, deleted_at, "
                    + "last_event_at from item where user_id = :u order by kind")
            .bind("u", user)
            .map((row, meta) -> "item " + row.get("kind") + " " + row.get("title") + " " + row.get("tags") + " "
                    + row.get("status") + " " + row.get("created_at") + " " + row.get("updated_at") + " "
                    + row.get("deleted_at") + " " + row.get("last_event_at"))
            .all()
            .collectList()
            .block(Duration.ofSeconds(10)));
        rows.addAll(this.db.sql("select hour, tag, uses from tag_usage where user_id = :u order by hour, tag")
            .bind("u", user)
            .map((row, meta) -> "tag " + row.get("hour") + " " + row.get("tag") + " " + row.get("uses"))
            .all()
            .collectList()
            .block(Duration.ofSeconds(10)));
        rows.addAll(this.db
            .sql("select action, kind, occurred_at from activity where user_id = :u order by occurred_at, action")
            .bind("u", user)
            .map((row, meta) -> "activity " + row.get("action") + " " + row.get("kind") + " " + row.get("occurred_at"))
            .all()
            .collectList()
            .block(Duration.ofSeconds(10)));
        rows.addAll(this.db.sql("select display_name from user_profile where user_id = :u")
            .bind("u", user)
            .map((row, meta) -> "name " + row.get("display_name"))
            .all()
            .collectList()
            .block(Duration.ofSeconds(10)));
        return rows;
    }

    private long count(String sql, UUID user) {
        Long n = this.db.sql(sql)
            .bind("u", user)
            .map((row, meta) -> row.get("n", Long.class))
            .one()
            .block(Duration.ofSeconds(10));
        return (n != null) ? n : 0;
    }

}
