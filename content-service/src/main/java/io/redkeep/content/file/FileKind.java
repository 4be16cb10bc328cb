package io.redkeep.content.file;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.redkeep.content.item.Column;
import io.redkeep.content.item.ContentKind;
import io.redkeep.content.item.FieldReader;
import io.redkeep.content.item.Item;
import io.redkeep.content.item.Kind;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Files: metadata rows; the content lives in the {@link BlobStore} by SHA-256. Only
 * {@code name} and {@code tags} can change after upload.
 */
@Component
public class FileKind extends ContentKind {

    private final BlobCollector collector;

    public FileKind(BlobCollector collector) {
        super(Kind.FILE, "name", List.of(Column.text("name", "name"), Column.text("mime_type", "mimeType"),
                Column.int8("size", "size"), Column.text("sha256", "sha256")), List.of(), Map.of());
        this.collector = collector;
    }

    @Override
    public Map<String, Object> parseCreate(FieldReader reader) {
        throw new UnsupportedOperationException("Files are created by multipart upload");
    }

    @Override
    public Map<String, Object> parsePatch(FieldReader reader) {
        Map<String, Object> values = new HashMap<>();
        String name = reader.text("name", 1, FileNames.MAX_LENGTH, true);
        if (name != null) {
            String problem = FileNames.problem(name);
            if (problem != null) {
                reader.reject("name", problem);
            }
            else {
                values.put("name", name);
            }
        }
        reader.notNull("name");
        reader.readOnly("sha256", "size", "mimeType");
        return values;
    }

    @Override
    public Mono<Void> afterDelete(Item deleted) {
        return this.collector.collect((String) deleted.values().get("sha256"));
    }

}
