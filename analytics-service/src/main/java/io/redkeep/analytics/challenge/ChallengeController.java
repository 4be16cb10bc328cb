package io.redkeep.analytics.challenge;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.redkeep.analytics.web.QueryValues;
import io.redkeep.analytics.web.Timestamps;
import io.redkeep.analytics.web.Unavailable;
import io.redkeep.defaults.identity.Caller;
import io.redkeep.defaults.identity.CurrentCaller;
import io.redkeep.defaults.problem.ProblemCode;
import io.redkeep.defaults.problem.ProblemException;
import io.redkeep.redis.event.EventIds;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/challenges}: create, list, show, join, and the leaderboards.
 */
@RestController
@RequestMapping("/api/challenges")
public class ChallengeController {

    private final ChallengeStore store;

    private final Leaderboards boards;

    private final JsonMapper mapper;

    private final Clock clock;

    /**
     * Challenges are never changed once created, so the ones found are kept (bounded): a
     * leaderboard read then needs no PostgreSQL at all.
     */
    private final Map<UUID, Challenge> known = new ConcurrentHashMap<>();

    private static final int KNOWN_MAX = 10_000;

    public ChallengeController(ChallengeStore store, Leaderboards boards, JsonMapper mapper, Clock clock) {
        this.store = store;
        this.boards = boards;
        this.mapper = mapper;
        this.clock = clock;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<Map<String, Object>>> create(@RequestBody(required = false) Mono<String> body,
            @CurrentCaller Caller caller) {
        UUID userId = UUID.fromString(caller.requireUserId());
        return body.defaultIfEmpty("").flatMap((text) -> {
            Instant now = this.clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
            ChallengeRequest request = ChallengeRequest.parse(object(text), now);
            Challenge challenge = new Challenge(UUID.fromString(EventIds.next()), request.title(), request.metric(),
                    request.startsAt(), request.endsAt(), now);
            return Unavailable.guard(this.store.create(challenge, userId));
        })
            .map((challenge) -> ResponseEntity.created(URI.create("/api/challenges/" + challenge.id()))
                .body(json(challenge, 0, false)));
    }

    @GetMapping
    public Mono<Map<String, Object>> list(@RequestParam(required = false) String limit,
            @RequestParam(required = false) String cursor, @CurrentCaller Caller caller) {
        int size = QueryValues.integer("limit", limit, 1, 100, 20);
        Cursor after = (cursor != null) ? Cursor.decode(cursor) : null;
        UUID userId = UUID.fromString(caller.requireUserId());
        return Unavailable.guard(
                this.store
                    .openPageDescribed(this.clock.instant(), (after != null) ? after.createdAt() : null,
                            (after != null) ? after.id() : null, size + 1, userId)
                    .map((row) -> {
                        Map<String, Object> json = json(row.challenge(), row.participants(), row.joined());
                        json.put("__createdAt", row.challenge().createdAt());
                        return json;
                    })
                    .collectList()
                    .map((rows) -> {
                        Map<String, Object> page = new LinkedHashMap<>();
                        List<Map<String, Object>> items = rows.subList(0, Math.min(size, rows.size()));
                        page.put("items", items);
                        String next = null;
                        if (rows.size() > size) {
                            Map<String, Object> last = items.get(items.size() - 1);
                            next = new Cursor((Instant) last.remove("__createdAt"),
                                    UUID.fromString((String) last.get("id")))
                                .encode();
                        }
                        items.forEach((item) -> item.remove("__createdAt"));
                        page.put("nextCursor", next);
                        return page;
                    }));
    }

    @GetMapping("/{id}")
    public Mono<Map<String, Object>> show(@PathVariable String id, @CurrentCaller Caller caller) {
        UUID userId = UUID.fromString(caller.requireUserId());
        return Unavailable.guard(challenge(id).flatMap((challenge) -> describe(challenge, userId)))
            .doOnNext((json) -> json.remove("__createdAt"));
    }

    @PostMapping("/{id}/join")
    public Mono<ResponseEntity<Void>> join(@PathVariable String id, @CurrentCaller Caller caller) {
        UUID userId = UUID.fromString(caller.requireUserId());
        return Unavailable.guard(challenge(id).flatMap((challenge) -> {
            Mono<Void> name = caller.displayName()
                .map((displayName) -> this.store.rememberName(userId, displayName, this.clock.instant()))
                .orElse(Mono.empty());
            return name.then(this.store.join(challenge.id(), userId, this.clock.instant()))
                .then(this.boards.refresh(challenge, userId));
        })).thenReturn(ResponseEntity.noContent().build());
    }

    @GetMapping("/{id}/leaderboard")
    public Mono<Map<String, Object>> leaderboard(@PathVariable String id, @RequestParam(required = false) String limit,
            @RequestParam(required = false) String offset) {
        int size = QueryValues.integer("limit", limit, 1, 200, 50);
        int from = QueryValues.integer("offset", offset, 0, 10_000, 0);
        return Unavailable.guard(challenge(id).flatMap((challenge) -> this.boards.top(challenge.id(), from, size)))
            .map((page) -> {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("items", page.items());
                json.put("total", page.total());
                return json;
            });
    }

    @GetMapping("/{id}/leaderboard/me")
    public Mono<Map<String, Object>> me(@PathVariable String id, @RequestParam(required = false) String around,
            @CurrentCaller Caller caller) {
        int neighbours = QueryValues.integer("around", around, 0, 50, 2);
        UUID userId = UUID.fromString(caller.requireUserId());
        // The board holds participants only: a user found on it needs no PostgreSQL
        // check.
        return Unavailable
            .guard(challenge(id).flatMap((challenge) -> this.boards.me(challenge.id(), userId, neighbours)
                .switchIfEmpty(Mono.defer(() -> this.store.joinedAt(challenge.id(), userId)
                    .switchIfEmpty(Mono.error(() -> new ProblemException(ProblemCode.NOT_FOUND, "Not a participant")))
                    // Joined but missing from the board (state lost before a rebuild):
                    // add
                    // it.
                    .then(this.boards.refresh(challenge, userId))
                    .then(this.boards.me(challenge.id(), userId, neighbours))))))
            .switchIfEmpty(Mono.error(() -> new ProblemException(ProblemCode.NOT_FOUND, "Not a participant")))
            .map((me) -> {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("rank", me.rank());
                json.put("score", me.score());
                json.put("neighbors", me.neighbors());
                return json;
            });
    }

    private Mono<Challenge> challenge(String id) {
        UUID challengeId;
        try {
            challengeId = UUID.fromString(id);
        }
        catch (IllegalArgumentException ex) {
            return Mono.error(new ProblemException(ProblemCode.NOT_FOUND, "No such challenge"));
        }
        Challenge known = this.known.get(challengeId);
        if (known != null) {
            return Mono.just(known);
        }
        return this.store.find(challengeId).doOnNext((found) -> {
            if (this.known.size() >= KNOWN_MAX) {
                this.known.clear();
            }
            this.known.put(found.id(), found);
        }).switchIfEmpty(Mono.error(() -> new ProblemException(ProblemCode.NOT_FOUND, "No such challenge")));
    }

    private Mono<Map<String, Object>> describe(Challenge challenge, UUID userId) {
        return Mono
            .zip(this.store.participants(challenge.id()),
                    this.store.joinedAt(challenge.id(), userId).map((at) -> true).defaultIfEmpty(false))
            .map((pair) -> {
                Map<String, Object> json = json(challenge, pair.getT1(), pair.getT2());
                json.put("__createdAt", challenge.createdAt());
                return json;
            });
    }

    private JsonNode object(String text) {
        JsonNode node;
        try {
            node = text.isBlank() ? null : this.mapper.readTree(text);
        }
        catch (JacksonException ex) {
            node = null;
        }
        if (node == null || !node.isObject()) {
            throw new ProblemException(ProblemCode.MALFORMED_REQUEST, "The body must be a JSON object");
        }
        return node;
    }

    private static Map<String, Object> json(Challenge challenge, long participants, boolean joined) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", challenge.id().toString());
        json.put("title", challenge.title());
        json.put("metric", challenge.metric().value());
        json.put("startsAt", Timestamps.format(challenge.startsAt()));
        json.put("endsAt", Timestamps.format(challenge.endsAt()));
        json.put("participants", participants);
        json.put("joined", joined);
        return json;
    }

    /** The opaque list cursor: the last row's creation time and id. */
    private record Cursor(Instant createdAt, UUID id) {

        String encode() {
            String raw = this.createdAt.getEpochSecond() + "." + this.createdAt.getNano() + ":" + this.id;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
        }

        static Cursor decode(String text) {
            try {
                String raw = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
                int colon = raw.indexOf(':');
                int dot = raw.indexOf('.');
                Instant at = Instant.ofEpochSecond(Long.parseLong(raw.substring(0, dot)),
                        Long.parseLong(raw.substring(dot + 1, colon)));
                return new Cursor(at, UUID.fromString(raw.substring(colon + 1)));
            }
            catch (RuntimeException ex) {
                throw ProblemException.validation("cursor", "is not a cursor of this list");
            }
        }

    }

}
