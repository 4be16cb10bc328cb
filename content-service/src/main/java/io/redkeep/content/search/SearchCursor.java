package io.redkeep.content.search;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

import io.redkeep.defaults.problem.ProblemException;

/**
 * Position after the last hit of a search page: its score and id. Scores are read from
 * PostgreSQL as {@code float8} and written here with {@link Double#toString}, which
 * round-trips exactly, so the next page starts precisely after it.
 *
 * @param score the last hit's score
 * @param id the last hit's id
 */
public record SearchCursor(double score, UUID id) {

    private static final String VERSION = "s1";

    public String encode() {
        String raw = VERSION + ":" + this.score + ":" + this.id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    public static SearchCursor decode(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            String[] parts = raw.split(":", -1);
            if (parts.length != 3 || !VERSION.equals(parts[0]) || parts[2].length() != 36
                    || !parts[1].matches("[0-9.E-]{1,32}")) {
                throw new IllegalArgumentException("bad cursor");
            }
            double score = Double.parseDouble(parts[1]);
            UUID id = UUID.fromString(parts[2]);
            if (!id.toString().equals(parts[2]) || !Double.isFinite(score)) {
                throw new IllegalArgumentException("bad cursor");
            }
            return new SearchCursor(score, id);
        }
        catch (IllegalArgumentException ex) {
            throw ProblemException.validation("cursor", "is not a valid cursor");
        }
    }

}
