package io.redkeep.analytics.dashboard;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.redkeep.analytics.dashboard.Dashboard.Day;
import io.redkeep.analytics.dashboard.Dashboard.TagCount;
import io.redkeep.analytics.dashboard.Dashboard.Tasks;
import io.redkeep.analytics.dashboard.Dashboard.Totals;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The dashboard's aggregations over the rollups (never over raw events).
 */
public class DashboardStore {

    static final int TOP_TAGS = 10;

    private final DatabaseClient db;

    public DashboardStore(DatabaseClient db) {
        this.db = db;
    }

    public Mono<Totals> totals(UUID userId) {
        return this.db
            .sql("select kind, count(*) as n from item where user_id = :u and deleted_at is null group by kind")
            .bind("u", userId)
            .map((row, meta) -> Map.entry(row.get("kind", String.class), row.get("n", Long.class)))
            .all()
            .collectMap(Map.Entry::getKey, Map.Entry::getValue)
            .map((counts) -> new Totals(counts.getOrDefault("bookmark", 0L), counts.getOrDefault("task", 0L),
                    counts.getOrDefault("note", 0L), counts.getOrDefault("file", 0L)));
    }

    /** One entry per day of {@code [from, to]}, oldest first, zero days included. */
    public Mono<List<Day>> perDay(UUID userId, LocalDate from, LocalDate to) {
        return this.db
            .sql("select day, kind, created from daily_rollup where user_id = :u and day between :from and :to "
                    + "and created > 0")
            .bind("u", userId)
            .bind("from", from)
            .bind("to", to)
            .map((row,
                    meta) -> new Object[] { row.get("day", LocalDate.class), row.get("kind", String.class),
                            row.get("created", Integer.class) })
            .all()
            .collectList()
            .map((rows) -> {
                Map<LocalDate, Map<String, Long>> byDay = new HashMap<>();
                for (Object[] row : rows) {
                    byDay.computeIfAbsent((LocalDate) row[0], (day) -> new HashMap<>())
                        .merge((String) row[1], ((Integer) row[2]).longValue(), Long::sum);
                }
                List<Day> days = new ArrayList<>();
                for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
                    Map<String, Long> counts = byDay.getOrDefault(day, Map.of());
                    days.add(new Day(day.toString(), counts.getOrDefault("bookmark", 0L),
                            counts.getOrDefault("task", 0L), counts.getOrDefault("note", 0L),
                            counts.getOrDefault("file", 0L)));
                }
                return days;
            });
    }

    public Mono<Tasks> tasks(UUID userId) {
        return this.db
            .sql("select count(*) filter (where status = 'completed') as done, "
                    + "count(*) filter (where status is distinct from 'completed') as open "
                    + "from item where user_id = :u and kind = 'task' and deleted_at is null")
            .bind("u", userId)
            .map((row, meta) -> {
                long done = row.get("done", Long.class);
                long open = row.get("open", Long.class);
                double rate = (done + open == 0) ? 0 : (double) done / (done + open);
                return new Tasks(done, open, rate);
            })
            .one();
    }

    public Mono<List<TagCount>> topTags(UUID userId) {
        return this.db
            .sql("select tag, count(*) as n from item, unnest(tags) as tag where user_id = :u "
                    + "and deleted_at is null group by tag order by n desc, tag limit " + TOP_TAGS)
            .bind("u", userId)
            .map((row, meta) -> new TagCount(row.get("tag", String.class), row.get("n", Long.class)))
            .all()
            .collectList();
    }

}
