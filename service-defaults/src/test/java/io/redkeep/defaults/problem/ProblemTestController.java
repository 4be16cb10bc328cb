package io.redkeep.defaults.problem;

import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Endpoints that fail in every way the error contract covers.
 */
@RestController
@RequestMapping("/test")
class ProblemTestController {

    private final Validator validator;

    ProblemTestController(Validator validator) {
        this.validator = validator;
    }

    @PostMapping(path = "/body", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<Payload> body(@Valid @RequestBody Payload payload) {
        return Mono.just(payload);
    }

    @GetMapping("/query")
    Mono<Integer> query(@RequestParam @Min(1) @Max(100) int limit) {
        return Mono.just(limit);
    }

    @GetMapping("/violation")
    Mono<String> violation() {
        Set<ConstraintViolation<Payload>> violations = this.validator
            .validate(new Payload("", 1, true, List.of(new Item(null))));
        return Mono.error(new ConstraintViolationException(violations));
    }

    @GetMapping("/conflict")
    Mono<String> conflict() {
        return Mono.error(new ProblemException(HttpStatus.TOO_MANY_REQUESTS, ProblemCode.TOO_MANY_ATTEMPTS,
                "Too many failed logins", Map.of("retryAfter", 42)));
    }

    @GetMapping("/boom")
    Mono<String> boom() {
        return Mono.error(new IllegalStateException("connection to db-internal.redkeep:5432 refused"));
    }

    @GetMapping(path = "/json", produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<Map<String, String>> json() {
        return Mono.just(Map.of("ok", "yes"));
    }

    record Payload(@NotBlank @Size(max = 5) String name, int count, Boolean flag, List<@Valid Item> items) {

    }

    record Item(@NotNull String label) {

    }

}
