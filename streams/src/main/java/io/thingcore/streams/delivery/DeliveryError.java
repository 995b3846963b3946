package io.thingcore.streams.delivery;

/**
 * The error codes of MQTT-based file delivery, sent as {@code "o"} on the {@code rejected} topic (AWS IoT developer
 * guide, "Using AWS IoT MQTT-based file delivery in devices", "Handling errors from AWS IoT MQTT-based file
 * delivery").
 */
public enum DeliveryError {
    InvalidTopic,
    InvalidJson,
    InvalidCbor,
    InvalidRequest,
    Unauthorized,
    BlockSizeOutOfBounds,
    OffsetOutOfBounds,
    BlockCountLimitExceeded,
    BlockBitmapLimitExceeded,
    ResourceNotFound,
    VersionMismatch,
    ETagMismatch,
    InternalError
}
