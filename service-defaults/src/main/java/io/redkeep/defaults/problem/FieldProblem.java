package io.redkeep.defaults.problem;

/**
 * One entry of a problem's {@code errors} list: which request field is wrong and why.
 *
 * @param field the field as the client named it (JSON property path or query parameter)
 * @param message what is wrong, phrased for the client
 */
public record FieldProblem(String field, String message) {

}
