package io.redkeep.auth.user;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.redkeep.defaults.identity.Caller;
import io.redkeep.defaults.identity.CurrentCaller;
import io.redkeep.defaults.problem.FieldProblem;
import io.redkeep.defaults.problem.ProblemCode;
import io.redkeep.defaults.problem.ProblemException;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Registration, the caller's profile and the user directory
 * ({@code GET /api/users?email=}, exact match, for starting conversations).
 */
@RestController
class UserController {

    private final UserAccounts accounts;

    UserController(UserAccounts accounts) {
        this.accounts = accounts;
    }

    @PostMapping("/api/auth/register")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<UserView> register(@RequestBody RegisterRequest request) {
        List<FieldProblem> problems = new ArrayList<>();
        UserInput.email("email", request.email(), problems);
        UserInput.newPassword("password", request.password(), request.email(), problems);
        String displayName = UserInput.displayName("displayName", request.displayName(), problems);
        if (!problems.isEmpty()) {
            return Mono.error(ProblemException.validation(problems));
        }
        return this.accounts.register(request.email(), request.password(), displayName);
    }

    @GetMapping("/api/auth/me")
    Mono<UserView> me(@CurrentCaller Caller caller) {
        return userId(caller).flatMap(this.accounts::profile);
    }

    @PatchMapping("/api/auth/me")
    Mono<UserView> update(@RequestBody UpdateRequest request, @CurrentCaller Caller caller) {
        return userId(caller).flatMap((userId) -> {
            if (!request.displayNameGiven()) {
                return this.accounts.profile(userId);
            }
            List<FieldProblem> problems = new ArrayList<>();
            String displayName = UserInput.displayName("displayName", request.displayName(), problems);
            if (!problems.isEmpty()) {
                return Mono.error(ProblemException.validation(problems));
            }
            return this.accounts.rename(userId, displayName);
        });
    }

    @GetMapping("/api/users")
    Mono<DirectoryPage> directory(@RequestParam(name = "email", required = false) String email,
            @CurrentCaller Caller caller) {
        return userId(caller).flatMap((ignored) -> {
            List<FieldProblem> problems = new ArrayList<>();
            UserInput.email("email", email, problems);
            if (!problems.isEmpty()) {
                return Mono.error(ProblemException.validation(problems));
            }
            return this.accounts.findByEmail(email)
                .map((user) -> List.of(new DirectoryEntry(user.id().toString(), user.displayName())))
                .defaultIfEmpty(List.of())
                .map(DirectoryPage::new);
        });
    }

    private static Mono<UUID> userId(Caller caller) {
        if (caller == null || caller.isAnonymous()) {
            return Mono.error(new ProblemException(ProblemCode.UNAUTHENTICATED, "A session is required"));
        }
        return Mono.just(UUID.fromString(caller.requireUserId()));
    }

    record RegisterRequest(String email, String password, String displayName) {
    }

    record DirectoryPage(List<DirectoryEntry> items) {
    }

    record DirectoryEntry(String id, String displayName) {
    }

}
