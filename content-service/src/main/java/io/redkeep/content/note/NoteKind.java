package io.redkeep.content.note;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.redkeep.content.item.Column;
import io.redkeep.content.item.ContentKind;
import io.redkeep.content.item.FieldReader;
import io.redkeep.content.item.Kind;

import org.springframework.stereotype.Component;

/** Notes: a title and Markdown content of up to 100,000 characters. */
@Component
public class NoteKind extends ContentKind {

    public NoteKind() {
        super(Kind.NOTE, "title", List.of(Column.text("title", "title"), Column.text("content", "content")),
                List.of("title"), defaults("content", ""));
    }

    @Override
    public Map<String, Object> parsePatch(FieldReader reader) {
        Map<String, Object> values = new HashMap<>();
        putIfPresent(values, "title", reader.text("title", 1, 300, true));
        putIfPresent(values, "content", reader.text("content", 0, 100_000, false));
        reader.notNull("title", "content");
        return values;
    }

}
