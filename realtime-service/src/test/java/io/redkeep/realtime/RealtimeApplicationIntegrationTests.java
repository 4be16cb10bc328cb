package io.redkeep.realtime;

import java.time.Duration;
import java.util.List;

import io.redkeep.defaults.ServiceBootContract;
import io.redkeep.defaults.identity.InternalTokenIssuer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service boots with the shared defaults ({@link ServiceBootContract}) and its events
 * reach {@code tk:stream:realtime} through the outbox.
 */
class RealtimeApplicationIntegrationTests extends RealtimeIntegrationTest implements ServiceBootContract {

    @Override
    public org.springframework.test.web.reactive.server.WebTestClient bootClient() {
        return A.anonymousClient();
    }

    @Override
    public InternalTokenIssuer bootTokens() {
        return A.context().getBean(InternalTokenIssuer.class);
    }

    @Override
    public Duration healthWait() {
        return Duration.ofSeconds(20);
    }

    @Override
    public List<String> securedPaths() {
        return List.of("/api/conversations", "/api/notifications", "/api/presence?userIds=x", "/ws");
    }

    @Test
    void conversationAndMessageEventsReachTheRealtimeStream() {
        var users = users(2);
        var conversation = conversation(users.get(0), "events", users.get(1));
        ConversationApiIntegrationTests.post(users.get(0), "/api/conversations/" + conversation + "/messages",
                "{\"body\":\"evt\",\"clientMsgId\":\"e-1\"}", 201, null);
        io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(REDIS.uri());
        try (var connection = client.connect()) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (true) {
                var entries = connection.sync().xrange("tk:stream:realtime", io.lettuce.core.Range.create("-", "+"));
                long created = entries.stream()
                    .filter((entry) -> "conversation.created".equals(entry.getBody().get("type"))
                            && entry.getBody().get("envelope").contains(conversation.toString()))
                    .count();
                long sent = entries.stream()
                    .filter((entry) -> "message.sent".equals(entry.getBody().get("type"))
                            && entry.getBody().get("envelope").contains(conversation.toString()))
                    .count();
                if (created == 1 && sent == 1) {
                    break;
                }
                assertThat(System.nanoTime()).as("events on tk:stream:realtime").isLessThan(deadline);
                sleep(100);
            }
        }
        finally {
            client.shutdown();
        }
    }

}
