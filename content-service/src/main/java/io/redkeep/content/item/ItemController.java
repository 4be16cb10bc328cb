package io.redkeep.content.item;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import io.redkeep.defaults.identity.Caller;
import io.redkeep.defaults.identity.CurrentCaller;
import io.redkeep.defaults.problem.ProblemCode;
import io.redkeep.defaults.problem.ProblemException;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * CRUD of bookmarks, tasks, notes and files ({@code /api/{kind}}); file uploads and
 * downloads have their own controller. Bodies are parsed here as JSON trees so that type
 * checks are strict and every field error is reported.
 */
@RestController
@RequestMapping("/api")
public class ItemController {

    private static final String KINDS = "/{kind:bookmarks|tasks|notes|files}";

    private static final String JSON_KINDS = "/{kind:bookmarks|tasks|notes}";

    private static final Pattern UUID_TEXT = Pattern
        .compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private static final String TASK_STATUS = "status";

    private final ItemKinds kinds;

    private final ItemService items;

    private final JsonMapper mapper;

    public ItemController(ItemKinds kinds, ItemService items, JsonMapper mapper) {
        this.kinds = kinds;
        this.items = items;
        this.mapper = mapper;
    }

    @GetMapping(KINDS)
    public Mono<Page<Map<String, Object>>> list(@PathVariable String kind,
            @RequestParam MultiValueMap<String, String> params, @CurrentCaller Caller caller) {
        ItemKind itemKind = this.kinds.byPath(kind);
        int limit = QueryValues.limit(params);
        PageCursor cursor = QueryValues.cursor(params);
        String tag = QueryValues.tag(params, "tag");
        String status = null;
        if (itemKind.kind() == Kind.TASK && params.containsKey(TASK_STATUS)) {
            status = params.getFirst(TASK_STATUS);
            if (!TaskStatuses.ALL.contains(status)) {
                throw ProblemException.validation(TASK_STATUS, "must be one of " + TaskStatuses.DESCRIPTION);
            }
        }
        return this.items.list(itemKind, userId(caller), new ItemStore.ListFilter(tag, status), limit, cursor)
            .map((page) -> new Page<>(page.items().stream().map((item) -> item.toJson(itemKind)).toList(),
                    page.nextCursor()));
    }

    @PostMapping(path = JSON_KINDS, consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<Map<String, Object>>> create(@PathVariable String kind,
            @RequestBody(required = false) Mono<String> body, @CurrentCaller Caller caller) {
        ItemKind itemKind = this.kinds.byPath(kind);
        return parse(body).flatMap((json) -> {
            FieldReader reader = new FieldReader(json);
            Map<String, Object> values = itemKind.parseCreate(reader);
            List<String> tags = reader.tags("tags");
            reader.notNull("tags");
            reader.throwIfInvalid();
            return this.items.create(itemKind, userId(caller), values, (tags != null) ? tags : List.of());
        })
            .map((item) -> ResponseEntity.created(URI.create("/api/" + itemKind.kind().plural() + "/" + item.id()))
                .eTag(item.etag())
                .body(item.toJson(itemKind)));
    }

    @GetMapping(KINDS + "/{id}")
    public Mono<ResponseEntity<Map<String, Object>>> get(@PathVariable String kind, @PathVariable String id,
            @CurrentCaller Caller caller) {
        ItemKind itemKind = this.kinds.byPath(kind);
        return this.items.find(itemKind, userId(caller), id(itemKind, id))
            .map((item) -> ResponseEntity.ok().eTag(item.etag()).body(item.toJson(itemKind)));
    }

    @PatchMapping(path = KINDS + "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Mono<ResponseEntity<Map<String, Object>>> patch(@PathVariable String kind, @PathVariable String id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) List<String> ifMatch,
            @RequestBody(required = false) Mono<String> body, @CurrentCaller Caller caller) {
        ItemKind itemKind = this.kinds.byPath(kind);
        UUID itemId = id(itemKind, id);
        return parse(body).flatMap((json) -> {
            FieldReader reader = new FieldReader(json);
            Map<String, Object> changes = itemKind.parsePatch(reader);
            List<String> tags = reader.tags("tags");
            reader.notNull("tags");
            reader.throwIfInvalid();
            return this.items.update(itemKind, userId(caller), itemId, Preconditions.ifMatch(ifMatch), changes, tags);
        }).map((item) -> ResponseEntity.ok().eTag(item.etag()).body(item.toJson(itemKind)));
    }

    @DeleteMapping(KINDS + "/{id}")
    public Mono<ResponseEntity<Void>> delete(@PathVariable String kind, @PathVariable String id,
            @CurrentCaller Caller caller) {
        ItemKind itemKind = this.kinds.byPath(kind);
        return this.items.delete(itemKind, userId(caller), id(itemKind, id))
            .map((deleted) -> ResponseEntity.noContent().<Void>build());
    }

    private Mono<ObjectNode> parse(Mono<String> body) {
        return body.defaultIfEmpty("").map((text) -> {
            JsonNode node;
            try {
                node = text.isBlank() ? null : this.mapper.readTree(text);
            }
            catch (JacksonException ex) {
                node = null;
            }
            if (node instanceof ObjectNode object) {
                return object;
            }
            throw new ProblemException(ProblemCode.MALFORMED_REQUEST, "The request body must be a JSON object");
        });
    }

    /** The caller's user id; the gateway only forwards signed-in users here. */
    public static UUID userId(Caller caller) {
        try {
            return UUID.fromString(caller.requireUserId());
        }
        catch (IllegalArgumentException | IllegalStateException ex) {
            throw new ProblemException(ProblemCode.UNAUTHENTICATED, "A signed-in user is required");
        }
    }

    /** A path id; anything that is not a UUID cannot name an item: {@code 404}. */
    public static UUID id(ItemKind kind, String id) {
        if (!UUID_TEXT.matcher(id).matches()) {
            throw new ProblemException(ProblemCode.NOT_FOUND, "No such " + kind.kind().singular());
        }
        return UUID.fromString(id);
    }

}
