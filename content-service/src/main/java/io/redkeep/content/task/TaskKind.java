package io.redkeep.content.task;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.redkeep.content.item.Column;
import io.redkeep.content.item.FieldReader;
import io.redkeep.content.item.ItemKind;
import io.redkeep.content.item.Kind;
import io.redkeep.content.item.TaskStatuses;

import org.springframework.stereotype.Component;

/**
 * Tasks: status, priority and due date. {@code completedAt} belongs to the server: set
 * when the status becomes {@code completed}, kept while it stays so, cleared when it
 * leaves it.
 */
@Component
public class TaskKind implements ItemKind {

    private static final Set<String> PRIORITIES = Set.of("low", "medium", "high");

    private static final List<Column> COLUMNS = List.of(Column.text("title", "title"),
            Column.text("description", "description"), Column.text("status", "status"),
            Column.text("priority", "priority"), Column.timestamp("due_at", "dueAt"),
            Column.timestamp("completed_at", "completedAt"));

    @Override
    public Kind kind() {
        return Kind.TASK;
    }

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public String titleColumn() {
        return "title";
    }

    @Override
    public Map<String, Object> parseCreate(FieldReader reader) {
        Map<String, Object> values = parsePatch(reader);
        reader.required("title", values.get("title"));
        values.putIfAbsent("description", "");
        values.putIfAbsent("status", "pending");
        values.putIfAbsent("priority", "medium");
        values.putIfAbsent("due_at", null);
        return values;
    }

    @Override
    public Map<String, Object> parsePatch(FieldReader reader) {
        Map<String, Object> values = new HashMap<>();
        String title = reader.text("title", 1, 300, true);
        if (title != null) {
            values.put("title", title);
        }
        String description = reader.text("description", 0, 20_000, false);
        if (description != null) {
            values.put("description", description);
        }
        String status = reader.oneOf("status", TaskStatuses.ALL, TaskStatuses.DESCRIPTION);
        if (status != null) {
            values.put("status", status);
        }
        String priority = reader.oneOf("priority", PRIORITIES, "low, medium, high");
        if (priority != null) {
            values.put("priority", priority);
        }
        if (reader.isNull("dueAt")) {
            values.put("due_at", null);
        }
        else {
            OffsetDateTime dueAt = reader.timestamp("dueAt");
            if (dueAt != null) {
                values.put("due_at", dueAt);
            }
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
