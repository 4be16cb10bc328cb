package io.redkeep.redis.stream;

import java.time.Duration;
import java.util.UUID;

import io.lettuce.core.SetArgs;
import io.redkeep.redis.RedisKeys;
import io.redkeep.redis.RedisRoleClient;
import reactor.core.publisher.Mono;

/**
 * Once-only handling on top of at-least-once delivery, keyed
 * {@code tk:seen:<group>:{<eventId>}} (spec/internal.md). A marker is first taken as a
 * short lease ({@code processing}, for {@code claim-idle}), so a consumer that crashes
 * mid-work does not block the retry for seven days; it becomes {@code done} for
 * {@code seen-ttl} only after the work succeeded, and is removed when the work fails.
 */
public final class ProcessedEvents {

    private static final String PROCESSING = "processing";

    private static final String DONE = "done";

    private final RedisRoleClient state;

    private final RedisKeys keys;

    private final Duration lease;

    private final Duration ttl;

    public ProcessedEvents(RedisRoleClient state, RedisKeys keys, Duration lease, Duration ttl) {
        this.state = state;
        this.keys = keys;
        this.lease = lease;
        this.ttl = ttl;
    }

    /**
     * Runs {@code work} unless {@code group} already processed {@code eventId}. Completes
     * with {@code true} when the work ran, {@code false} when it was skipped as a
     * duplicate; fails with {@link EventInProgressException} while another consumer holds
     * the lease (the entry stays pending and is retried), or with the work's own error.
     */
    public Mono<Boolean> once(String group, String eventId, Mono<?> work) {
        return Mono.defer(() -> {
            String key = key(group, eventId);
            return this.state
                .mono((commands) -> commands.set(key, PROCESSING, SetArgs.Builder.nx().px(this.lease.toMillis())))
                .map((ok) -> true)
                .defaultIfEmpty(false)
                .flatMap((acquired) -> acquired ? run(key, work) : alreadyTaken(key, eventId));
        });
    }

    /** Whether {@code group} finished processing {@code eventId}. */
    public Mono<Boolean> isDone(String group, String eventId) {
        return Mono.defer(() -> {
            String key = key(group, eventId);
            return this.state.mono((commands) -> commands.get(key)).map(DONE::equals).defaultIfEmpty(false);
        });
    }

    private Mono<Boolean> run(String key, Mono<?> work) {
        return work.then(this.state.mono((commands) -> commands.set(key, DONE, SetArgs.Builder.ex(this.ttl))))
            .thenReturn(true)
            .onErrorResume((error) -> this.state.mono((commands) -> commands.del(key))
                .onErrorResume((ignored) -> Mono.empty())
                .then(Mono.error(error)));
    }

    private Mono<Boolean> alreadyTaken(String key, String eventId) {
        return this.state.mono((commands) -> commands.get(key)).defaultIfEmpty("").flatMap((value) -> {
            if (DONE.equals(value)) {
                return Mono.just(false);
            }
            return Mono.error(new EventInProgressException(eventId));
        });
    }

    private String key(String group, String eventId) {
        // Validated as a UUID so no caller text reaches the key unchecked.
        UUID.fromString(eventId);
        return this.keys.key("seen").part(group).tag(eventId).build();
    }

    /** Another consumer is processing the same event right now; retry later. */
    public static class EventInProgressException extends RuntimeException {

        public EventInProgressException(String eventId) {
            super("event " + eventId + " is being processed by another consumer");
        }

    }

}
