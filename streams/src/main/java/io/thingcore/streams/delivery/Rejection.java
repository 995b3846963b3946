package io.thingcore.streams.delivery;

import org.jspecify.annotations.Nullable;

/**
 * A request refused with a {@link DeliveryError}; answered on the {@code rejected} topic.
 *
 * @see ReplyEncoder#rejection
 */
final class Rejection extends RuntimeException {
    final DeliveryError code;
    /** The request's client token when it was valid, else null (then the answer carries none). */
    final @Nullable String clientToken;

    private final String message;

    Rejection(DeliveryError code, String message, @Nullable String clientToken) {
        super(message, null, false, false);
        this.code = code;
        this.message = message;
        this.clientToken = clientToken;
    }

    /** The reason the answer states ({@code m}); every rejection has one. */
    @Override
    public String getMessage() {
        return message;
    }
}
