package io.redkeep.content.item;

import java.util.Set;

/** Task statuses; shared by the task kind and the {@code ?status=} list filter. */
public final class TaskStatuses {

    public static final String COMPLETED = "completed";

    public static final Set<String> ALL = Set.of("pending", "in_progress", COMPLETED);

    public static final String DESCRIPTION = "pending, in_progress, completed";

    private TaskStatuses() {
    }

}
