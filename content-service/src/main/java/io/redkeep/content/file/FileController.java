package io.redkeep.content.file;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.redkeep.content.ContentProperties;
import io.redkeep.content.item.ItemController;
import io.redkeep.content.item.ItemService;
import io.redkeep.content.item.Tags;
import io.redkeep.defaults.identity.Caller;
import io.redkeep.defaults.identity.CurrentCaller;
import io.redkeep.defaults.problem.FieldProblem;
import io.redkeep.defaults.problem.ProblemCode;
import io.redkeep.defaults.problem.ProblemException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.multipart.FilePartEvent;
import org.springframework.http.codec.multipart.FormPartEvent;
import org.springframework.http.codec.multipart.PartEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/files} (multipart, streamed to disk) and {@code GET
 * /api/files/{id}/content}.
 */
@RestController
public class FileController {

    private static final String FILE_PART = "file";

    private static final String TAGS_PART = "tags";

    private final FileService files;

    private final FileKind kind;

    private final ItemService items;

    private final BlobStore blobs;

    private final long maxFileSize;

    public FileController(FileService files, FileKind kind, ItemService items, BlobStore blobs,
            ContentProperties properties) {
        this.files = files;
        this.kind = kind;
        this.items = items;
        this.blobs = blobs;
        this.maxFileSize = properties.maxFileSize().toBytes();
    }

    @PostMapping(path = "/api/files", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    public Mono<ResponseEntity<Map<String, Object>>> upload(@RequestBody Flux<PartEvent> parts,
            @CurrentCaller Caller caller) {
        var userId = ItemController.userId(caller);
        Received received = new Received();
        return parts.windowUntil(PartEvent::isLast).concatMap((part) -> part.switchOnFirst((first, events) -> {
            if (!first.hasValue()) {
                return events.then();
            }
            PartEvent event = first.get();
            if (FILE_PART.equals(event.name()) && event instanceof FilePartEvent filePart && received.upload == null
                    && !received.duplicateFile) {
                received.name = FileNames.sanitize(filePart.filename());
                received.mimeType = mimeType(event.headers().getContentType());
                return this.blobs.receive(events.map(PartEvent::content), this.maxFileSize)
                    .doOnNext((upload) -> received.upload = upload)
                    .then();
            }
            if (FILE_PART.equals(event.name())) {
                received.duplicateFile = true;
            }
            else if (TAGS_PART.equals(event.name()) && event instanceof FormPartEvent form) {
                received.tags = form.value();
            }
            return events.doOnNext((ignored) -> DataBufferUtils.release(ignored.content())).then();
        }))
            .then(Mono.defer(() -> store(userId, received)))
            .onErrorResume((ex) -> discard(received).then(Mono.error(translate(ex))))
            .doOnCancel(() -> discard(received).subscribe())
            .map((item) -> ResponseEntity.created(URI.create("/api/files/" + item.id()))
                .eTag(item.etag())
                .body(item.toJson(this.kind)));
    }

    @GetMapping("/api/files/{id}/content")
    public Mono<ResponseEntity<Flux<DataBuffer>>> content(@PathVariable String id, @CurrentCaller Caller caller) {
        return this.items.find(this.kind, ItemController.userId(caller), ItemController.id(this.kind, id))
            .map((item) -> {
                String name = (String) item.values().get("name");
                String sha256 = (String) item.values().get("sha256");
                return ResponseEntity.ok()
                    .contentType(storedType((String) item.values().get("mime_type")))
                    .contentLength((Long) item.values().get("size"))
                    .header(HttpHeaders.CONTENT_DISPOSITION, FileNames.contentDisposition(name))
                    .header("X-Content-Type-Options", "nosniff")
                    .eTag(item.etag())
                    .body(this.blobs.read(sha256, DefaultDataBufferFactory.sharedInstance));
            });
    }

    private Mono<io.redkeep.content.item.Item> store(java.util.UUID userId, Received received) {
        List<FieldProblem> errors = new ArrayList<>();
        if (received.upload == null || received.duplicateFile) {
            errors.add(new FieldProblem(FILE_PART,
                    received.duplicateFile ? "must be given once" : "is required (a file part)"));
        }
        List<String> tags = List.of();
        if (received.tags != null) {
            if (received.tags.indexOf('\0') >= 0) {
                errors.add(new FieldProblem(TAGS_PART, "must not contain NUL characters"));
            }
            else if (!received.tags.isBlank()) {
                try {
                    tags = Tags.normalise(Arrays.stream(received.tags.split(",", -1)).map(String::trim).toList());
                }
                catch (IllegalArgumentException ex) {
                    errors.add(new FieldProblem(TAGS_PART, ex.getMessage()));
                }
            }
        }
        if (!errors.isEmpty()) {
            return Mono.error(ProblemException.validation(errors));
        }
        BlobStore.Upload upload = received.upload;
        received.upload = null;
        return this.files.store(userId, upload, received.name, received.mimeType, tags);
    }

    private Mono<Void> discard(Received received) {
        BlobStore.Upload upload = received.upload;
        received.upload = null;
        return (upload != null) ? this.blobs.discard(upload) : Mono.empty();
    }

    private static Throwable translate(Throwable ex) {
        if (ex instanceof DecodingException) {
            return new ProblemException(ProblemCode.MALFORMED_REQUEST, "The multipart body could not be read");
        }
        return ex;
    }

    private static String mimeType(MediaType type) {
        if (type == null || type.isWildcardType() || type.isWildcardSubtype()) {
            return MediaType.APPLICATION_OCTET_STREAM_VALUE;
        }
        String value = type.toString();
        return (value.length() <= 255 && StandardCharsets.US_ASCII.newEncoder().canEncode(value)) ? value
                : MediaType.APPLICATION_OCTET_STREAM_VALUE;
    }

    private static MediaType storedType(String stored) {
        try {
            return MediaType.parseMediaType(stored);
        }
        catch (RuntimeException ex) {
            return MediaType.APPLICATION_OCTET_STREAM;
        }
    }

    /** What the parts of one upload request carried. */
    private static final class Received {

        volatile BlobStore.Upload upload;

        volatile String name;

        volatile String mimeType;

        volatile String tags;

        volatile boolean duplicateFile;

    }

}
