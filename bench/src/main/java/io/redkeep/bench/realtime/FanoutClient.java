package io.redkeep.bench.realtime;

import reactor.core.publisher.Mono;

/**
 * One load-generator connection to a chat server, whatever its wire protocol: the
 * benchmark subscribes receivers and sends through senders only through this, so
 * realtime-service and the Socket.IO baseline are driven by the same code.
 */
interface FanoutClient {

    /**
     * Follows a conversation; completes once the server confirmed it (live messages flow
     * from then on).
     */
    Mono<Void> subscribe(String conversationId);

    /** Sends one chat message without waiting; the ack is counted by the listener. */
    void send(String conversationId, String body, String clientMsgId);

    /** Closes the connection (normal closure). */
    void close();

    /**
     * What a connection reports back to the benchmark; called on an event-loop thread.
     */
    interface Listener {

        /** A chat message arrived; {@code body} is the body the sender put in. */
        void onMessage(String body);

        /** The server acknowledged the send with this {@code clientMsgId}. */
        void onAck(String clientMsgId);

        /** The server answered with an error frame. */
        void onError(String code);

        /** The connection ended before {@link FanoutClient#close()}. */
        void onClosed(Throwable cause);

        static Listener ignoring() {
            return new Listener() {
                @Override
                public void onMessage(String body) {
                }

                @Override
                public void onAck(String clientMsgId) {
                }

                @Override
                public void onError(String code) {
                }

                @Override
                public void onClosed(Throwable cause) {
                }
            };
        }

    }

}
