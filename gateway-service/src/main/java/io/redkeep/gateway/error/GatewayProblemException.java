package io.redkeep.gateway.error;

import java.util.List;
import java.util.Map;

import io.redkeep.defaults.problem.Problem;
import io.redkeep.defaults.problem.ProblemCode;

import org.springframework.http.HttpHeaders;

/**
 * A failure the gateway answers itself with a ready {@link Problem}: unlike the shared
 * {@code ProblemException} it carries response headers ({@code Retry-After}, the
 * rate-limit fields) next to extension members such as {@code violatedPolicies}.
 */
public class GatewayProblemException extends RuntimeException {

    private final Problem problem;

    public GatewayProblemException(Problem problem) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
    }

    public GatewayProblemException(ProblemCode code, String detail, HttpHeaders headers, Map<String, Object> extra) {
        this(new Problem(code.status(), code, detail, List.of(), extra, headers));
    }

    public GatewayProblemException(ProblemCode code, String detail) {
        this(Problem.of(code, detail));
    }

    public Problem problem() {
        return this.problem;
    }

}
