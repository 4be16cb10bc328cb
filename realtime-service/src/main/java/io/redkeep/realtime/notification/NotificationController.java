package io.redkeep.realtime.notification;

import java.util.List;
import java.util.UUID;

import io.redkeep.defaults.identity.Caller;
import io.redkeep.defaults.identity.CurrentCaller;
import io.redkeep.realtime.conversation.JsonBodies;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/notifications/**} of spec/http-api.md. */
@RestController
@RequestMapping("/api/notifications")
class NotificationController {

    private final NotificationService notifications;

    private final JsonMapper mapper;

    NotificationController(NotificationService notifications, JsonMapper mapper) {
        this.notifications = notifications;
        this.mapper = mapper;
    }

    @GetMapping
    Mono<ObjectNode> list(@RequestParam(required = false) String cursor, @RequestParam(required = false) String limit,
            @CurrentCaller Caller caller) {
        return Mono.defer(() -> {
            Long size = JsonBodies.queryLong("limit", limit, 1, 100);
            return this.notifications.list(UUID.fromString(caller.requireUserId()), cursor,
                    (size != null) ? size.intValue() : 20);
        });
    }

    @PostMapping("/read")
    Mono<ResponseEntity<Void>> read(@RequestBody(required = false) Mono<String> body, @CurrentCaller Caller caller) {
        return JsonBodies.object(this.mapper, body).flatMap((fields) -> {
            Boolean all = fields.bool("all");
            List<UUID> ids = null;
            if (!Boolean.TRUE.equals(all)) {
                ids = fields.uuids("ids", 1, 100);
            }
            fields.throwIfInvalid();
            return this.notifications.markRead(UUID.fromString(caller.requireUserId()), ids);
        }).thenReturn(ResponseEntity.noContent().build());
    }

}
