package io.thingcore.broker.routing;

import io.thingcore.broker.Limits;
import io.thingcore.broker.Semantics;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * AWS IoT's topic rules (AWS General Reference, "AWS IoT Core endpoints and quotas"; AWS IoT Developer Guide,
 * "Reserved topics"): at most {@link Limits#maxTopicBytes()} UTF-8 bytes and
 * {@link Limits#maxTopicSlashes()} slashes (the {@code $aws/rules/<rule>/} prefix not counted), wildcards only in
 * filters and only as whole levels (MQTT 4.7.1), and {@code $} topics reserved: clients publish only to the request
 * topics of a registered reserved-topic service (the publish handler asks {@code broker.services} about a
 * {@link TopicRule#RESERVED} topic) and subscribe only to the event and thing topics. Which {@code $} topics are
 * reserved is {@link Semantics#allDollarTopicsReserved()}: all of them as on AWS IoT, or only {@code $aws/}.
 */
public final class Topics {
    static final String RULES_PREFIX = "$aws/rules/";
    /** The gateway's own reserved topics, reserved under either semantics: its events and services live here. */
    private static final String AWS_PREFIX = "$aws/";
    /** Filters clients may subscribe to among the reserved topics. */
    private static final String[] SUBSCRIBABLE_RESERVED = {"$aws/events/", "$aws/things/"};

    private Topics() {}

    /**
     * Null when {@code topic} may be published to by a client, otherwise the rule it breaks; every {@code $} topic is
     * reserved, as on AWS IoT.
     */
    public static @Nullable TopicRule checkPublishTopic(String topic, Limits limits) {
        return checkPublishTopic(topic, limits, true);
    }

    /** Null when {@code topic} may be published to by a client under {@code semantics}, otherwise the rule it breaks. */
    public static @Nullable TopicRule checkPublishTopic(String topic, Semantics semantics) {
        return checkPublishTopic(topic, semantics.limits(), semantics.allDollarTopicsReserved());
    }

    private static @Nullable TopicRule checkPublishTopic(String topic, Limits limits, boolean allDollarTopicsReserved) {
        TopicRule rule = checkCommon(topic, limits);
        if (rule != null) {
            return rule;
        }
        if (topic.indexOf('+') >= 0 || topic.indexOf('#') >= 0) {
            return TopicRule.WILDCARD_IN_TOPIC;
        }
        if (isReserved(topic, allDollarTopicsReserved)) {
            // Reserved: only a registered service's request topics are taken, and the caller asks the services.
            return TopicRule.RESERVED;
        }
        return null;
    }

    /**
     * Null when {@code filter} may be subscribed to, otherwise the rule it breaks; every {@code $} filter outside the
     * event and thing topics is reserved, as on AWS IoT.
     */
    public static @Nullable TopicRule checkFilter(String filter, Limits limits) {
        return checkFilter(filter, limits, true);
    }

    /** Null when {@code filter} may be subscribed to under {@code semantics}, otherwise the rule it breaks. */
    public static @Nullable TopicRule checkFilter(String filter, Semantics semantics) {
        return checkFilter(filter, semantics.limits(), semantics.allDollarTopicsReserved());
    }

    private static @Nullable TopicRule checkFilter(String filter, Limits limits, boolean allDollarTopicsReserved) {
        TopicRule rule = checkCommon(filter, limits);
        if (rule != null) {
            return rule;
        }
        String[] levels = filter.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.indexOf('#') >= 0 && (!level.equals("#") || i != levels.length - 1)) {
                return TopicRule.INVALID_WILDCARD; // MQTT 4.7.1.2
            }
            if (level.indexOf('+') >= 0 && !level.equals("+")) {
                return TopicRule.INVALID_WILDCARD; // MQTT 4.7.1.3
            }
        }
        if (filter.startsWith("$share/")) {
            return TopicRule.SHARED_SUBSCRIPTION;
        }
        if (isReserved(filter, allDollarTopicsReserved)) {
            for (String allowed : SUBSCRIBABLE_RESERVED) {
                if (filter.startsWith(allowed)) {
                    return null;
                }
            }
            return TopicRule.RESERVED;
        }
        return null;
    }

    private static boolean isReserved(String topic, boolean allDollarTopicsReserved) {
        return allDollarTopicsReserved ? topic.startsWith("$") : topic.startsWith(AWS_PREFIX);
    }

    /** Whether a filter contains a wildcard (AWS: such filters get no retained messages on subscribe). */
    public static boolean hasWildcard(String filter) {
        return filter.indexOf('+') >= 0 || filter.indexOf('#') >= 0;
    }

    /**
     * Whether the valid filter {@code filter} matches the topic name {@code topic}, as {@link TopicTree} matches:
     * {@code +} one level, {@code #} every level below (and its parent level when {@code hashMatchesParent}), and no
     * wildcard at the first level matches a {@code $} topic ([MQTT-4.7.2-1]).
     */
    public static boolean matches(String filter, String topic, boolean hashMatchesParent) {
        if (topic.startsWith("$") && (filter.startsWith("+") || filter.startsWith("#"))) {
            return false;
        }
        // Level by level, without splitting: this runs on every delivery (Session's iot:Receive check).
        int f = 0;
        int t = 0;
        boolean topicHasLevel = true;
        while (true) {
            int filterEnd = levelEnd(filter, f);
            boolean wildcard = filterEnd - f == 1;
            if (wildcard && filter.charAt(f) == '#') {
                return topicHasLevel || hashMatchesParent;
            }
            if (!topicHasLevel) {
                return false;
            }
            int topicEnd = levelEnd(topic, t);
            boolean plus = wildcard && filter.charAt(f) == '+';
            if (!plus && !(filterEnd - f == topicEnd - t && filter.regionMatches(f, topic, t, filterEnd - f))) {
                return false;
            }
            if (filterEnd == filter.length()) {
                return topicEnd == topic.length();
            }
            f = filterEnd + 1;
            topicHasLevel = topicEnd < topic.length();
            t = topicEnd + 1;
        }
    }

    private static int levelEnd(String s, int from) {
        int slash = s.indexOf('/', from);
        return slash < 0 ? s.length() : slash;
    }

    private static @Nullable TopicRule checkCommon(String topic, Limits limits) {
        if (topic == null || topic.isEmpty()) {
            return TopicRule.EMPTY; // MQTT 4.7.3-1
        }
        if (topic.indexOf('\u0000') >= 0) {
            return TopicRule.INVALID_CHARACTER; // MQTT 1.5.3-2
        }
        if (topic.length() > limits.maxTopicBytes()
                || topic.getBytes(StandardCharsets.UTF_8).length > limits.maxTopicBytes()) {
            return TopicRule.TOO_LONG;
        }
        int from = 0;
        if (topic.startsWith(RULES_PREFIX)) {
            int end = topic.indexOf('/', RULES_PREFIX.length());
            from = end < 0 ? topic.length() : end + 1;
        }
        int slashes = 0;
        for (int i = from; i < topic.length(); i++) {
            if (topic.charAt(i) == '/') {
                slashes++;
            }
        }
        return slashes > limits.maxTopicSlashes() ? TopicRule.TOO_MANY_SLASHES : null;
    }
}
