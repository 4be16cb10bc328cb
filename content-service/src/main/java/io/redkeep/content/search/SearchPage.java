package io.redkeep.content.search;

import java.util.List;
import java.util.Map;

/**
 * The search response of spec/http-api.md; also the value cached in Redis.
 *
 * @param query the query as given
 * @param items best match first
 * @param facets {@code {"types": {"bookmark": n, ...}}}
 * @param nextCursor cursor of the next page, {@code null} on the last
 */
public record SearchPage(String query, List<Hit> items, Map<String, Map<String, Long>> facets, String nextCursor) {

    /**
     * One result.
     *
     * @param type the kind (singular)
     * @param id the item id
     * @param title title (file name for files)
     * @param snippet HTML-escaped text with matches in {@code <mark>}
     * @param score relevance, higher is better
     * @param tags the item's tags
     * @param updatedAt last change, RFC 3339
     */
    public record Hit(String type, String id, String title, String snippet, double score, List<String> tags,
            String updatedAt) {

    }

}
