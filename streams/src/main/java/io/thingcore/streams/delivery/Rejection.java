package io.thingcore.streams.delivery;

/**
 * A request refused with a {@link DeliveryError}; answered on the {@code rejected} topic.
 *
 * @see ReplyEncoder#rejection
 */
final class Rejection extends RuntimeException {
    final DeliveryError code;
    /** The request's client token when it was valid, else null (then the answer carries none). */
    final String clientToken;

    Rejection(DeliveryError code, String message, String clientToken) {
        super(message, null, false, false);
        this.code = code;
        this.clientToken = clientToken;
    }
}
