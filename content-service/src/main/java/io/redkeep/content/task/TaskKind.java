package io.redkeep.content.task;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.redkeep.content.item.Column;
import io.redkeep.content.item.ContentKind;
import io.redkeep.content.item.FieldReader;
import io.redkeep.content.item.Kind;
import io.redkeep.content.item.TaskStatuses;

import org.springframework.stereotype.Component;

/**
 * Tasks: status, priority and due date. {@code completedAt} belongs to the server: set
 * when the status becomes {@code completed}, kept while it stays so, cleared when it
 * leaves it.
 */
@Component
public class TaskKind extends ContentKind {

    private static final Set<String> PRIORITIES = Set.of("low", "medium", "high");

    public TaskKind() {
        super(Kind.TASK, "title",
                List.of(Column.text("title", "title"), Column.text("description", "description"),
                        Column.text("status", "status"), Column.text("priority", "priority"),
                        Column.timestamp("due_at", "dueAt"), Column.timestamp("completed_at", "completedAt")),
                List.of("title"),
                defaults("description", "", "status", "pending", "priority", "medium", "due_at", null));
    }

    @Override
    public Map<String, Object> parsePatch(FieldReader reader) {
        Map<String, Object> values = new HashMap<>();
        putIfPresent(values, "title", reader.text("title", 1, 300, true));
        putIfPresent(values, "description", reader.text("description", 0, 20_000, false));
        putIfPresent(values, "status", reader.oneOf("status", TaskStatuses.ALL, TaskStatuses.DESCRIPTION));
        putIfPresent(values, "priority", reader.oneOf("priority", PRIORITIES, "low, medium, high"));
        if (reader.isNull("dueAt")) {
            values.put("due_at", null);
        }
        else {
            putIfPresent(values, "due_at", reader.timestamp("dueAt"));
        }
        reader.readOnly("completedAt");
        reader.notNull("title", "description");
        return values;
    }

    @Override
    public void derive(Map<String, Object> current, Map<String, Object> changes, OffsetDateTime now) {
        if (!changes.containsKey("status")) {
            return;
        }
        boolean wasCompleted = TaskStatuses.COMPLETED.equals(current.get("status"));
        boolean isCompleted = TaskStatuses.COMPLETED.equals(changes.get("status"));
        if (isCompleted && !wasCompleted) {
            changes.put("completed_at", now);
        }
        else if (!isCompleted) {
            changes.put("completed_at", null);
        }
    }

    @Override
    public void describe(Map<String, Object> values, Map<String, Object> data) {
        data.put("status", values.get("status"));
    }

    @Override
    public List<String> extraEvents(Map<String, Object> before, Map<String, Object> after) {
        boolean wasCompleted = TaskStatuses.COMPLETED.equals(before.get("status"));
        boolean isCompleted = TaskStatuses.COMPLETED.equals(after.get("status"));
        return (isCompleted && !wasCompleted) ? List.of("task.completed") : List.of();
    }

}
