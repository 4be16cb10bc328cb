package io.redkeep.content.item;

import java.util.ArrayList;
import java.util.List;

import io.redkeep.defaults.problem.ProblemException;

import org.springframework.util.MultiValueMap;

/**
 * Strict readers of query parameters: values are validated, never clamped or coerced
 * (spec/http-api.md, "Lists").
 */
public final class QueryValues {

    public static final int DEFAULT_LIMIT = 20;

    public static final int MAX_LIMIT = 100;

    private QueryValues() {
    }

    /** {@code limit}: 1..100, default 20. */
    public static int limit(MultiValueMap<String, String> params) {
        String value = params.getFirst("limit");
        if (value == null) {
            return DEFAULT_LIMIT;
        }
        if (!value.matches("[0-9]{1,3}")) {
            throw ProblemException.validation("limit", "must be an integer from 1 to " + MAX_LIMIT);
        }
        int limit = Integer.parseInt(value);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ProblemException.validation("limit", "must be an integer from 1 to " + MAX_LIMIT);
        }
        return limit;
    }

    public static PageCursor cursor(MultiValueMap<String, String> params) {
        String value = params.getFirst("cursor");
        return (value != null) ? PageCursor.decode(value) : null;
    }

    /** A single tag filter, lower-cased. */
    public static String tag(MultiValueMap<String, String> params, String name) {
        String value = params.getFirst(name);
        if (value == null) {
            return null;
        }
        try {
            return Tags.normaliseOne(value);
        }
        catch (IllegalArgumentException ex) {
            throw ProblemException.validation(name, ex.getMessage());
        }
    }

    /** A comma list of tags, every one valid; {@code null} when absent. */
    public static List<String> tagList(MultiValueMap<String, String> params, String name) {
        String value = params.getFirst(name);
        if (value == null) {
            return null;
        }
        List<String> tags = new ArrayList<>();
        for (String tag : value.split(",", -1)) {
            try {
                String normalised = Tags.normaliseOne(tag);
                if (!tags.contains(normalised)) {
                    tags.add(normalised);
                }
            }
            catch (IllegalArgumentException ex) {
                throw ProblemException.validation(name, ex.getMessage());
            }
        }
        return tags;
    }

}
