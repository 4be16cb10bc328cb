package io.redkeep.analytics.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * RFC 3339 in UTC with exactly three fractional digits, as spec/http-api.md requires.
 */
public final class Timestamps {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
        .withZone(ZoneOffset.UTC);

    private Timestamps() {
    }

    public static String format(Instant instant) {
        return (instant != null) ? FORMAT.format(instant.truncatedTo(ChronoUnit.MILLIS)) : null;
    }

}
