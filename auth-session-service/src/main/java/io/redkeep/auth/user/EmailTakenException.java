package io.redkeep.auth.user;

import io.redkeep.defaults.problem.ProblemCode;
import io.redkeep.defaults.problem.ProblemException;

/** {@code 409 email_taken}: another account has this email in some letter case. */
public class EmailTakenException extends ProblemException {

    public EmailTakenException() {
        super(ProblemCode.EMAIL_TAKEN, "An account with this email already exists");
    }

}
