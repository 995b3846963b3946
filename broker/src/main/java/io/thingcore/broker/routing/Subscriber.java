package io.thingcore.broker.routing;

/** Whatever receives routed messages: a session. Implementations must be thread-safe. */
public interface Subscriber {
    /** The subscriber's client ID (MQTT 5 No Local compares it with the publisher's). */
    String clientId();

    /**
     * Delivers {@code message} under {@code subscription}; called on the publisher's thread, so it must not block.
     *
     * @param retainFlag the RETAIN flag for this delivery: true only for retained messages sent on subscribe
     * @return true when the delivery was submitted to the session store: the publisher's PUBACK must wait for it
     */
    boolean deliver(Message message, Subscription subscription, boolean retainFlag);
}
