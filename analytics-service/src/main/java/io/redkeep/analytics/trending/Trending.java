package io.redkeep.analytics.trending;

import java.util.List;

/**
 * {@code GET /api/trending/tags}; also the cached value.
 *
 * @param window {@code 1h}, {@code 24h} or {@code 7d}
 * @param items tags by uses in the window, most first
 */
public record Trending(String window, List<Item> items) {

    public record Item(String tag, long score) {

    }

}
