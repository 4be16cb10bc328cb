package io.redkeep.defaults.identity;

import java.util.LinkedHashMap;
import java.util.Map;

import reactor.core.publisher.Mono;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Echoes the caller so tests can see what a controller receives.
 */
@RestController
class IdentityTestController {

    @GetMapping("/api/me")
    Mono<Map<String, Object>> me(@CurrentCaller Caller caller) {
        return Mono.just(describe(caller));
    }

    @GetMapping("/api/auth/login")
    Mono<Map<String, Object>> login() {
        return Caller.current().map(IdentityTestController::describe);
    }

    @GetMapping("/api/admin-only")
    Mono<String> adminOnly() {
        return Mono.error(new AccessDeniedException("admins only"));
    }

    @GetMapping("/actuator/health/custom")
    Mono<String> health() {
        return Mono.just("up");
    }

    private static Map<String, Object> describe(Caller caller) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("anonymous", caller.isAnonymous());
        body.put("userId", caller.userId().orElse(null));
        body.put("sessionId", caller.sessionId().orElse(null));
        body.put("role", caller.role().orElse(null));
        body.put("displayName", caller.displayName().orElse(null));
        body.put("ip", caller.ip());
        return body;
    }

}
