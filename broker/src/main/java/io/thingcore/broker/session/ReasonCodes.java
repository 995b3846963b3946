package io.thingcore.broker.session;

/** The reason and return codes the session stage sends (MQTT 5.0 section 2.4; MQTT 3.1.1 section 3.9.3). */
final class ReasonCodes {
    static final int UNSPECIFIED_ERROR = 0x80;
    static final int PROTOCOL_ERROR = 0x82;
    static final int NOT_AUTHORIZED = 0x87;
    static final int TOPIC_FILTER_INVALID = 0x8F;
    static final int TOPIC_NAME_INVALID = 0x90;
    static final int TOPIC_ALIAS_INVALID = 0x94;
    static final int QUOTA_EXCEEDED = 0x97;
    static final int QOS_NOT_SUPPORTED = 0x9B;
    static final int SHARED_SUBSCRIPTIONS_NOT_SUPPORTED = 0x9E;
    static final short NO_SUBSCRIPTION_EXISTED = 0x11;
    /** MQTT 3.1.1 SUBACK failure return code (MQTT 3.1.1 section 3.9.3). */
    static final int FAILURE = 0x80;

    private ReasonCodes() {}
}
