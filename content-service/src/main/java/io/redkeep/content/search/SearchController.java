package io.redkeep.content.search;

import java.nio.charset.StandardCharsets;

import io.redkeep.content.item.ItemController;
import io.redkeep.defaults.identity.Caller;
import io.redkeep.defaults.identity.CurrentCaller;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/search}: full-text search with an {@code X-Cache} header. */
@RestController
public class SearchController {

    static final String X_CACHE = "X-Cache";

    private final SearchService search;

    public SearchController(SearchService search) {
        this.search = search;
    }

    @GetMapping("/api/search")
    public Mono<ResponseEntity<byte[]>> search(@RequestParam MultiValueMap<String, String> params,
            @CurrentCaller Caller caller) {
        var userId = ItemController.userId(caller);
        SearchRequest request = SearchRequest.of(params);
        // The page's JSON as the cache stores it: a HIT writes the stored text without
        // decoding it into objects and encoding them again.
        return this.search.searchJson(userId, request)
            .map((result) -> ResponseEntity.ok()
                .header(X_CACHE, result.outcome().name())
                .contentType(MediaType.APPLICATION_JSON)
                .body(result.value().getBytes(StandardCharsets.UTF_8)));
    }

}
