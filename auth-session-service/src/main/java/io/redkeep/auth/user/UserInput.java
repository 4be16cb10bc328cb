package io.redkeep.auth.user;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import io.redkeep.defaults.problem.FieldProblem;

/**
 * The field rules of spec/http-api.md for users: lengths in code points, "after trimming"
 * strips Unicode whitespace, a NUL anywhere is invalid. Each check adds at most one
 * {@link FieldProblem} for its field.
 */
public final class UserInput {

    static final int MAX_EMAIL = 254;

    static final int MIN_PASSWORD = 10;

    static final int MAX_PASSWORD = 128;

    static final int MAX_DISPLAY_NAME = 64;

    private static final Pattern EDGE_WHITESPACE = Pattern.compile("^[\\p{IsWhite_Space}]+|[\\p{IsWhite_Space}]+$");

    /**
     * A pragmatic address check: a dot-atom local part (letters of any script allowed)
     * and a domain of at least two labels with an alphabetic top-level label.
     */
    private static final Pattern EMAIL = Pattern
        .compile("[\\p{L}\\p{N}!#$%&'*+/=?^_`{|}~-]+(\\.[\\p{L}\\p{N}!#$%&'*+/=?^_`{|}~-]+)*"
                + "@([\\p{L}\\p{N}]([\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?\\.)+\\p{L}{2,63}");

    private UserInput() {
    }

    /** Checks an email; {@code null} means absent. */
    public static void email(String field, String value, List<FieldProblem> problems) {
        if (value == null) {
            problems.add(new FieldProblem(field, "is required"));
        }
        else if (hasNul(value)) {
            problems.add(new FieldProblem(field, "must not contain NUL characters"));
        }
        else if (codePoints(value) > MAX_EMAIL) {
            problems.add(new FieldProblem(field, "must be at most " + MAX_EMAIL + " characters"));
        }
        else if (value.indexOf('@') > 64 || !EMAIL.matcher(value).matches()) {
            problems.add(new FieldProblem(field, "must be a valid email address"));
        }
    }

    /**
     * Checks a new password: 10 to 128 code points, not the email (ignoring case).
     * @param email the account's email, or {@code null} when unknown
     */
    public static void newPassword(String field, String value, String email, List<FieldProblem> problems) {
        if (value == null) {
            problems.add(new FieldProblem(field, "is required"));
        }
        else if (hasNul(value)) {
            problems.add(new FieldProblem(field, "must not contain NUL characters"));
        }
        else if (codePoints(value) < MIN_PASSWORD || codePoints(value) > MAX_PASSWORD) {
            problems.add(new FieldProblem(field, "must be " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters"));
        }
        else if (email != null && value.toLowerCase(Locale.ROOT).equals(email.toLowerCase(Locale.ROOT))) {
            problems.add(new FieldProblem(field, "must not be the email address"));
        }
    }

    /**
     * Checks a password given to be verified (login, current password): present, no NUL,
     * at most 128 code points, so no oversized input reaches Argon2.
     */
    public static void givenPassword(String field, String value, List<FieldProblem> problems) {
        if (value == null) {
            problems.add(new FieldProblem(field, "is required"));
        }
        else if (hasNul(value)) {
            problems.add(new FieldProblem(field, "must not contain NUL characters"));
        }
        else if (value.isEmpty() || codePoints(value) > MAX_PASSWORD) {
            problems.add(new FieldProblem(field, "must be 1 to " + MAX_PASSWORD + " characters"));
        }
    }

    /** Checks a display name; returns it trimmed (or {@code null} when invalid). */
    public static String displayName(String field, String value, List<FieldProblem> problems) {
        if (value == null) {
            problems.add(new FieldProblem(field, "is required"));
            return null;
        }
        if (hasNul(value)) {
            problems.add(new FieldProblem(field, "must not contain NUL characters"));
            return null;
        }
        String trimmed = trim(value);
        int length = codePoints(trimmed);
        if (length < 1 || length > MAX_DISPLAY_NAME) {
            problems.add(new FieldProblem(field, "must be 1 to " + MAX_DISPLAY_NAME + " characters"));
            return null;
        }
        return trimmed;
    }

    /**
     * Strips Unicode white space (including no-break and ideographic spaces) at both
     * ends.
     */
    static String trim(String value) {
        return EDGE_WHITESPACE.matcher(value).replaceAll("");
    }

    static boolean hasNul(String value) {
        return value.indexOf('\0') >= 0;
    }

    static int codePoints(String value) {
        return value.codePointCount(0, value.length());
    }

}
