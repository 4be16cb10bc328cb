package io.redkeep.content.item;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** RFC 3339 UTC timestamps with exactly three fractional digits, as the spec fixes. */
public final class Timestamps {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'");

    private Timestamps() {
    }

    public static String format(OffsetDateTime time) {
        return (time != null) ? FORMAT.format(time.withOffsetSameInstant(ZoneOffset.UTC)) : null;
    }

    /** Now, truncated to milliseconds so stored, rendered and cursor values agree. */
    public static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
    }

}
