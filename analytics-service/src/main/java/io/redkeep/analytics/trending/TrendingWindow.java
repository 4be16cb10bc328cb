package io.redkeep.analytics.trending;

import java.util.Arrays;
import java.util.Optional;

/**
 * The trending {@code window}, in whole hourly buckets ending with the current hour.
 */
public enum TrendingWindow {

    HOUR("1h", 1), DAY("24h", 24), WEEK("7d", 168);

    private final String value;

    private final int hours;

    TrendingWindow(String value, int hours) {
        this.value = value;
        this.hours = hours;
    }

    public String value() {
        return this.value;
    }

    public int hours() {
        return this.hours;
    }

    public static Optional<TrendingWindow> parse(String value) {
        return Arrays.stream(values()).filter((window) -> window.value.equals(value)).findFirst();
    }

}
