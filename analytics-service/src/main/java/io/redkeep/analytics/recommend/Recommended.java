package io.redkeep.analytics.recommend;

import java.util.List;

/**
 * {@code GET /api/analytics/recommendations}; also the cached value.
 *
 * @param items best first
 */
public record Recommended(List<Item> items) {

    /**
     * One recommendation.
     *
     * @param type the item's kind ({@code bookmark}, {@code task}, {@code note},
     * {@code file})
     * @param id the item id
     * @param title its title
     * @param reason why it is recommended, for people
     * @param score higher is better
     */
    public record Item(String type, String id, String title, String reason, double score) {

    }

}
