package io.redkeep.analytics.dashboard;

import java.util.UUID;

import io.redkeep.analytics.streak.Streak;
import io.redkeep.analytics.streak.Streaks;
import io.redkeep.analytics.web.Unavailable;
import io.redkeep.defaults.identity.Caller;
import io.redkeep.defaults.identity.CurrentCaller;
import io.redkeep.defaults.problem.ProblemException;
import reactor.core.publisher.Mono;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/analytics/dashboard} and {@code GET /api/analytics/streak}.
 */
@RestController
@RequestMapping("/api/analytics")
public class DashboardController {

    private final Dashboards dashboards;

    private final Streaks streaks;

    public DashboardController(Dashboards dashboards, Streaks streaks) {
        this.dashboards = dashboards;
        this.streaks = streaks;
    }

    @GetMapping("/dashboard")
    public Mono<ResponseEntity<Dashboard>> dashboard(@RequestParam(required = false) String range,
            @CurrentCaller Caller caller) {
        DashboardRange parsed = (range == null) ? DashboardRange.DAYS_7 : DashboardRange.parse(range)
            .orElseThrow(() -> ProblemException.validation("range", "must be one of 7d, 30d, 90d"));
        UUID userId = UUID.fromString(caller.requireUserId());
        return Unavailable.guard(this.dashboards.get(userId, parsed))
            .map((result) -> ResponseEntity.ok().header("X-Cache", result.outcome().name()).body(result.value()));
    }

    /** The streak from the state role; {@code 503} while it is unreachable. */
    @GetMapping("/streak")
    public Mono<Streak> streak(@CurrentCaller Caller caller) {
        return Unavailable.guard(this.streaks.read(UUID.fromString(caller.requireUserId())));
    }

}
