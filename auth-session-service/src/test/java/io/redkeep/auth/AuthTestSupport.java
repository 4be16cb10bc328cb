package io.redkeep.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.redkeep.testsupport.PostgresDatabase;
import io.redkeep.testsupport.PostgresServer;
import io.redkeep.testsupport.RedisServer;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Wiring of the service to the test servers, plus a plain Redis connection to inspect
 * what the service wrote.
 */
final class AuthTestSupport {

    static final String INTERNAL_KEY = "test-internal-key-of-at-least-32-bytes!!";

    private static RedisClient client;

    private static StatefulRedisConnection<String, String> connection;

    private static PostgresDatabase database;

    private AuthTestSupport() {
    }

    /**
     * Points the service at the shared Redis and a fresh database; light Argon2 for
     * speed.
     */
    static void register(DynamicPropertyRegistry registry, RedisServer redis) {
        PostgresDatabase database = PostgresServer.shared().createDatabase("auth");
        AuthTestSupport.database = database;
        registry.add("redkeep.postgres.host", database::host);
        registry.add("redkeep.postgres.port", database::port);
        registry.add("redkeep.postgres.database", database::database);
        registry.add("redkeep.postgres.username", database::username);
        registry.add("redkeep.postgres.password", database::password);
        registry.add("redkeep.redis.state.nodes", () -> redis.host() + ":" + redis.port());
        registry.add("redkeep.redis.cache.nodes", () -> redis.host() + ":" + redis.port());
        registry.add("redkeep.security.internal-key", () -> INTERNAL_KEY);
        // Production parameters are checked in PasswordHasherTests; here hashing must be
        // quick.
        registry.add("redkeep.auth.password.memory-kib", () -> "1024");
        registry.add("redkeep.auth.password.iterations", () -> "1");
    }

    /** The database of the most recently created test context. */
    static PostgresDatabase database() {
        return database;
    }

    static synchronized RedisCommands<String, String> redis() {
        if (connection == null || !connection.isOpen()) {
            client = RedisClient.create(RedisServer.shared().uri());
            connection = client.connect();
        }
        return connection.sync();
    }

    /** Every key name and value in the shared server's keyspace, as text. */
    static List<String> keyspace() {
        RedisCommands<String, String> sync = redis();
        List<String> texts = new ArrayList<>();
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = sync.scan(cursor, ScanArgs.Builder.limit(200));
            for (String key : page.getKeys()) {
                texts.add(key);
                switch (sync.type(key)) {
                    case "string" -> texts.add(sync.get(key));
                    case "hash" -> sync.hgetall(key).forEach((field, value) -> texts.add(field + "=" + value));
                    case "zset" -> texts.addAll(sync.zrange(key, 0, -1));
                    case "set" -> texts.addAll(sync.smembers(key));
                    case "list" -> texts.addAll(sync.lrange(key, 0, -1));
                    case "stream" -> sync.xrange(key, Range.create("-", "+"))
                        .forEach((message) -> texts.add(message.getBody().toString()));
                    default -> texts.add("<" + key + ">");
                }
            }
            cursor = page;
        }
        while (!cursor.isFinished());
        return texts;
    }

    /** The {@code type} fields of {@code tk:stream:auth}, oldest first. */
    static List<Map<String, String>> authStream() {
        return redis().xrange("tk:stream:auth", Range.create("-", "+")).stream().map(StreamMessage::getBody).toList();
    }

}
