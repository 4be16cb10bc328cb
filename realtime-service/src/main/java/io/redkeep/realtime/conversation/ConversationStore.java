package io.redkeep.realtime.conversation;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;

/**
 * SQL for conversations, members and messages. {@code seq} comes from {@link #nextSeq}:
 * an {@code UPDATE ... RETURNING} on the conversation row, which serializes concurrent
 * senders from every instance on that row until their transaction ends, so seq is
 * gap-free as long as the insert runs in the same transaction.
 */
public class ConversationStore {

    private static final String MESSAGE_COLUMNS = "id, conversation_id, seq, sender_id, body, client_msg_id, created_at";

    private final DatabaseClient db;

    public ConversationStore(DatabaseClient db) {
        this.db = db;
    }

    public Mono<Void> insertConversation(UUID id, String title, UUID createdBy, String pairKey,
            OffsetDateTime createdAt) {
        DatabaseClient.GenericExecuteSpec spec = this.db
            .sql("INSERT INTO conversations (id, title, created_by, created_at, last_activity_at, pair_key) "
                    + "VALUES (:id, :title, :createdBy, :createdAt, :createdAt, :pairKey)")
            .bind("id", id)
            .bind("createdBy", createdBy)
            .bind("createdAt", createdAt);
        spec = (title != null) ? spec.bind("title", title) : spec.bindNull("title", String.class);
        spec = (pairKey != null) ? spec.bind("pairKey", pairKey) : spec.bindNull("pairKey", String.class);
        return spec.fetch().rowsUpdated().then();
    }

    public Mono<Void> insertMember(UUID conversationId, UUID userId) {
        return this.db.sql("INSERT INTO members (conversation_id, user_id) VALUES (:c, :u) ON CONFLICT DO NOTHING")
            .bind("c", conversationId)
            .bind("u", userId)
            .fetch()
            .rowsUpdated()
            .then();
    }

    public Mono<UUID> findPair(String pairKey) {
        return this.db.sql("SELECT id FROM conversations WHERE pair_key = :k")
            .bind("k", pairKey)
            .map((row) -> row.get("id", UUID.class))
            .one();
    }

    public Mono<Boolean> isMember(UUID conversationId, UUID userId) {
        return this.db.sql("SELECT 1 FROM members WHERE conversation_id = :c AND user_id = :u")
            .bind("c", conversationId)
            .bind("u", userId)
            .map((row) -> Boolean.TRUE)
            .one()
            .defaultIfEmpty(Boolean.FALSE);
    }

    public Flux<UUID> members(UUID conversationId) {
        return this.db.sql("SELECT user_id FROM members WHERE conversation_id = :c ORDER BY user_id")
            .bind("c", conversationId)
            .map((row) -> row.get("user_id", UUID.class))
            .all();
    }

    /**
     * Members of every conversation {@code userId} belongs to, {@code userId} included.
     */
    public Flux<UUID> contacts(UUID userId) {
        return this.db
            .sql("SELECT DISTINCT o.user_id FROM members m JOIN members o ON o.conversation_id = m.conversation_id "
                    + "WHERE m.user_id = :u")
            .bind("u", userId)
            .map((row) -> row.get("user_id", UUID.class))
            .all();
    }

    /**
     * Takes the next seq of a conversation the sender is a member of and inserts the
     * message with it, in one statement, unless the sender already used its
     * {@code clientMsgId}. The conversation row stays locked until the transaction ends.
     * Emits how it went: {@link Insert#NOT_MEMBER} when the conversation does not exist
     * or the sender is not a member (nothing changed), {@link Insert#DUPLICATE} when the
     * {@code clientMsgId} is taken (the seq was taken too: the caller must roll back),
     * otherwise {@link Insert#INSERTED} with the message stored at {@code seq}.
     */
    public Mono<Insert> insertNext(Message message) {
        return this.db.sql("WITH s AS (UPDATE conversations SET last_seq = last_seq + 1, last_activity_at = :createdAt "
                + "WHERE id = :c AND EXISTS (SELECT 1 FROM members WHERE conversation_id = :c AND user_id = :sender) "
                + "RETURNING last_seq), i AS (INSERT INTO messages (" + MESSAGE_COLUMNS
                + ") SELECT :id, :c, s.last_seq, :sender, :body, :clientMsgId, :createdAt FROM s "
                + "ON CONFLICT (sender_id, client_msg_id) DO NOTHING RETURNING seq) "
                + "SELECT (SELECT last_seq FROM s) AS taken, (SELECT seq FROM i) AS inserted")
            .bind("id", message.id())
            .bind("c", message.conversationId())
            .bind("sender", message.senderId())
            .bind("body", message.body())
            .bind("clientMsgId", message.clientMsgId())
            .bind("createdAt", message.createdAt().atOffset(ZoneOffset.UTC))
            .map((row) -> {
                Long taken = row.get("taken", Long.class);
                Long inserted = row.get("inserted", Long.class);
                if (taken == null) {
                    return Insert.NOT_MEMBER;
                }
                return (inserted == null) ? Insert.DUPLICATE : new Insert(inserted);
            })
            .one();
    }

    public Mono<Message> findByClientMsgId(UUID senderId, String clientMsgId) {
        return this.db.sql("SELECT " + MESSAGE_COLUMNS + " FROM messages WHERE sender_id = :s AND client_msg_id = :m")
            .bind("s", senderId)
            .bind("m", clientMsgId)
            .map(ConversationStore::message)
            .one();
    }

    /** Messages with {@code after < seq < before}, ascending, at most {@code limit}. */
    public Flux<Message> ascending(UUID conversationId, long after, long before, int limit) {
        return this.db
            .sql("SELECT " + MESSAGE_COLUMNS + " FROM messages WHERE conversation_id = :c AND seq > :after "
                    + "AND seq < :before ORDER BY seq LIMIT :limit")
            .bind("c", conversationId)
            .bind("after", after)
            .bind("before", before)
            .bind("limit", limit)
            .map(ConversationStore::message)
            .all();
    }

    /** The newest {@code limit} messages with {@code seq < before}, ascending. */
    public Mono<List<Message>> latest(UUID conversationId, long before, int limit) {
        return this.db
            .sql("SELECT " + MESSAGE_COLUMNS + " FROM messages WHERE conversation_id = :c AND seq < :before "
                    + "ORDER BY seq DESC LIMIT :limit")
            .bind("c", conversationId)
            .bind("before", before)
            .bind("limit", limit)
            .map(ConversationStore::message)
            .all()
            .collectList()
            .map((list) -> {
                java.util.Collections.reverse(list);
                return list;
            });
    }

    public Mono<Long> lastSeq(UUID conversationId) {
        return this.db.sql("SELECT last_seq FROM conversations WHERE id = :c")
            .bind("c", conversationId)
            .map((row) -> row.get("last_seq", Long.class))
            .one();
    }

    public Mono<Message> messageAt(UUID conversationId, long seq) {
        return this.db.sql("SELECT " + MESSAGE_COLUMNS + " FROM messages WHERE conversation_id = :c AND seq = :seq")
            .bind("c", conversationId)
            .bind("seq", seq)
            .map(ConversationStore::message)
            .one();
    }

    /** Moves the member's read marker forward (never back); false for a non-member. */
    public Mono<Boolean> markRead(UUID conversationId, UUID userId, long seq) {
        return this.db.sql("UPDATE members SET last_read_seq = GREATEST(last_read_seq, LEAST(:seq, "
                + "(SELECT last_seq FROM conversations WHERE id = :c))) WHERE conversation_id = :c AND user_id = :u")
            .bind("c", conversationId)
            .bind("u", userId)
            .bind("seq", seq)
            .fetch()
            .rowsUpdated()
            .map((count) -> count > 0);
    }

    /**
     * One page of the user's conversations, most recent activity first, after the keyset
     * {@code (beforeActivity, beforeId)} when given.
     */
    public Flux<ConversationRow> page(UUID userId, OffsetDateTime beforeActivity, UUID beforeId, int limit) {
        return rows(userId, beforeActivity, beforeId, null, limit);
    }

    /** One conversation as listed for {@code userId}; empty for a non-member. */
    public Mono<ConversationRow> one(UUID userId, UUID conversationId) {
        return rows(userId, null, null, conversationId, 1).next();
    }

    private Flux<ConversationRow> rows(UUID userId, OffsetDateTime beforeActivity, UUID beforeId, UUID only,
            int limit) {
        String keyset = (beforeActivity != null) ? "AND (c.last_activity_at, c.id) < (:at, :id) " : "";
        if (only != null) {
            keyset += "AND c.id = :only ";
        }
        DatabaseClient.GenericExecuteSpec spec = this.db
            .sql("SELECT c.id, c.title, c.created_at, c.last_activity_at, c.last_seq, "
                    + "(SELECT count(*) FROM messages x WHERE x.conversation_id = c.id AND x.seq > m.last_read_seq "
                    + "AND x.sender_id <> :u) AS unread "
                    + "FROM members m JOIN conversations c ON c.id = m.conversation_id WHERE m.user_id = :u " + keyset
                    + "ORDER BY c.last_activity_at DESC, c.id DESC LIMIT :limit")
            .bind("u", userId)
            .bind("limit", limit);
        if (beforeActivity != null) {
            spec = spec.bind("at", beforeActivity).bind("id", beforeId);
        }
        if (only != null) {
            spec = spec.bind("only", only);
        }
        return spec
            .map((row) -> new ConversationRow(row.get("id", UUID.class), row.get("title", String.class),
                    row.get("created_at", OffsetDateTime.class), row.get("last_activity_at", OffsetDateTime.class),
                    row.get("last_seq", Long.class), row.get("unread", Long.class)))
            .all();
    }

    /** Members with display names of several conversations. */
    public Flux<MemberRow> membersOf(UUID[] conversationIds) {
        return this.db
            .sql("SELECT m.conversation_id, m.user_id, coalesce(u.display_name, '') AS display_name "
                    + "FROM members m LEFT JOIN users u ON u.id = m.user_id WHERE m.conversation_id = ANY(:ids) "
                    + "ORDER BY m.joined_at, m.user_id")
            .bind("ids", conversationIds)
            .map((row) -> new MemberRow(row.get("conversation_id", UUID.class), row.get("user_id", UUID.class),
                    row.get("display_name", String.class)))
            .all();
    }

    static Message message(Readable row) {
        return new Message(row.get("id", UUID.class), row.get("conversation_id", UUID.class),
                row.get("seq", Long.class), row.get("sender_id", UUID.class), row.get("body", String.class),
                row.get("client_msg_id", String.class), row.get("created_at", OffsetDateTime.class).toInstant());
    }

    /** A conversation as listed for one member. */
    public record ConversationRow(UUID id, String title, OffsetDateTime createdAt, OffsetDateTime lastActivityAt,
            long lastSeq, long unread) {

    }

    /**
     * The outcome of {@link #insertNext}: the seq the message got, or {@code -1} (not a
     * member) or {@code -2} (duplicate {@code clientMsgId}).
     */
    public record Insert(long seq) {

        static final Insert NOT_MEMBER = new Insert(-1);

        static final Insert DUPLICATE = new Insert(-2);

    }

    /** A member with the display name known for it. */
    public record MemberRow(UUID conversationId, UUID userId, String displayName) {

    }

}
