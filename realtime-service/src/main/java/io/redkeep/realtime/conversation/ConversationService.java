package io.redkeep.realtime.conversation;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

import io.redkeep.defaults.problem.ProblemCode;
import io.redkeep.defaults.problem.ProblemException;
import io.redkeep.realtime.conversation.ConversationStore.ConversationRow;
import io.redkeep.realtime.conversation.ConversationStore.MemberRow;
import io.redkeep.redis.outbox.OutboxRelay;
import io.redkeep.redis.outbox.OutboxWriter;
import io.redkeep.realtime.user.UserDirectory;
import io.redkeep.redis.event.EventEnvelope;
import io.redkeep.redis.event.EventIds;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Conversations and messages: the one send path behind both the WebSocket {@code send}
 * frame and {@code POST /api/conversations/{id}/messages}. A message is stored with its
 * seq (and its {@code message.sent} outbox row) before anyone hears of it; listeners
 * (fan-out, notifications) run after the commit.
 */
public class ConversationService {

    private static final Log logger = LogFactory.getLog(ConversationService.class);

    static final String SOURCE = "realtime-service";

    /** Rows read per round trip when a subscriber catches up from history. */
    public static final int CATCH_UP_BATCH = 200;

    private final ConversationStore store;

    private final UserDirectory users;

    private final OutboxWriter outbox;

    private final OutboxRelay relay;

    private final TransactionalOperator transactions;

    private final List<SentMessageListener> listeners;

    private final Duration timeout;

    /**
     * Members per conversation, each entry for at most {@link #MEMBER_CACHE_TTL_NANOS}.
     */
    private final Map<UUID, CachedMembers> memberCache = new ConcurrentHashMap<>();

    static final long MEMBER_CACHE_TTL_NANOS = Duration.ofSeconds(5).toNanos();

    static final int MEMBER_CACHE_SIZE = 10_000;

    public ConversationService(ConversationStore store, UserDirectory users, OutboxWriter outbox, OutboxRelay relay,
            TransactionalOperator transactions, List<SentMessageListener> listeners, Duration timeout) {
        this.store = store;
        this.users = users;
        this.outbox = outbox;
        this.relay = relay;
        this.transactions = transactions;
        this.listeners = List.copyOf(listeners);
        this.timeout = timeout;
    }

    /**
     * Creates a conversation of the caller and {@code others}; a two-person conversation
     * without title is reused when it exists. Emits the view and whether it was created.
     */
    public Mono<Map.Entry<ObjectNode, Boolean>> create(UUID caller, String callerName, String title,
            List<UUID> memberIds) {
        Set<UUID> others = new LinkedHashSet<>(memberIds);
        others.remove(caller);
        if (others.isEmpty() || others.size() > 50) {
            return Mono.error(ProblemException.validation("memberIds", "must name 1 to 50 other users"));
        }
        String pairKey = (title == null && others.size() == 1) ? pairKey(caller, others.iterator().next()) : null;
        Mono<Map.Entry<ObjectNode, Boolean>> work = this.users.remember(caller, callerName)
            .then(this.users.existing(others))
            .flatMap((known) -> {
                List<String> unknown = others.stream().filter((id) -> !known.contains(id)).map(UUID::toString).toList();
                if (!unknown.isEmpty()) {
                    return Mono.error(ProblemException.validation("memberIds", "unknown users: " + unknown));
                }
                Mono<UUID> existing = (pairKey != null) ? this.store.findPair(pairKey) : Mono.empty();
                return existing.map((id) -> Map.entry(id, false))
                    .switchIfEmpty(
                            Mono.defer(() -> insert(caller, title, others, pairKey).map((id) -> Map.entry(id, true))
                                .onErrorResume(DataIntegrityViolationException.class,
                                        // Another request created the same pair
                                        // meanwhile.
                                        (ex) -> this.store.findPair(pairKey).map((id) -> Map.entry(id, false)))));
            })
            .doOnNext((entry) -> this.memberCache.remove(entry.getKey()))
            .flatMap((entry) -> view(caller, entry.getKey()).map((view) -> Map.entry(view, entry.getValue())));
        return guard(work).doOnSuccess((entry) -> this.relay.nudge());
    }

    private Mono<UUID> insert(UUID caller, String title, Set<UUID> others, String pairKey) {
        UUID id = UUID.fromString(EventIds.next());
        OffsetDateTime now = now();
        List<UUID> members = new ArrayList<>();
        members.add(caller);
        members.addAll(others);
        ObjectNode data = JsonNodeFactory.instance.objectNode();
        data.put("conversationId", id.toString());
        data.put("title", title);
        data.put("createdBy", caller.toString());
        ArrayNode ids = data.putArray("memberIds");
        members.forEach((member) -> ids.add(member.toString()));
        Mono<UUID> tx = this.store.insertConversation(id, title, caller, pairKey, now)
            .thenMany(Flux.fromIterable(members).concatMap((member) -> this.store.insertMember(id, member)))
            .then(this.outbox
                .add(EventEnvelope.create("conversation.created", 1, SOURCE, caller.toString(), null, data)))
            .thenReturn(id);
        return this.transactions.transactional(tx);
    }

    /**
     * The conversation as listed for {@code user}; {@code not_found} for a non-member.
     */
    public Mono<ObjectNode> view(UUID user, UUID conversationId) {
        return this.store.one(user, conversationId)
            .switchIfEmpty(Mono.error(() -> notFound()))
            .flatMap((row) -> views(List.of(row)))
            .map((list) -> list.get(0));
    }

    /** A page of the user's conversations, most recent activity first. */
    public Mono<ObjectNode> list(UUID user, String cursor, int limit) {
        OffsetDateTime at = null;
        UUID id = null;
        if (cursor != null) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
                at = OffsetDateTime.parse(parts[0]);
                id = UUID.fromString(parts[1]);
            }
            catch (RuntimeException ex) {
                return Mono.error(ProblemException.validation("cursor", "is malformed"));
            }
        }
        Mono<ObjectNode> work = this.store.page(user, at, id, limit + 1).collectList().flatMap((rows) -> {
            boolean more = rows.size() > limit;
            List<ConversationRow> page = more ? rows.subList(0, limit) : rows;
            return views(page).map((items) -> {
                ObjectNode body = JsonNodeFactory.instance.objectNode();
                ArrayNode array = body.putArray("items");
                items.forEach(array::add);
                if (more) {
                    ConversationRow last = page.get(page.size() - 1);
                    body.put("nextCursor", Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(
                                (last.lastActivityAt().toString() + "|" + last.id()).getBytes(StandardCharsets.UTF_8)));
                }
                else {
                    body.putNull("nextCursor");
                }
                return body;
            });
        });
        return guard(work);
    }

    private Mono<List<ObjectNode>> views(List<ConversationRow> rows) {
        if (rows.isEmpty()) {
            return Mono.just(List.of());
        }
        UUID[] ids = rows.stream().map(ConversationRow::id).toArray(UUID[]::new);
        Mono<Map<UUID, List<MemberRow>>> members = this.store.membersOf(ids)
            .collect(LinkedHashMap::new,
                    (map, row) -> map.computeIfAbsent(row.conversationId(), (k) -> new ArrayList<>()).add(row));
        Mono<Map<UUID, Message>> lastMessages = Flux.fromIterable(rows)
            .filter((row) -> row.lastSeq() > 0)
            .concatMap((row) -> this.store.messageAt(row.id(), row.lastSeq()))
            .collectMap(Message::conversationId);
        return Mono.zip(members, lastMessages).map((tuple) -> {
            List<ObjectNode> views = new ArrayList<>();
            for (ConversationRow row : rows) {
                ObjectNode view = JsonNodeFactory.instance.objectNode();
                view.put("id", row.id().toString());
                view.put("title", row.title());
                ArrayNode array = view.putArray("members");
                for (MemberRow member : tuple.getT1().getOrDefault(row.id(), List.of())) {
                    array.addObject()
                        .put("userId", member.userId().toString())
                        .put("displayName", member.displayName());
                }
                Message last = tuple.getT2().get(row.id());
                if (last != null) {
                    view.set("lastMessage", last.toJson());
                }
                else {
                    view.putNull("lastMessage");
                }
                view.put("unread", row.unread());
                view.put("lastSeq", row.lastSeq());
                view.put("createdAt", Message.timestamp(row.createdAt().toInstant()));
                views.add(view);
            }
            return views;
        });
    }

    /**
     * History for a member: with {@code afterSeq} the first {@code limit} messages after
     * it, otherwise the newest {@code limit} before {@code beforeSeq} (or the end);
     * ascending either way.
     */
    public Mono<List<Message>> history(UUID user, UUID conversationId, Long afterSeq, Long beforeSeq, int limit) {
        long before = (beforeSeq != null) ? beforeSeq : Long.MAX_VALUE;
        Mono<List<Message>> work = requireMember(user, conversationId)
            .then((afterSeq != null) ? this.store.ascending(conversationId, afterSeq, before, limit).collectList()
                    : this.store.latest(conversationId, before, limit));
        return guard(work);
    }

    /**
     * Every message after {@code afterSeq} in order, read in batches (no membership
     * check).
     */
    public Flux<Message> since(UUID conversationId, long afterSeq) {
        return this.store.ascending(conversationId, afterSeq, Long.MAX_VALUE, CATCH_UP_BATCH)
            .collectList()
            .expand((batch) -> (batch.size() < CATCH_UP_BATCH) ? Mono.empty()
                    : this.store
                        .ascending(conversationId, batch.get(batch.size() - 1).seq(), Long.MAX_VALUE, CATCH_UP_BATCH)
                        .collectList())
            .concatMapIterable((batch) -> batch);
    }

    /**
     * The newest seq of a conversation {@code user} belongs to; {@code not_found}
     * otherwise.
     */
    public Mono<Long> lastSeqFor(UUID user, UUID conversationId) {
        return guard(requireMember(user, conversationId).then(this.store.lastSeq(conversationId)));
    }

    public Mono<Boolean> isMember(UUID user, UUID conversationId) {
        return guard(this.store.isMember(conversationId, user));
    }

    public Flux<UUID> contacts(UUID user) {
        return this.store.contacts(user);
    }

    /**
     * Stores a message (or finds the first one with this {@code clientMsgId}); emits once
     * committed. Does not tell listeners: call {@link #announce} after answering the
     * sender. The common case (a new message) is one transaction with no read before it:
     * the insert itself detects a duplicate through the unique
     * {@code (sender_id, client_msg_id)}, and only then is the transaction rolled back
     * (so the seq it took is not lost) and the first message read.
     */
    public Mono<SendResult> send(UUID sender, UUID conversationId, String body, String clientMsgId) {
        Mono<SendResult> work = store(sender, conversationId, body, clientMsgId)
            .onErrorResume(AlreadySent.class, (ex) -> first(sender, clientMsgId, ex))
            .onErrorResume(DataIntegrityViolationException.class,
                    // Defensive: any other unique violation of the insert.
                    (ex) -> first(sender, clientMsgId, ex))
            .onErrorResume(NotMember.class,
                    // A repeated clientMsgId acks the first message even when it names
                    // another conversation (as before the insert-first path).
                    (ex) -> first(sender, clientMsgId, notFound()));
        return guard(work).doOnSuccess((result) -> {
            if (result != null && result.created()) {
                this.relay.nudge();
            }
        });
    }

    private Mono<SendResult> first(UUID sender, String clientMsgId, Throwable cause) {
        return this.store.findByClientMsgId(sender, clientMsgId)
            .map((first) -> new SendResult(first, false))
            .switchIfEmpty(Mono.error(cause));
    }

    private Mono<SendResult> store(UUID sender, UUID conversationId, String body, String clientMsgId) {
        OffsetDateTime now = now();
        Message draft = new Message(UUID.fromString(EventIds.next()), conversationId, 0, sender, body, clientMsgId,
                now.toInstant());
        Mono<SendResult> tx = this.store.insertNext(draft).flatMap((insert) -> {
            if (insert.seq() == ConversationStore.Insert.NOT_MEMBER.seq()) {
                return Mono.error(new NotMember());
            }
            if (insert.seq() == ConversationStore.Insert.DUPLICATE.seq()) {
                // Rolls the seq increment back with the transaction.
                return Mono.error(new AlreadySent());
            }
            Message message = new Message(draft.id(), conversationId, insert.seq(), sender, body, clientMsgId,
                    draft.createdAt());
            ObjectNode data = JsonNodeFactory.instance.objectNode();
            data.put("conversationId", conversationId.toString());
            data.put("messageId", message.id().toString());
            data.put("seq", message.seq());
            data.put("senderId", sender.toString());
            data.put("length", body.codePointCount(0, body.length()));
            return this.outbox.add(EventEnvelope.create("message.sent", 1, SOURCE, sender.toString(), null, data))
                .thenReturn(new SendResult(message, true));
        });
        return this.transactions.transactional(tx);
    }

    /** The sender's clientMsgId is already stored: roll back, answer with the first. */
    private static final class AlreadySent extends RuntimeException {

        AlreadySent() {
            super("clientMsgId already used", null, false, false);
        }

    }

    /** No such conversation for this sender: roll back (nothing was changed). */
    private static final class NotMember extends RuntimeException {

        NotMember() {
            super("not a member", null, false, false);
        }

    }

    /**
     * Tells the listeners about a newly stored message; never fails (the message is
     * durable, subscribers recover a missed publish from history). The listeners run side
     * by side: the live publish does not wait for the members (cached briefly, see
     * {@link #members}) that notifications need.
     */
    public Mono<Void> announce(SendResult result) {
        if (!result.created()) {
            return Mono.empty();
        }
        Message message = result.message();
        Mono<List<UUID>> members = members(message.conversationId()).cache();
        return Flux.fromIterable(this.listeners)
            .flatMap((listener) -> listener.sent(message, members).onErrorResume((ex) -> {
                logger.warn("Listener failed for message " + message.id() + ": " + ex.getMessage());
                return Mono.empty();
            }))
            .then()
            .onErrorResume((ex) -> {
                logger.warn("Could not announce message " + message.id() + ": " + ex.getMessage());
                return Mono.empty();
            });
    }

    /**
     * The members of a conversation, from a short-lived cache: announcing every message
     * would otherwise read them per message. Members are only written when a conversation
     * is created ({@link #create} drops the entry anyway), so the cache cannot hold a
     * member set that changed; the expiry bounds how long a future membership change
     * could go unseen.
     */
    Mono<List<UUID>> members(UUID conversationId) {
        long now = System.nanoTime();
        CachedMembers cached = this.memberCache.get(conversationId);
        if (cached != null && now - cached.loadedAt() < MEMBER_CACHE_TTL_NANOS) {
            return Mono.just(cached.members());
        }
        return this.store.members(conversationId).collectList().doOnNext((members) -> {
            if (this.memberCache.size() >= MEMBER_CACHE_SIZE) {
                this.memberCache.clear();
            }
            this.memberCache.put(conversationId, new CachedMembers(List.copyOf(members), now));
        });
    }

    private record CachedMembers(List<UUID> members, long loadedAt) {
    }

    /** Moves the read marker; {@code not_found} for a non-member. */
    public Mono<Void> read(UUID user, UUID conversationId, long seq) {
        return guard(this.store.markRead(conversationId, user, seq)
            .flatMap((updated) -> updated ? Mono.<Void>empty() : Mono.error(notFound())));
    }

    private Mono<Void> requireMember(UUID user, UUID conversationId) {
        return this.store.isMember(conversationId, user)
            .flatMap((member) -> member ? Mono.<Void>empty() : Mono.error(notFound()));
    }

    private <T> Mono<T> guard(Mono<T> work) {
        return work.timeout(this.timeout)
            .onErrorMap(TimeoutException.class, (ex) -> new ProblemException(ProblemCode.SERVICE_UNAVAILABLE,
                    "The database did not answer in time"));
    }

    static ProblemException notFound() {
        return new ProblemException(ProblemCode.NOT_FOUND, "No such conversation");
    }

    static String pairKey(UUID a, UUID b) {
        return (a.compareTo(b) < 0) ? a + ":" + b : b + ":" + a;
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
    }

}
