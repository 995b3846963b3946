package io.thingcore.streams.delivery;

import io.thingcore.streams.model.StreamRules;
import org.jspecify.annotations.Nullable;

/**
 * A request topic after {@code $aws/things/<thing>/streams/}: {@code <streamId>/<get|describe>/<format>} ("Reserved
 * topics", MQTT-based file delivery topics: clients publish to {@code get} and {@code describe} and only subscribe to
 * {@code data}, {@code description} and {@code rejected}).
 *
 * @param streamId the stream ID level as published (maybe not a valid stream ID)
 * @param operation {@code get} or {@code describe}
 * @param formatLevel the last level as published
 * @param format the format it names, or null when it names none
 */
record StreamTopic(
        String streamId,
        String operation,
        String formatLevel,
        @Nullable Format format) {
    static final String GET = "get";
    static final String DESCRIBE = "describe";

    /**
     * Whether a client may publish to {@code suffix}: three non-empty levels, the second {@code get} or
     * {@code describe}. A bad stream ID or format is still taken, and answered with {@code InvalidTopic} as AWS
     * documents it ("The MQTT topic of the stream message is invalid"), instead of closing the connection.
     */
    static boolean isRequest(String suffix) {
        int first = suffix.indexOf('/');
        if (first <= 0) {
            return false;
        }
        int second = suffix.indexOf('/', first + 1);
        if (second < 0 || second == suffix.length() - 1 || suffix.indexOf('/', second + 1) >= 0) {
            return false;
        }
        String operation = suffix.substring(first + 1, second);
        return operation.equals(GET) || operation.equals(DESCRIBE);
    }

    /** The parts of a suffix {@link #isRequest} accepted. */
    static StreamTopic parse(String suffix) {
        int first = suffix.indexOf('/');
        int second = suffix.indexOf('/', first + 1);
        String level = suffix.substring(second + 1);
        return new StreamTopic(
                suffix.substring(0, first), suffix.substring(first + 1, second), level, Format.of(level));
    }

    boolean valid() {
        return validFormat() != null;
    }

    /** The request's format when the topic is valid (a stream ID and a known format), else null. */
    @Nullable
    Format validFormat() {
        return StreamRules.isStreamId(streamId) ? format : null;
    }

    /** The reply format: the request's, or JSON when it named none (so that an {@code InvalidTopic} is readable). */
    Format replyFormat() {
        return format == null ? Format.JSON : format;
    }
}
