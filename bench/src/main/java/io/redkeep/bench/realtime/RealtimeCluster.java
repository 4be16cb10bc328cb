package io.redkeep.bench.realtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.lettuce.core.RedisClient;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.redkeep.bench.ServiceProcess;
import io.redkeep.defaults.identity.Caller;
import io.redkeep.defaults.identity.InternalKey;
import io.redkeep.defaults.identity.InternalTokenIssuer;
import io.redkeep.redis.event.EventCodec;
import io.redkeep.redis.event.EventEnvelope;
import io.redkeep.testsupport.PostgresDatabase;
import io.redkeep.testsupport.RedisServer;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * realtime-service instances started from the exec jar as child processes, wired to the
 * benchmark's Redis and PostgreSQL the way the local runner wires them
 * (deploy/local/services.sh), plus what a client needs to reach them as the gateway
 * would: internal tokens minted with the shared key, users announced on
 * {@code tk:stream:auth} as auth-session-service announces them, conversations created
 * through the REST API.
 */
final class RealtimeCluster implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final HttpClient HTTP = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();

    private final Path jar;

    private final RedisServer redis;

    private final PostgresDatabase database;

    private final String internalKey;

    private final InternalTokenIssuer tokens;

    private final List<String> javaOptions;

    private final Path logs;

    private final List<ServiceProcess> instances = new ArrayList<>();

    /** spec/internal.md: the auth stream under the default key prefix. */
    private static final String AUTH_STREAM = "tk:stream:auth";

    private final RedisClient redisClient;

    RealtimeCluster(Path jar, RedisServer redis, PostgresDatabase database, List<String> javaOptions, Path logs) {
        this.jar = jar;
        this.redis = redis;
        this.database = database;
        this.javaOptions = javaOptions;
        this.logs = logs;
        byte[] key = new byte[48];
        new SecureRandom().nextBytes(key);
        this.internalKey = Base64.getEncoder().encodeToString(key);
        this.tokens = new InternalTokenIssuer(InternalKey.of(this.internalKey), Duration.ofSeconds(60),
                Clock.systemUTC());
        this.redisClient = RedisClient.create(redis.uri());
    }

    /** Starts one more instance on a free port and waits for its health check. */
    ServiceProcess startInstance(String name) {
        int port = ServiceProcess.freePort();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("REDKEEP_INTERNAL_KEY", this.internalKey);
        env.put("REDKEEP_REALTIME_PORT", Integer.toString(port));
        env.put("SERVER_ADDRESS", "127.0.0.1");
        env.put("REDKEEP_REDIS_STATE_MODE", "standalone");
        env.put("REDKEEP_REDIS_STATE_NODES", this.redis.host() + ":" + this.redis.port());
        env.put("REDKEEP_REDIS_CACHE_MODE", "standalone");
        env.put("REDKEEP_REDIS_CACHE_NODES", this.redis.host() + ":" + this.redis.port());
        env.put("REDKEEP_POSTGRES_HOST", this.database.host());
        env.put("REDKEEP_POSTGRES_PORT", Integer.toString(this.database.port()));
        env.put("REDKEEP_POSTGRES_DATABASE", this.database.database());
        env.put("REDKEEP_POSTGRES_USERNAME", this.database.username());
        env.put("REDKEEP_POSTGRES_PASSWORD", this.database.password());
        ServiceProcess instance = ServiceProcess.jar(name, this.jar, port)
            .jvmOptions(this.javaOptions)
            .environment(env)
            .logDirectory(this.logs)
            .readiness("/actuator/health/readiness")
            .start();
        this.instances.add(instance);
        return instance;
    }

    void stopInstance(ServiceProcess instance) {
        instance.close();
        this.instances.remove(instance);
    }

    /** An internal token for {@code userId}, as the gateway would forward it. */
    String token(String userId) {
        return this.tokens.issue(Caller.user(userId, "bench-" + userId, "user", "bench " + userId, "127.0.0.1"));
    }

    /**
     * Announces users the way auth-session-service does ({@code user.registered} on
     * {@code tk:stream:auth}, the entry fields the kit's {@code EventStreams.append}
     * writes), so realtime-service accepts them as conversation members. A plain Lettuce
     * connection: the benchmark is a client of the services, not one of them.
     */
    void registerUsers(List<String> userIds) {
        EventCodec codec = new EventCodec();
        try (StatefulRedisConnection<String, String> connection = this.redisClient.connect()) {
            Flux.fromIterable(userIds).flatMap((userId) -> {
                ObjectNode data = JSON.createObjectNode()
                    .put("userId", userId)
                    .put("displayName", "bench " + userId.substring(0, 8))
                    .put("role", "user")
                    .put("createdAt", Instant.now().toString());
                EventEnvelope event = EventEnvelope.create("user.registered", 1, "auth-session-service", userId, null,
                        data);
                Map<String, String> fields = new LinkedHashMap<>();
                fields.put("type", event.type());
                fields.put("eventId", event.id());
                fields.put("envelope", codec.encode(event));
                return connection.reactive()
                    .xadd(AUTH_STREAM, XAddArgs.Builder.maxlen(1_000_000).approximateTrimming(), fields);
            }, 32).then().block(Duration.ofSeconds(60));
        }
    }

    /**
     * Creates a conversation owned by {@code owner} with {@code members} through
     * {@code POST /api/conversations}, retrying while realtime-service has not yet seen
     * the users' {@code user.registered} events.
     * @return the conversation id
     */
    String createConversation(ServiceProcess instance, String owner, List<String> members, String title) {
        ObjectNode body = JSON.createObjectNode().put("title", title);
        ArrayNode ids = body.putArray("memberIds");
        members.forEach(ids::add);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String lastAnswer = "";
        while (System.nanoTime() < deadline) {
            HttpRequest request = HttpRequest.newBuilder(instance.baseUri().resolve("/api/conversations"))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token(owner))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
            HttpResponse<String> response = send(request);
            if (response.statusCode() == 200 || response.statusCode() == 201) {
                JsonNode created = JSON.readTree(response.body());
                return created.path("id").asString();
            }
            lastAnswer = response.statusCode() + " " + response.body();
            if (response.statusCode() != 400 && response.statusCode() != 404 && response.statusCode() < 500) {
                break;
            }
            sleep(500);
        }
        throw new IllegalStateException("POST /api/conversations failed: " + lastAnswer);
    }

    static String newUserId() {
        return UUID.randomUUID().toString();
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    @Override
    public void close() {
        new ArrayList<>(this.instances).forEach(this::stopInstance);
        this.redisClient.shutdown();
    }

    URI uri(ServiceProcess instance) {
        return instance.baseUri();
    }

}
