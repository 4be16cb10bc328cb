package io.redkeep.realtime.delivery;

import java.util.UUID;

import io.redkeep.realtime.conversation.ConversationService;
import io.redkeep.realtime.conversation.Message;
import io.redkeep.redis.pubsub.ChannelSignal;
import io.redkeep.redis.pubsub.RedisPubSub;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * One connection following one conversation. Every signal of the conversation's channel
 * is handled in turn, so delivery is in seq order: a message right after the last
 * delivered one goes out, an older one is a duplicate and is dropped, a newer one (a seq
 * jump) or the kit's gap signal first brings the connection up to date from PostgreSQL.
 * The initial replay ({@code afterSeq}) also runs in this sequence, after the channel
 * subscription is confirmed, so nothing published meanwhile is lost.
 */
final class ConversationFeed {

    private static final Log logger = LogFactory.getLog(ConversationFeed.class);

    private final UUID conversationId;

    private final ClientConnection connection;

    private final ConversationService conversations;

    private final Long afterSeq;

    /** The last seq delivered; -1 until the initial replay ran. */
    private long last = -1;

    private volatile Disposable subscription;

    ConversationFeed(UUID conversationId, ClientConnection connection, ConversationService conversations,
            Long afterSeq) {
        this.conversationId = conversationId;
        this.connection = connection;
        this.conversations = conversations;
        this.afterSeq = afterSeq;
    }

    void start(RedisPubSub pubSub, String channel) {
        this.subscription = pubSub.subscribe(channel)
            .concatMap(this::handle, 1)
            .subscribe(null, (ex) -> logger.warn("Feed of " + this.conversationId + " failed: " + ex.getMessage()));
    }

    void stop() {
        Disposable current = this.subscription;
        if (current != null) {
            current.dispose();
        }
    }

    private Mono<Void> handle(ChannelSignal signal) {
        if (signal instanceof ChannelSignal.Subscribed) {
            return (this.last < 0) ? initial() : catchUp();
        }
        if (signal instanceof ChannelSignal.Gap) {
            return (this.last < 0) ? Mono.empty() : catchUp();
        }
        if (signal instanceof ChannelSignal.Message message && this.last >= 0) {
            String type = message.event().type();
            JsonNode data = message.event().data();
            if (MessageFanout.MESSAGE.equals(type)) {
                return live(data);
            }
            if (MessageFanout.TYPING.equals(type)) {
                String userId = data.path("userId").asString();
                if (!this.connection.userId().toString().equals(userId)) {
                    this.connection.emit(Frames.typing(this.conversationId.toString(), userId));
                }
            }
        }
        return Mono.empty();
    }

    private Mono<Void> initial() {
        return this.conversations.lastSeqFor(this.connection.userId(), this.conversationId).flatMap((lastSeq) -> {
            if (this.afterSeq == null) {
                this.last = lastSeq;
                this.connection.emit(Frames.subscribed(this.conversationId, lastSeq));
                return Mono.<Void>empty();
            }
            this.last = Math.min(this.afterSeq, lastSeq);
            return replay().then(Mono.<Void>fromRunnable(
                    () -> this.connection.emit(Frames.subscribed(this.conversationId, Math.max(this.last, 0)))));
        }).onErrorResume((ex) -> {
            this.connection.emit(Frames.error("service_unavailable", "Could not subscribe", "subscribe"));
            stop();
            return Mono.empty();
        });
    }

    /**
     * A live message ({@link Message#toJson()} as published): the next seq goes out as it
     * came (its frame text shared with the instance's other connections), an older one is
     * dropped, a newer one means a gap.
     */
    private Mono<Void> live(JsonNode data) {
        long seq = data.path("seq").asLong(-1);
        if (seq <= this.last) {
            return Mono.empty();
        }
        if (seq == this.last + 1) {
            this.last = seq;
            this.connection.emitText(Frames.liveMessage(data, this.connection.mapper()));
            return Mono.empty();
        }
        return catchUp();
    }

    /**
     * Delivers everything after the last delivered seq from history; on failure the next
     * signal tries again (a later message is then a seq jump).
     */
    private Mono<Void> catchUp() {
        return replay().onErrorResume((ex) -> {
            logger.debug("Catch-up of " + this.conversationId + " failed: " + ex.getMessage());
            return Mono.empty();
        });
    }

    private Mono<Void> replay() {
        return Flux.defer(() -> this.conversations.since(this.conversationId, this.last))
            .takeWhile((message) -> !this.connection.isClosed())
            .doOnNext(this::deliver)
            .then();
    }

    private void deliver(Message message) {
        if (message.seq() > this.last) {
            this.last = message.seq();
            this.connection.emit(Frames.message(message));
        }
    }

}
