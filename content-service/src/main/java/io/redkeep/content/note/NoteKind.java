package io.redkeep.content.note;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.redkeep.content.item.Column;
import io.redkeep.content.item.FieldReader;
import io.redkeep.content.item.ItemKind;
import io.redkeep.content.item.Kind;

import org.springframework.stereotype.Component;

/** Notes: a title and Markdown content of up to 100,000 characters. */
@Component
public class NoteKind implements ItemKind {

    private static final List<Column> COLUMNS = List.of(Column.text("title", "title"),
            Column.text("content", "content"));

    @Override
    public Kind kind() {
        return Kind.NOTE;
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
        values.putIfAbsent("content", "");
        return values;
    }

    @Override
    public Map<String, Object> parsePatch(FieldReader reader) {
        Map<String, Object> values = new HashMap<>();
        String title = reader.text("title", 1, 300, true);
        if (title != null) {
            values.put("title", title);
        }
        String content = reader.text("content", 0, 100_000, false);
        if (content != null) {
            values.put("content", content);
        }
        reader.notNull("title", "content");
        return values;
    }

}
