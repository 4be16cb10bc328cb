package io.redkeep.content.item;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Tag rules of spec/http-api.md: at most 20 per item, each 1..40 characters of ASCII
 * letters, digits, {@code -}, {@code _} and {@code .}; stored lower-case; duplicates
 * collapse keeping the first occurrence's position.
 */
public final class Tags {

    public static final int MAX_TAGS = 20;

    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9._-]{1,40}");

    private Tags() {
    }

    /** The normalised list; {@link IllegalArgumentException} says what is wrong. */
    public static List<String> normalise(List<String> raw) {
        Set<String> tags = new LinkedHashSet<>();
        for (String tag : raw) {
            tags.add(normaliseOne(tag));
        }
        if (tags.size() > MAX_TAGS) {
            throw new IllegalArgumentException("must have at most " + MAX_TAGS + " tags");
        }
        return List.copyOf(tags);
    }

    /**
     * One tag, lower-cased; {@link IllegalArgumentException} when it breaks the rules.
     */
    public static String normaliseOne(String tag) {
        if (tag == null || !TAG.matcher(tag).matches()) {
            throw new IllegalArgumentException(
                    "tags must be 1 to 40 characters of ASCII letters, digits, '-', '_' and '.'");
        }
        return tag.toLowerCase(Locale.ROOT);
    }

}
