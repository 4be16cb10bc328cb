package io.redkeep.bench.content;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import io.redkeep.testsupport.PostgresDatabase;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/**
 * Writes the benchmark corpus straight into content-service's tables with {@code COPY}
 * (the schema is Flyway's, created by the service at start-up). The generated
 * {@code tsvector} columns and the GIN indexes are maintained by PostgreSQL as for rows
 * the API inserts. No outbox rows and no Redis traffic: the seeded items never existed as
 * events, which nothing in the benchmark reads. File rows point at blobs that do not
 * exist (nothing downloads them).
 */
final class CorpusSeeder {

    /** Shares of the kinds: bookmarks, tasks, notes; files take the rest. */
    private static final double[] KIND_SHARES = { 0.3, 0.3, 0.3 };

    private static final String[] STATUSES = { "pending", "in_progress", "completed" };

    private static final String[] PRIORITIES = { "low", "medium", "high" };

    private static final String[] EXTENSIONS = { "pdf", "png", "txt", "docx", "csv" };

    private static final String[] MIME_TYPES = { "application/pdf", "image/png", "text/plain",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "text/csv" };

    private static final int FLUSH_BYTES = 1 << 20;

    private final PostgresDatabase database;

    private final Vocabulary vocabulary;

    private final List<String> tags;

    CorpusSeeder(PostgresDatabase database, Vocabulary vocabulary) {
        this.database = database;
        this.vocabulary = vocabulary;
        this.tags = vocabulary.words().subList(0, Math.min(40, vocabulary.size()));
    }

    /** Item counts per kind, in the order bookmarks, tasks, notes, files. */
    record Counts(long bookmarks, long tasks, long notes, long files) {

        long total() {
            return this.bookmarks + this.tasks + this.notes + this.files;
        }

    }

    /**
     * Seeds {@code itemsPerUser} items for every user, then {@code VACUUM ANALYZE}s so
     * the planner sees the tables as a running service's autovacuum would leave them.
     */
    Counts seed(List<UUID> users, int itemsPerUser, long seed) throws SQLException {
        // Draw every item's kind and own seed first, then write one table at a time (one
        // COPY per connection at a time) regenerating each item from its seed.
        Random random = new Random(seed);
        List<List<Item>> byKind = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (UUID user : users) {
            for (int i = 0; i < itemsPerUser; i++) {
                byKind.get(kind(random)).add(new Item(user, random.nextLong()));
            }
        }
        try (Connection connection = DriverManager.getConnection(this.database.jdbcUrl(), this.database.username(),
                this.database.password())) {
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            Table bookmarks = new Table(copy.copyIn("COPY bookmarks (id, user_id, url, title, description, favorite, "
                    + "archived, tags, created_at, updated_at) FROM STDIN"));
            for (Item item : byKind.get(0)) {
                bookmark(bookmarks, item.user(), new Random(item.seed()));
            }
            bookmarks.end();
            Table tasks = new Table(copy.copyIn("COPY tasks (id, user_id, title, description, status, priority, "
                    + "due_at, completed_at, tags, created_at, updated_at) FROM STDIN"));
            for (Item item : byKind.get(1)) {
                task(tasks, item.user(), new Random(item.seed()));
            }
            tasks.end();
            Table notes = new Table(
                    copy.copyIn("COPY notes (id, user_id, title, content, tags, created_at, updated_at) FROM STDIN"));
            for (Item item : byKind.get(2)) {
                note(notes, item.user(), new Random(item.seed()));
            }
            notes.end();
            Table files = new Table(copy.copyIn("COPY files (id, user_id, name, mime_type, size, sha256, tags, "
                    + "created_at, updated_at) FROM STDIN"));
            for (Item item : byKind.get(3)) {
                file(files, item.user(), new Random(item.seed()));
            }
            files.end();
            try (Statement statement = connection.createStatement()) {
                statement.execute("VACUUM ANALYZE bookmarks, tasks, notes, files");
            }
        }
        return new Counts(byKind.get(0).size(), byKind.get(1).size(), byKind.get(2).size(), byKind.get(3).size());
    }

    private record Item(UUID user, long seed) {

    }

    private static int kind(Random random) {
        double draw = random.nextDouble();
        double sum = 0;
        for (int kind = 0; kind < KIND_SHARES.length; kind++) {
            sum += KIND_SHARES[kind];
            if (draw < sum) {
                return kind;
            }
        }
        return 3;
    }

    private void bookmark(Table table, UUID user, Random random) throws SQLException {
        Instant created = created(random);
        String url = "https://" + this.vocabulary.next(random) + ".example/" + this.vocabulary.next(random) + "/"
                + this.vocabulary.next(random);
        table.row(id(created, random), user, url, this.vocabulary.title(random, 3 + random.nextInt(6)),
                this.vocabulary.text(random, 10 + random.nextInt(30)), random.nextInt(10) == 0, random.nextInt(20) == 0,
                tags(random), created, created);
    }

    private void task(Table table, UUID user, Random random) throws SQLException {
        Instant created = created(random);
        String status = STATUSES[random.nextInt(STATUSES.length)];
        Instant due = (random.nextInt(3) == 0) ? created.plus(1 + random.nextInt(30), ChronoUnit.DAYS) : null;
        Instant completed = status.equals("completed") ? created.plus(1 + random.nextInt(48), ChronoUnit.HOURS) : null;
        table.row(id(created, random), user, this.vocabulary.title(random, 3 + random.nextInt(6)),
                this.vocabulary.text(random, 5 + random.nextInt(35)), status,
                PRIORITIES[random.nextInt(PRIORITIES.length)], due, completed, tags(random), created, created);
    }

    private void note(Table table, UUID user, Random random) throws SQLException {
        Instant created = created(random);
        table.row(id(created, random), user, this.vocabulary.title(random, 3 + random.nextInt(6)),
                this.vocabulary.text(random, 40 + random.nextInt(160)), tags(random), created, created);
    }

    private void file(Table table, UUID user, Random random) throws SQLException {
        Instant created = created(random);
        int type = random.nextInt(EXTENSIONS.length);
        byte[] hash = new byte[32];
        random.nextBytes(hash);
        table.row(id(created, random), user,
                this.vocabulary.next(random) + "-" + this.vocabulary.next(random) + "." + EXTENSIONS[type],
                MIME_TYPES[type], 1024 + random.nextInt(5_000_000), HexFormat.of().formatHex(hash), tags(random),
                created, created);
    }

    private List<String> tags(Random random) {
        int count = random.nextInt(4);
        List<String> chosen = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String tag = this.tags.get(random.nextInt(this.tags.size()));
            if (!chosen.contains(tag)) {
                chosen.add(tag);
            }
        }
        return chosen;
    }

    /** Within the last year, at millisecond precision as the service stores it. */
    private static Instant created(Random random) {
        return Instant.now()
            .truncatedTo(ChronoUnit.MILLIS)
            .minusMillis((long) (random.nextDouble() * 365 * 86_400_000L));
    }

    /** A UUIDv7 for the creation time, as the service's ids are. */
    private static UUID id(Instant created, Random random) {
        long msb = (created.toEpochMilli() << 16) | 0x7000L | (random.nextInt() & 0x0FFFL);
        long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }

    /** One {@code COPY ... FROM STDIN} in text format, flushed in 1 MiB chunks. */
    private static final class Table {

        private final CopyIn copy;

        private final StringBuilder buffer = new StringBuilder(FLUSH_BYTES + 64 * 1024);

        Table(CopyIn copy) {
            this.copy = copy;
        }

        void row(Object... values) throws SQLException {
            for (int i = 0; i < values.length; i++) {
                if (i > 0) {
                    this.buffer.append('\t');
                }
                append(values[i]);
            }
            this.buffer.append('\n');
            if (this.buffer.length() >= FLUSH_BYTES) {
                flush();
            }
        }

        void end() throws SQLException {
            flush();
            this.copy.endCopy();
        }

        private void flush() throws SQLException {
            byte[] bytes = this.buffer.toString().getBytes(StandardCharsets.UTF_8);
            this.copy.writeToCopy(bytes, 0, bytes.length);
            this.buffer.setLength(0);
        }

        private void append(Object value) {
            if (value == null) {
                this.buffer.append("\\N");
            }
            else if (value instanceof List<?> list) {
                this.buffer.append('{');
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) {
                        this.buffer.append(',');
                    }
                    // Tags are plain lower-case words: no array quoting needed.
                    escape(list.get(i).toString());
                }
                this.buffer.append('}');
            }
            else {
                escape(value.toString());
            }
        }

        private void escape(String text) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                switch (c) {
                    case '\\' -> this.buffer.append("\\\\");
                    case '\t' -> this.buffer.append("\\t");
                    case '\n' -> this.buffer.append("\\n");
                    case '\r' -> this.buffer.append("\\r");
                    default -> this.buffer.append(c);
                }
            }
        }

    }

}
