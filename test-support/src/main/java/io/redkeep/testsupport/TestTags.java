package io.redkeep.testsupport;

/**
 * JUnit tag names for tests that need a real server, kept in one place so a build can
 * select or skip them ({@code -Dgroups=redis}).
 */
public final class TestTags {

    /** Needs a standalone Redis server. */
    public static final String REDIS = "redis";

    /** Needs a Redis Sentinel group (local binaries only). */
    public static final String SENTINEL = "sentinel";

    /** Needs a PostgreSQL server. */
    public static final String POSTGRES = "postgres";

    /** Kills, pauses or restarts servers; slower than the rest. */
    public static final String FAULT = "fault";

    private TestTags() {
    }

}
