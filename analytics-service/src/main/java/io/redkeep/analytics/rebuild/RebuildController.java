package io.redkeep.analytics.rebuild;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.redkeep.analytics.web.QueryValues;
import io.redkeep.analytics.web.Unavailable;
import io.redkeep.defaults.identity.Caller;
import io.redkeep.defaults.identity.CurrentCaller;
import io.redkeep.defaults.problem.ProblemCode;
import io.redkeep.defaults.problem.ProblemException;
import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/analytics/admin/rebuild[?rollups=true]} (role {@code admin}): rebuilds
 * the derived Redis state from PostgreSQL and answers what it wrote; with
 * {@code rollups=true} the rollups are first rebuilt from the streams' retained history.
 */
@RestController
public class RebuildController {

    private final DerivedStateRebuild rebuild;

    private final RollupReplay replay;

    public RebuildController(DerivedStateRebuild rebuild, RollupReplay replay) {
        this.rebuild = rebuild;
        this.replay = replay;
    }

    @PostMapping("/api/analytics/admin/rebuild")
    public Mono<Map<String, Object>> rebuild(@RequestParam(required = false) String rollups,
            @CurrentCaller Caller caller) {
        if (!caller.role().filter("admin"::equals).isPresent()) {
            return Mono.error(new ProblemException(ProblemCode.FORBIDDEN, "Only administrators may rebuild"));
        }
        boolean replayRollups = "true".equals(QueryValues.oneOf("rollups", rollups, Set.of("true", "false"), "false"));
        Mono<Long> replayed = replayRollups ? this.replay.run() : Mono.just(-1L);
        return Unavailable.guard(replayed.flatMap((events) -> this.rebuild.run().map((result) -> {
            Map<String, Object> json = new LinkedHashMap<>();
            if (events >= 0) {
                json.put("replayedEvents", events);
            }
            json.put("streaks", result.streaks());
            json.put("leaderboards", result.leaderboards());
            json.put("trendingBuckets", result.trendingBuckets());
            return json;
        })));
    }

}
