package io.redkeep.analytics.recommend;

import java.util.UUID;

import io.redkeep.analytics.web.QueryValues;
import io.redkeep.analytics.web.Unavailable;
import io.redkeep.defaults.identity.Caller;
import io.redkeep.defaults.identity.CurrentCaller;
import reactor.core.publisher.Mono;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/analytics/recommendations?limit=}.
 */
@RestController
public class RecommendationController {

    private final Recommendations recommendations;

    public RecommendationController(Recommendations recommendations) {
        this.recommendations = recommendations;
    }

    @GetMapping("/api/analytics/recommendations")
    public Mono<ResponseEntity<Recommended>> recommendations(@RequestParam(required = false) String limit,
            @CurrentCaller Caller caller) {
        int size = QueryValues.integer("limit", limit, 1, 100, 20);
        return Unavailable.guard(this.recommendations.get(UUID.fromString(caller.requireUserId()), size))
            .map((result) -> ResponseEntity.ok().header("X-Cache", result.outcome().name()).body(result.value()));
    }

}
