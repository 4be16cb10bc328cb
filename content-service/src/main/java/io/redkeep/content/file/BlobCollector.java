package io.redkeep.content.file;

import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Deletes a blob once no file row refers to it. Uploads and collection of one hash
 * serialise on a transaction-scoped advisory lock of that hash, so a blob is never
 * deleted under an upload that is about to refer to it.
 */
@Component
public class BlobCollector {

    private final DatabaseClient db;

    private final TransactionalOperator transactions;

    private final BlobStore blobs;

    public BlobCollector(DatabaseClient db, TransactionalOperator transactions, BlobStore blobs) {
        this.db = db;
        this.transactions = transactions;
        this.blobs = blobs;
    }

    /** Takes the hash's lock for the rest of the current transaction. */
    public Mono<Void> lock(String sha256) {
        return this.db.sql("SELECT pg_advisory_xact_lock(hashtextextended(:sha, 0))")
            .bind("sha", sha256)
            .fetch()
            .first()
            .then();
    }

    public Mono<Void> collect(String sha256) {
        Mono<Void> work = lock(sha256)
            .then(this.db.sql("SELECT count(*) AS refs FROM files WHERE sha256 = :sha")
                .bind("sha", sha256)
                .map((row) -> row.get("refs", Long.class))
                .one())
            .flatMap((refs) -> (refs == 0) ? this.blobs.delete(sha256) : Mono.empty());
        return this.transactions.transactional(work);
    }

}
