package io.redkeep.analytics.dashboard;

import java.util.Arrays;
import java.util.Optional;

/** The dashboard's {@code range}: the N days ending today, today included. */
public enum DashboardRange {

    DAYS_7("7d", 7), DAYS_30("30d", 30), DAYS_90("90d", 90);

    private final String value;

    private final int days;

    DashboardRange(String value, int days) {
        this.value = value;
        this.days = days;
    }

    public String value() {
        return this.value;
    }

    public int days() {
        return this.days;
    }

    public static Optional<DashboardRange> parse(String value) {
        return Arrays.stream(values()).filter((range) -> range.value.equals(value)).findFirst();
    }

}
