package io.redkeep.redis.event;

/**
 * A payload that is not a valid event envelope: unparseable JSON, a missing or mistyped
 * field, or a field the contract does not know. Consumers treat it as poison (it will
 * never succeed), not as a transient failure.
 */
public class InvalidEventException extends RuntimeException {

    public InvalidEventException(String message, Throwable cause) {
        super(message, cause);
    }

}
