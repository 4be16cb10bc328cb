package io.redkeep.content.file;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.redkeep.content.item.Item;
import io.redkeep.content.item.ItemService;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Stores an upload: the blob is placed and the row (with its event) inserted in one
 * transaction under the hash's lock; an upload that does not commit leaves no row, and
 * its content is discarded.
 */
@Component
public class FileService {

    private final ItemService items;

    private final FileKind kind;

    private final BlobStore blobs;

    private final BlobCollector collector;

    public FileService(ItemService items, FileKind kind, BlobStore blobs, BlobCollector collector) {
        this.items = items;
        this.kind = kind;
        this.blobs = blobs;
        this.collector = collector;
    }

    public Mono<Item> store(UUID userId, BlobStore.Upload upload, String name, String mimeType, List<String> tags) {
        Map<String, Object> values = new HashMap<>();
        values.put("name", name);
        values.put("mime_type", mimeType);
        values.put("size", upload.size());
        values.put("sha256", upload.sha256());
        Mono<Item> write = this.collector.lock(upload.sha256())
            .then(this.blobs.place(upload))
            .then(this.items.insert(this.kind, userId, values, tags));
        return this.items.committed(userId, this.items.inTransaction(write))
            .onErrorResume((ex) -> this.blobs.discard(upload)
                .then(this.collector.collect(upload.sha256()))
                .onErrorResume((cleanup) -> Mono.empty())
                .then(Mono.error(ex)));
    }

}
