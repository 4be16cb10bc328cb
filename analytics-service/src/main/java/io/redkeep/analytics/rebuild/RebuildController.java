package io.redkeep.analytics.rebuild;

import io.redkeep.analytics.web.Unavailable;
import io.redkeep.defaults.identity.Caller;
import io.redkeep.defaults.identity.CurrentCaller;
import io.redkeep.defaults.problem.ProblemCode;
import io.redkeep.defaults.problem.ProblemException;
import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/analytics/admin/rebuild} (role {@code admin}): rebuilds the derived
 * Redis state from PostgreSQL and answers what it wrote.
 */
@RestController
public class RebuildController {

    private final DerivedStateRebuild rebuild;

    public RebuildController(DerivedStateRebuild rebuild) {
        this.rebuild = rebuild;
    }

    @PostMapping("/api/analytics/admin/rebuild")
    public Mono<DerivedStateRebuild.Result> rebuild(@CurrentCaller Caller caller) {
        if (!caller.role().filter("admin"::equals).isPresent()) {
            return Mono.error(new ProblemException(ProblemCode.FORBIDDEN, "Only administrators may rebuild"));
        }
        return Unavailable.guard(this.rebuild.run());
    }

}
