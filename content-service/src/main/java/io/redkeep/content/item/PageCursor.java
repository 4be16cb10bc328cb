package io.redkeep.content.item;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.UUID;

import io.redkeep.defaults.problem.ProblemException;

/**
 * The opaque {@code cursor} of item lists: the (createdAt, id) of the last item of a
 * page. Pages continue strictly after it in (createdAt DESC, id DESC) order, so items
 * inserted meanwhile never shift or repeat entries of later pages.
 *
 * @param createdAt creation time of the last item returned
 * @param id id of the last item returned
 */
public record PageCursor(OffsetDateTime createdAt, UUID id) {

    private static final String VERSION = "c1";

    public String encode() {
        String raw = VERSION + ":" + this.createdAt.toInstant().toEpochMilli() + ":" + this.id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** Decodes a client's cursor; anything malformed is {@code 400 validation_failed}. */
    public static PageCursor decode(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            String[] parts = raw.split(":", -1);
            if (parts.length != 3 || !VERSION.equals(parts[0]) || !parts[1].matches("[0-9]{1,15}")
                    || parts[2].length() != 36) {
                throw new IllegalArgumentException("bad cursor");
            }
            UUID id = UUID.fromString(parts[2]);
            if (!id.toString().equals(parts[2])) {
                throw new IllegalArgumentException("bad cursor");
            }
            return new PageCursor(
                    OffsetDateTime.ofInstant(Instant.ofEpochMilli(Long.parseLong(parts[1])), ZoneOffset.UTC), id);
        }
        catch (IllegalArgumentException ex) {
            throw ProblemException.validation("cursor", "is not a valid cursor");
        }
    }

}
