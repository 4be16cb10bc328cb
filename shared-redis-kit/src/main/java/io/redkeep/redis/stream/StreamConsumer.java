package io.redkeep.redis.stream;

import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * A running consumer of one stream in one group. {@link #shutdown()} stops reading and
 * lets in-flight handlers finish and acknowledge; {@link #dispose()} stops at once,
 * leaving unfinished entries pending for another consumer to reclaim.
 */
public interface StreamConsumer extends Disposable {

    /** The consumer's name inside its group. */
    String name();

    /** Handlers currently running. */
    int inFlight();

    /**
     * Stops reading and completes once every in-flight handler finished (bounded by
     * {@code shutdown-timeout}, after which the rest is abandoned as by
     * {@link #dispose()}).
     */
    Mono<Void> shutdown();

}
