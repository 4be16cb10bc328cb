package io.redkeep.realtime.conversation;

/**
 * The answer to a send: the message, and whether this call stored it ({@code false} when
 * the {@code clientMsgId} was seen before and the first message is returned).
 *
 * @param message the stored message
 * @param created whether this call created it
 */
public record SendResult(Message message, boolean created) {

}
