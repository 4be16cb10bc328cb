package io.redkeep.analytics.trending;

import io.redkeep.analytics.web.QueryValues;
import io.redkeep.analytics.web.Unavailable;
import io.redkeep.defaults.problem.ProblemException;
import reactor.core.publisher.Mono;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/trending/tags?window=1h|24h|7d&limit=}.
 */
@RestController
public class TrendingController {

    private final TrendingTags trending;

    public TrendingController(TrendingTags trending) {
        this.trending = trending;
    }

    @GetMapping("/api/trending/tags")
    public Mono<ResponseEntity<Trending>> tags(@RequestParam(required = false) String window,
            @RequestParam(required = false) String limit) {
        TrendingWindow parsed = (window == null) ? TrendingWindow.DAY : TrendingWindow.parse(window)
            .orElseThrow(() -> ProblemException.validation("window", "must be one of 1h, 24h, 7d"));
        int size = QueryValues.integer("limit", limit, 1, 100, 20);
        return Unavailable.guard(this.trending.read(parsed, size))
            .map((result) -> ResponseEntity.ok().header("X-Cache", result.outcome().name()).body(result.value()));
    }

}
