package io.thingcore.broker.routing;

/** Why a topic or topic filter is refused (null from {@link Topics} means acceptable). */
public enum TopicRule {
    EMPTY,
    TOO_LONG,
    TOO_MANY_SLASHES,
    INVALID_CHARACTER,
    WILDCARD_IN_TOPIC,
    INVALID_WILDCARD,
    /** A {@code $} topic the gateway does not implement for this operation (AWS IoT Developer Guide, "Reserved topics"). */
    RESERVED,
    /** {@code $share/...}: shared subscriptions are not implemented yet. */
    SHARED_SUBSCRIPTION
}
