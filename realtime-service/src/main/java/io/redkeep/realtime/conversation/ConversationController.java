package io.redkeep.realtime.conversation;

import java.util.List;
import java.util.UUID;

import io.redkeep.defaults.identity.Caller;
import io.redkeep.defaults.identity.CurrentCaller;
import io.redkeep.defaults.problem.ProblemCode;
import io.redkeep.defaults.problem.ProblemException;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/conversations/**} of spec/http-api.md. A REST send is the WebSocket send:
 * same service call, same fan-out, same events.
 */
@RestController
@RequestMapping("/api/conversations")
class ConversationController {

    private final ConversationService conversations;

    private final JsonMapper mapper;

    ConversationController(ConversationService conversations, JsonMapper mapper) {
        this.conversations = conversations;
        this.mapper = mapper;
    }

    @PostMapping
    Mono<ResponseEntity<ObjectNode>> create(@RequestBody(required = false) Mono<String> body,
            @CurrentCaller Caller caller) {
        return JsonBodies.object(this.mapper, body).flatMap((fields) -> {
            String title = fields.text("title", 1, 100, false);
            List<UUID> memberIds = fields.uuids("memberIds", 1, 51);
            fields.throwIfInvalid();
            return this.conversations.create(user(caller), caller.displayName().orElse(""), title, memberIds);
        })
            .map((entry) -> ResponseEntity.status(entry.getValue() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(entry.getKey()));
    }

    @GetMapping
    Mono<ObjectNode> list(@RequestParam(required = false) String cursor, @RequestParam(required = false) String limit,
            @CurrentCaller Caller caller) {
        return Mono.defer(() -> {
            Long size = JsonBodies.queryLong("limit", limit, 1, 100);
            return this.conversations.list(user(caller), cursor, (size != null) ? size.intValue() : 20);
        });
    }

    @GetMapping("/{id}/messages")
    Mono<ObjectNode> history(@PathVariable String id, @RequestParam(required = false) String afterSeq,
            @RequestParam(required = false) String beforeSeq, @RequestParam(required = false) String limit,
            @CurrentCaller Caller caller) {
        return Mono.defer(() -> {
            UUID conversationId = conversationId(id);
            Long after = JsonBodies.queryLong("afterSeq", afterSeq, 0, Long.MAX_VALUE);
            Long before = JsonBodies.queryLong("beforeSeq", beforeSeq, 1, Long.MAX_VALUE);
            Long size = JsonBodies.queryLong("limit", limit, 1, 100);
            return this.conversations.history(user(caller), conversationId, after, before,
                    (size != null) ? size.intValue() : 20);
        }).map((messages) -> {
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            ArrayNode items = body.putArray("items");
            messages.forEach((message) -> items.add(message.toJson()));
            return body;
        });
    }

    @PostMapping("/{id}/messages")
    Mono<ResponseEntity<ObjectNode>> send(@PathVariable String id, @RequestBody(required = false) Mono<String> body,
            @CurrentCaller Caller caller) {
        return JsonBodies.object(this.mapper, body).flatMap((fields) -> {
            UUID conversationId = conversationId(id);
            String text = fields.text("body", 1, 4000, true);
            String clientMsgId = fields.text("clientMsgId", 1, 64, true);
            fields.throwIfInvalid();
            return this.conversations.send(user(caller), conversationId, text, clientMsgId);
        })
            .flatMap((result) -> this.conversations.announce(result).thenReturn(result))
            .map((result) -> ResponseEntity.status(result.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(result.message().toJson()));
    }

    @PostMapping("/{id}/read")
    Mono<ResponseEntity<Void>> read(@PathVariable String id, @RequestBody(required = false) Mono<String> body,
            @CurrentCaller Caller caller) {
        return JsonBodies.object(this.mapper, body).flatMap((fields) -> {
            UUID conversationId = conversationId(id);
            Long seq = fields.integer("seq", 0, Long.MAX_VALUE, true);
            fields.throwIfInvalid();
            return this.conversations.read(user(caller), conversationId, seq);
        }).thenReturn(ResponseEntity.noContent().build());
    }

    /** A path id that is not a UUID names no conversation of the caller's. */
    private static UUID conversationId(String id) {
        UUID parsed = Fields.parseUuid(id);
        if (parsed == null) {
            throw new ProblemException(ProblemCode.NOT_FOUND, "No such conversation");
        }
        return parsed;
    }

    static UUID user(Caller caller) {
        return UUID.fromString(caller.requireUserId());
    }

}
