package io.redkeep.auth.password;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.redkeep.auth.user.UserInput;
import io.redkeep.defaults.identity.Caller;
import io.redkeep.defaults.identity.CurrentCaller;
import io.redkeep.defaults.problem.FieldProblem;
import io.redkeep.defaults.problem.ProblemCode;
import io.redkeep.defaults.problem.ProblemException;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/auth/password}. */
@RestController
class PasswordController {

    private final PasswordChange passwords;

    PasswordController(PasswordChange passwords) {
        this.passwords = passwords;
    }

    @PostMapping("/api/auth/password")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> change(@RequestBody ChangeRequest request, @CurrentCaller Caller caller) {
        if (caller == null || caller.isAnonymous()) {
            return Mono.error(new ProblemException(ProblemCode.UNAUTHENTICATED, "A session is required"));
        }
        List<FieldProblem> problems = new ArrayList<>();
        UserInput.givenPassword("currentPassword", request.currentPassword(), problems);
        UserInput.newPassword("newPassword", request.newPassword(), null, problems);
        if (!problems.isEmpty()) {
            return Mono.error(ProblemException.validation(problems));
        }
        return this.passwords.change(UUID.fromString(caller.requireUserId()), caller.sessionId().orElse(null),
                request.currentPassword(), request.newPassword());
    }

    record ChangeRequest(String currentPassword, String newPassword) {
    }

}
