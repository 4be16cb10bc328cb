package io.redkeep.content.item;

import java.util.List;

/**
 * A page of a list endpoint: {@code {"items": [...], "nextCursor": "..."}}.
 *
 * @param <T> the item representation
 * @param items the items, newest first
 * @param nextCursor the cursor of the next page, {@code null} on the last page
 */
public record Page<T>(List<T> items, String nextCursor) {

}
