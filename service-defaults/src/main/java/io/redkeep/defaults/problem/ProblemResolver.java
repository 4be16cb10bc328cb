package io.redkeep.defaults.problem;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.ValueInstantiationException;

import org.springframework.beans.TypeMismatchException;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.util.ClassUtils;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.server.ContentTooLargeException;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.MissingRequestValueException;
import org.springframework.web.server.NotAcceptableStatusException;
import org.springframework.web.server.PayloadTooLargeException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;

/**
 * Maps any failure to the {@link Problem} spec/http-api.md prescribes. Details come from
 * what the client sent (field names, methods), never from exception messages of unknown
 * failures, so a 5xx leaks nothing internal.
 */
public class ProblemResolver {

    private static final boolean SECURITY_PRESENT = ClassUtils
        .isPresent("org.springframework.security.core.AuthenticationException", ProblemResolver.class.getClassLoader());

    /**
     * The problem for a failure.
     * @param ex the failure
     * @return the problem to answer with
     */
    public Problem resolve(Throwable ex) {
        if (ex instanceof ProblemException problem) {
            return Problem.of(problem);
        }
        if (isTooLarge(ex)) {
            return Problem.of(ProblemCode.PAYLOAD_TOO_LARGE, "The request body is too large");
        }
        if (ex instanceof WebExchangeBindException bind) {
            return validation(bindErrors(bind.getAllErrors()));
        }
        if (ex instanceof HandlerMethodValidationException validation) {
            return validation(methodValidationErrors(validation));
        }
        if (ex instanceof ConstraintViolationException violations) {
            return validation(violationErrors(violations));
        }
        if (ex instanceof ServerWebInputException input) {
            return inputProblem(input);
        }
        if (ex instanceof MethodNotAllowedException notAllowed) {
            String allowed = notAllowed.getSupportedMethods()
                .stream()
                .map(HttpMethod::name)
                .sorted()
                .collect(Collectors.joining(", "));
            return Problem
                .of(ProblemCode.METHOD_NOT_ALLOWED,
                        "Method " + notAllowed.getHttpMethod() + " is not allowed here"
                                + (allowed.isEmpty() ? "" : "; allowed: " + allowed))
                .withHeader(HttpHeaders.ALLOW, allowed);
        }
        if (ex instanceof NotAcceptableStatusException) {
            return Problem.of(ProblemCode.NOT_ACCEPTABLE, "None of the acceptable media types can be produced");
        }
        if (ex instanceof UnsupportedMediaTypeStatusException unsupported) {
            return Problem.of(ProblemCode.UNSUPPORTED_MEDIA_TYPE,
                    "Content type " + ((unsupported.getContentType() != null) ? unsupported.getContentType() : "(none)")
                            + " is not supported here");
        }
        if (SECURITY_PRESENT && ex instanceof AuthenticationException) {
            return Problem.of(ProblemCode.UNAUTHENTICATED, "A valid internal token is required");
        }
        if (SECURITY_PRESENT && ex instanceof AccessDeniedException) {
            return Problem.of(ProblemCode.FORBIDDEN, "Access denied");
        }
        if (ex instanceof ResponseStatusException status) {
            return statusProblem(status);
        }
        if (ex instanceof TimeoutException) {
            return Problem.of(ProblemCode.TIMEOUT, "The request timed out");
        }
        return Problem.of(ProblemCode.INTERNAL_ERROR, "An unexpected error occurred");
    }

    private static Problem statusProblem(ResponseStatusException ex) {
        int status = ex.getStatusCode().value();
        ProblemCode code = ProblemCode.forStatus(status);
        String detail = switch (code) {
            case NOT_FOUND -> "No resource at this path";
            case INTERNAL_ERROR -> "An unexpected error occurred";
            default -> code.title();
        };
        return new Problem(ex.getStatusCode(), code, detail, List.of(), Map.of(), ex.getHeaders());
    }

    private static Problem validation(List<FieldProblem> errors) {
        return Problem.of(ProblemException.validation(errors));
    }

    private static boolean isTooLarge(Throwable ex) {
        for (Throwable current = ex; current != null; current = current.getCause()) {
            if (current instanceof DataBufferLimitException || current instanceof ContentTooLargeException
                    || current instanceof PayloadTooLargeException) {
                return true;
            }
            if (current.getCause() == current) {
                break;
            }
        }
        return false;
    }

    private static Problem inputProblem(ServerWebInputException ex) {
        if (ex instanceof MissingRequestValueException missing) {
            return validation(List.of(new FieldProblem(missing.getName(), "is required")));
        }
        JacksonException json = findCause(ex, JacksonException.class);
        if (json != null) {
            return jsonProblem(json);
        }
        TypeMismatchException mismatch = findCause(ex, TypeMismatchException.class);
        if (mismatch != null) {
            String field = (ex.getMethodParameter() != null) ? parameterName(ex.getMethodParameter())
                    : mismatch.getPropertyName();
            return validation(List.of(new FieldProblem((field != null) ? field : "parameter", "has the wrong type")));
        }
        if (ex.getMethodParameter() != null && ex.getReason() != null && ex.getReason().startsWith("No request body")) {
            return Problem.of(ProblemCode.MALFORMED_REQUEST, "A request body is required");
        }
        return Problem.of(ProblemCode.MALFORMED_REQUEST, "The request could not be read");
    }

    private static Problem jsonProblem(JacksonException ex) {
        String field = jsonPath(ex);
        if (ex instanceof StreamReadException || field.isEmpty()) {
            // Unparseable text, or a root that is not the expected object (array,
            // scalar).
            return Problem.of(ProblemCode.MALFORMED_REQUEST, "The request body is not a valid JSON object");
        }
        if (ex instanceof ValueInstantiationException) {
            return validation(List.of(new FieldProblem(field, "is invalid")));
        }
        if (ex instanceof MismatchedInputException) {
            return validation(List.of(new FieldProblem(field, "has the wrong type")));
        }
        return validation(List.of(new FieldProblem(field, "is invalid")));
    }

    private static String jsonPath(JacksonException ex) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : ex.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            }
            else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static List<FieldProblem> bindErrors(List<ObjectError> errors) {
        List<FieldProblem> problems = new ArrayList<>();
        for (ObjectError error : errors) {
            String field = (error instanceof FieldError fieldError) ? fieldError.getField() : error.getObjectName();
            problems.add(new FieldProblem(field, message(error)));
        }
        return problems;
    }

    private static List<FieldProblem> methodValidationErrors(HandlerMethodValidationException ex) {
        List<FieldProblem> problems = new ArrayList<>();
        ex.getParameterValidationResults().forEach((result) -> {
            String name = parameterName(result.getMethodParameter());
            if (result instanceof org.springframework.validation.method.ParameterErrors errors) {
                problems.addAll(bindErrors(errors.getAllErrors()));
            }
            else {
                result.getResolvableErrors().forEach((error) -> problems.add(new FieldProblem(name, message(error))));
            }
        });
        return problems;
    }

    private static List<FieldProblem> violationErrors(ConstraintViolationException ex) {
        List<FieldProblem> problems = new ArrayList<>();
        for (ConstraintViolation<?> violation : ex.getConstraintViolations()) {
            problems.add(new FieldProblem(violationField(violation.getPropertyPath()), violation.getMessage()));
        }
        problems.sort((a, b) -> a.field().compareTo(b.field()));
        return problems;
    }

    private static String violationField(Path path) {
        StringBuilder properties = new StringBuilder();
        String parameter = null;
        for (Path.Node node : path) {
            if (node.getKind() == ElementKind.PARAMETER) {
                parameter = node.getName();
            }
            else if (node.getKind() == ElementKind.PROPERTY || node.getKind() == ElementKind.CONTAINER_ELEMENT) {
                if (node.isInIterable()) {
                    Object position = (node.getIndex() != null) ? node.getIndex() : node.getKey();
                    properties.append('[').append(position).append(']');
                }
                if (node.getName() != null && !node.getName().startsWith("<")) {
                    if (!properties.isEmpty()) {
                        properties.append('.');
                    }
                    properties.append(node.getName());
                }
            }
        }
        if (!properties.isEmpty()) {
            return properties.toString();
        }
        return (parameter != null) ? parameter : path.toString();
    }

    private static String parameterName(org.springframework.core.MethodParameter parameter) {
        RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
        if (param != null && !param.name().isEmpty()) {
            return param.name();
        }
        String name = parameter.getParameterName();
        return (name != null) ? name : "arg" + parameter.getParameterIndex();
    }

    private static String message(MessageSourceResolvable error) {
        return (error.getDefaultMessage() != null) ? error.getDefaultMessage() : "is invalid";
    }

    private static <T> T findCause(Throwable ex, Class<T> type) {
        for (Throwable current = ex; current != null; current = current.getCause()) {
            if (type.isInstance(current)) {
                return type.cast(current);
            }
            if (current.getCause() == current) {
                break;
            }
        }
        return null;
    }

}
