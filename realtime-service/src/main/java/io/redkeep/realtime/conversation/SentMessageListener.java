package io.redkeep.realtime.conversation;

import java.util.List;
import java.util.UUID;

import reactor.core.publisher.Mono;

/**
 * Told about every newly stored message after its transaction committed and the sender
 * was answered: live fan-out and notifications. Failures are the listener's to handle;
 * the message is durable whatever happens here.
 */
public interface SentMessageListener {

    /**
     * @param message the stored message
     * @param members every member of its conversation, the sender included (subscribe
     * only if needed: listeners run side by side, and one that does not need the members
     * does not wait for them)
     * @return completes when the listener is done
     */
    Mono<Void> sent(Message message, Mono<List<UUID>> members);

}
