package io.redkeep.realtime.presence;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

import io.redkeep.defaults.identity.Caller;
import io.redkeep.defaults.identity.CurrentCaller;
import io.redkeep.defaults.problem.ProblemException;
import io.redkeep.realtime.conversation.ConversationService;
import io.redkeep.realtime.conversation.Fields;
import io.redkeep.realtime.conversation.Message;
import io.redkeep.realtime.user.UserDirectory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/presence?userIds=a,b}: only users sharing a conversation with the
 * caller are answered; others are omitted.
 */
@RestController
@RequestMapping("/api/presence")
class PresenceController {

    private final PresenceTracker presence;

    private final ConversationService conversations;

    private final UserDirectory users;

    PresenceController(PresenceTracker presence, ConversationService conversations, UserDirectory users) {
        this.presence = presence;
        this.conversations = conversations;
        this.users = users;
    }

    @GetMapping
    Mono<ObjectNode> presence(@RequestParam(required = false) String userIds, @CurrentCaller Caller caller) {
        return Mono.defer(() -> {
            Set<UUID> requested = parse(userIds);
            UUID self = UUID.fromString(caller.requireUserId());
            return this.conversations.contacts(self)
                .filter(requested::contains)
                .collectList()
                .flatMap((visible) -> Mono.zip(this.presence.online(visible), this.users.lastSeen(visible))
                    .map((tuple) -> {
                        ObjectNode body = JsonNodeFactory.instance.objectNode();
                        String now = Message.timestamp(Instant.now());
                        for (UUID user : visible) {
                            boolean online = tuple.getT1().contains(user);
                            Instant seen = tuple.getT2().get(user);
                            body.putObject(user.toString())
                                .put("online", online)
                                .put("lastSeenAt", online ? now : Message.timestamp(seen));
                        }
                        return body;
                    }));
        });
    }

    private static Set<UUID> parse(String userIds) {
        if (userIds == null || userIds.isBlank()) {
            throw ProblemException.validation("userIds", "is required");
        }
        Set<UUID> ids = new LinkedHashSet<>();
        for (String part : userIds.split(",", -1)) {
            UUID id = Fields.parseUuid(part.trim());
            if (id == null) {
                throw ProblemException.validation("userIds", "must be a comma list of UUIDs");
            }
            ids.add(id);
        }
        if (ids.size() > 100) {
            throw ProblemException.validation("userIds", "must hold at most 100 ids");
        }
        return ids;
    }

}
