package io.redkeep.defaults.problem;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatusCode;

/**
 * The one exception services throw for an expected failure; the shared error handler
 * turns it into problem+json with the given code. Being expected, it carries no stack
 * trace.
 */
public class ProblemException extends RuntimeException {

    private final HttpStatusCode status;

    private final ProblemCode code;

    private final Map<String, Object> extra;

    private final List<FieldProblem> errors;

    /**
     * A problem with an explicit status and extra members.
     * @param status the HTTP status (usually {@code code.status()})
     * @param code the stable code
     * @param detail human-readable explanation, safe to show to the client
     * @param extra extra top-level members of the problem (e.g. {@code retryAfter})
     */
    public ProblemException(HttpStatusCode status, ProblemCode code, String detail, Map<String, Object> extra) {
        this(status, code, detail, extra, List.of());
    }

    /**
     * A problem with the code's own status.
     * @param code the stable code
     * @param detail human-readable explanation, safe to show to the client
     */
    public ProblemException(ProblemCode code, String detail) {
        this(code.status(), code, detail, Map.of(), List.of());
    }

    private ProblemException(HttpStatusCode status, ProblemCode code, String detail, Map<String, Object> extra,
            List<FieldProblem> errors) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.extra = Map.copyOf(extra);
        this.errors = List.copyOf(errors);
    }

    /**
     * A {@code 400 validation_failed} with one entry per field.
     * @param errors the wrong fields
     * @return the exception to throw or signal
     */
    public static ProblemException validation(List<FieldProblem> errors) {
        String detail = errors.isEmpty() ? "Request validation failed"
                : errors.get(0).field() + " " + errors.get(0).message();
        return new ProblemException(ProblemCode.VALIDATION_FAILED.status(), ProblemCode.VALIDATION_FAILED, detail,
                Map.of(), errors);
    }

    /**
     * A {@code 400 validation_failed} for a single field.
     * @param field the field name
     * @param message what is wrong
     * @return the exception to throw or signal
     */
    public static ProblemException validation(String field, String message) {
        return validation(List.of(new FieldProblem(field, message)));
    }

    public HttpStatusCode getStatus() {
        return this.status;
    }

    public ProblemCode getCode() {
        return this.code;
    }

    public String getDetail() {
        return getMessage();
    }

    public Map<String, Object> getExtra() {
        return this.extra;
    }

    public List<FieldProblem> getErrors() {
        return this.errors;
    }

}
