package io.redkeep.auth.user;

import java.util.ArrayList;
import java.util.List;

import io.redkeep.defaults.problem.FieldProblem;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The field rules of spec/http-api.md for users: code points, Unicode trimming, NUL.
 */
class UserInputTests {

    static List<FieldProblem> email(String value) {
        List<FieldProblem> problems = new ArrayList<>();
        UserInput.email("email", value, problems);
        return problems;
    }

    @Test
    void acceptsOrdinaryAndInternationalAddresses() {
        assertThat(email("ada@example.com")).isEmpty();
        assertThat(email("Ada.Lovelace+notes@mail.example.co.uk")).isEmpty();
        assertThat(email("j\u00f6rg@b\u00fccher.example")).isEmpty();
    }

    @Test
    void rejectsMalformedOversizedAndNulAddresses() {
        assertThat(email(null)).extracting(FieldProblem::message).containsExactly("is required");
        assertThat(email("no-at-sign")).hasSize(1);
        assertThat(email("two@@example.com")).hasSize(1);
        assertThat(email("dot.@example.com")).hasSize(1);
        assertThat(email("a@localhost")).hasSize(1);
        assertThat(email("a b@example.com")).hasSize(1);
        assertThat(email("a@example.com\u0000")).extracting(FieldProblem::message)
            .containsExactly("must not contain NUL characters");
        assertThat(email("a".repeat(65) + "@example.com")).hasSize(1);
        assertThat(email("a@" + "b".repeat(60) + "." + "c".repeat(60) + "." + "d".repeat(60) + "." + "e".repeat(60)
                + "." + "f".repeat(60) + ".com"))
            .extracting(FieldProblem::message)
            .containsExactly("must be at most 254 characters");
    }

    @Test
    void newPasswordsCountCodePointsAndMustDifferFromTheEmail() {
        List<FieldProblem> problems = new ArrayList<>();
        UserInput.newPassword("password", "\ud83d\udd11".repeat(10), "a@example.com", problems);
        assertThat(problems).isEmpty();
        UserInput.newPassword("password", "\ud83d\udd11".repeat(9), "a@example.com", problems);
        UserInput.newPassword("password", "x".repeat(129), "a@example.com", problems);
        UserInput.newPassword("password", "A@Example.com", "a@example.com", problems);
        UserInput.newPassword("password", "0123456789\u0000", "a@example.com", problems);
        assertThat(problems).hasSize(4).allSatisfy((problem) -> assertThat(problem.field()).isEqualTo("password"));
    }

    @Test
    void displayNamesAreTrimmedOfUnicodeWhitespace() {
        List<FieldProblem> problems = new ArrayList<>();
        assertThat(UserInput.displayName("displayName", "\u3000\u00a0 Ada \t\u2003", problems)).isEqualTo("Ada");
        assertThat(UserInput.displayName("displayName", "\u00e9".repeat(64), problems)).hasSize(64);
        assertThat(problems).isEmpty();
        assertThat(UserInput.displayName("displayName", "\u2003\u3000", problems)).isNull();
        assertThat(UserInput.displayName("displayName", "x".repeat(65), problems)).isNull();
        assertThat(UserInput.displayName("displayName", "nul\u0000", problems)).isNull();
        assertThat(problems).hasSize(3);
    }

}
