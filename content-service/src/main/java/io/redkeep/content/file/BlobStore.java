package io.redkeep.content.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import io.redkeep.defaults.problem.ProblemCode;
import io.redkeep.defaults.problem.ProblemException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferUtils;

/**
 * File content on disk, addressed by SHA-256: {@code
 *
<dir>
 * /blobs/<ab>/<sha256>}. Uploads stream into a temporary file (hashed and counted as they
 * arrive, never held in memory) and are moved into place once the hash is known. Paths
 * are built from hex digests only, so no client-supplied text reaches the file system.
 * All file-system calls run on the bounded-elastic scheduler.
 */
public class BlobStore {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final Path blobs;

    private final Path incoming;

    public BlobStore(Path directory) {
        Path root = directory.toAbsolutePath().normalize();
        this.blobs = root.resolve("blobs");
        this.incoming = root.resolve("incoming");
        try {
            Files.createDirectories(this.blobs);
            Files.createDirectories(this.incoming);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot create the file storage directory " + root, ex);
        }
    }

    /**
     * Streams {@code content} to a temporary file; fails with {@code 413} as soon as more
     * than {@code maxBytes} arrived (the partial file is removed).
     */
    public Mono<Upload> receive(Flux<DataBuffer> content, long maxBytes) {
        return Mono.fromCallable(() -> {
            Path temp = this.incoming.resolve(UUID.randomUUID() + ".part");
            return new Receiving(temp, FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    sha256());
        })
            .subscribeOn(Schedulers.boundedElastic())
            .flatMap((receiving) -> content
                .concatMap((buffer) -> Mono.fromCallable(() -> receiving.write(buffer, maxBytes))
                    .subscribeOn(Schedulers.boundedElastic())
                    .doFinally((signal) -> DataBufferUtils.release(buffer)), 2)
                .then(Mono.fromCallable(receiving::finish).subscribeOn(Schedulers.boundedElastic()))
                .onErrorResume((ex) -> receiving.abandon().then(Mono.error(ex)))
                .doOnCancel(() -> receiving.abandon().subscribe()))
            .doOnDiscard(DataBuffer.class, DataBufferUtils::release);
    }

    /**
     * Makes an upload's content the blob of its hash (kept if the blob already exists).
     * Callers hold the hash's lock.
     */
    public Mono<Void> place(Upload upload) {
        return Mono.<Void>fromRunnable(() -> {
            Path target = path(upload.sha256());
            try {
                if (Files.exists(target)) {
                    Files.deleteIfExists(upload.temp());
                    return;
                }
                Files.createDirectories(target.getParent());
                Files.move(upload.temp(), target, StandardCopyOption.ATOMIC_MOVE);
            }
            catch (FileAlreadyExistsException ex) {
                discardQuietly(upload.temp());
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }).subscribeOn(Schedulers.boundedElastic());
    }

    /** Removes an upload that will not be kept. */
    public Mono<Void> discard(Upload upload) {
        return Mono.<Void>fromRunnable(() -> discardQuietly(upload.temp())).subscribeOn(Schedulers.boundedElastic());
    }

    /** Deletes the blob of {@code sha256}; callers hold its lock and saw no reference. */
    public Mono<Void> delete(String sha256) {
        return Mono.<Void>fromRunnable(() -> discardQuietly(path(sha256))).subscribeOn(Schedulers.boundedElastic());
    }

    public Flux<DataBuffer> read(String sha256, DataBufferFactory factory) {
        return DataBufferUtils.read(path(sha256), factory, 64 * 1024).subscribeOn(Schedulers.boundedElastic());
    }

    public boolean exists(String sha256) {
        return Files.exists(path(sha256));
    }

    Path path(String sha256) {
        if (!SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("not a SHA-256 hex digest");
        }
        return this.blobs.resolve(sha256.substring(0, 2)).resolve(sha256);
    }

    private static void discardQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        }
        catch (IOException ex) {
            // Leftovers in incoming/ are harmless; nothing refers to them.
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * Received content waiting to be placed.
     *
     * @param temp where it is
     * @param sha256 its lower-case hex SHA-256
     * @param size its length in bytes
     */
    public record Upload(Path temp, String sha256, long size) {

    }

    private static final class Receiving {

        private final Path temp;

        private final FileChannel channel;

        private final MessageDigest digest;

        private final AtomicLong size = new AtomicLong();

        Receiving(Path temp, FileChannel channel, MessageDigest digest) {
            this.temp = temp;
            this.channel = channel;
            this.digest = digest;
        }

        long write(DataBuffer buffer, long maxBytes) throws IOException {
            long total = this.size.addAndGet(buffer.readableByteCount());
            if (total > maxBytes) {
                throw new ProblemException(ProblemCode.PAYLOAD_TOO_LARGE,
                        "The file is larger than " + maxBytes + " bytes");
            }
            try (DataBuffer.ByteBufferIterator iterator = buffer.readableByteBuffers()) {
                while (iterator.hasNext()) {
                    ByteBuffer bytes = iterator.next();
                    this.digest.update(bytes.duplicate());
                    while (bytes.hasRemaining()) {
                        this.channel.write(bytes);
                    }
                }
            }
            return total;
        }

        Upload finish() throws IOException {
            this.channel.force(false);
            this.channel.close();
            return new Upload(this.temp, HexFormat.of().formatHex(this.digest.digest()), this.size.get());
        }

        Mono<Void> abandon() {
            return Mono.<Void>fromRunnable(() -> {
                try {
                    this.channel.close();
                }
                catch (IOException ex) {
                    // closing a channel we are giving up on
                }
                discardQuietly(this.temp);
            }).subscribeOn(Schedulers.boundedElastic());
        }

    }

}
