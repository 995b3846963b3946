package io.thingcore.broker;

import java.util.Objects;

/**
 * Where the broker departs from the MQTT 3.1.1 and 5.0 specifications to behave as AWS IoT Core does, as one value:
 * each component is one documented deviation (AWS IoT Developer Guide, "MQTT", section "MQTT specification
 * differences"; AWS General Reference, "AWS IoT Core endpoints and quotas", message broker limits), and the handlers
 * read it from {@link BrokerConfig#semantics()} instead of deciding on their own. {@link #AWS} is AWS IoT Core's
 * behaviour and the one value the gateway runs with; a value with a component changed gives the specification's
 * behaviour on that point only (docs/architecture.md, "Two semantics, one broker").
 *
 * <p>Two rules that depart from AWS IoT on purpose are operator options of {@link BrokerConfig} instead, because their
 * defaults are not AWS's: {@link BrokerConfig#sniRule()} and {@link BrokerConfig#keepAliveZeroSeconds()}
 * (docs/adr/0004-sni-rule-and-keep-alive-zero.md).
 *
 * @param maximumQos the highest QoS the broker takes and grants, 0 or 1; AWS IoT: 1 ("MQTT": QoS 0 and 1 only). MQTT 5 clients read it in CONNACK Maximum QoS (MQTT 5.0 section
 *     3.2.2.3.4); a PUBLISH above it closes the connection (MQTT 5 DISCONNECT 0x9B, MQTT 5.0 section 3.3.1.2), a
 *     will above it refuses the CONNECT. 2 is refused here: the broker has no QoS 2 flow (PUBREC, PUBREL and
 *     PUBCOMP are protocol errors)
 * @param overMaximumQosSubscribeCloses whether an MQTT 3.1.1 SUBSCRIBE asking for more than {@link #maximumQos}
 *     closes the connection; AWS IoT: yes ("MQTT": "When QoS level 2 is requested, the message broker doesn't send a
 *     PUBACK or SUBACK", and a client waiting for its SUBACK would hang). Otherwise the SUBACK grants
 *     {@link #maximumQos} (MQTT 3.1.1 section 3.8.4: the server may grant a lower QoS than requested). MQTT 5 always
 *     gets the lower grant
 * @param hashMatchesParentLevel whether {@code sensor/#} also matches {@code sensor} (MQTT 3.1.1 section 4.7.1.2);
 *     AWS IoT: no ("MQTT", topics: {@code #} matches the children of its parent level, not the parent)
 * @param retainedForWildcardFilters whether a new subscription whose filter has a wildcard receives the retained
 *     messages of the topics it matches (MQTT 3.1.1 section 3.3.1.3, MQTT 5.0 section 3.3.1.3); AWS IoT: no ("MQTT",
 *     retained messages: only a filter equal to the retained message's topic receives it on subscribe)
 * @param mqtt311DenialCloses whether an MQTT 3.1.1 operation the policies deny closes the connection; AWS IoT: yes
 *     (CONNECT: "MQTT", 2022 version: the client gets no CONNACK; SUBSCRIBE: aws/aws-iot-device-sdk-js issues 125 and
 *     191, where AWS engineers confirm the drop; PUBLISH: aws/aws-iot-device-sdk-python-v2 issue 260). Otherwise the specification's answers: CONNACK return code 5
 *     (MQTT 3.1.1 section 3.2.2.3), SUBACK failure 0x80 for the filter (section 3.9.3), and a PUBLISH acknowledged as
 *     its QoS says and then discarded ([MQTT-3.3.5-2]). MQTT 5 gets reason codes under either value
 * @param allDollarTopicsReserved whether every topic starting with {@code $} is reserved: clients publish only to the
 *     request topics of a registered reserved-topic service and subscribe only under {@code $aws/events/} and
 *     {@code $aws/things/}; AWS IoT: yes (developer guide, "Reserved topics": every topic that begins with {@code $}
 *     is reserved). Otherwise only {@code $aws/} is (the gateway's own events and services live there and
 *     must never be forged) and other {@code $} topics are left to the policies, as MQTT 3.1.1 section 4.7.2 leaves
 *     them to the server. Under either value, wildcards at the first level never match a {@code $} topic
 *     ([MQTT-4.7.2-1])
 * @param minKeepAliveSeconds the shortest keep-alive applied: a shorter non-zero request is raised to it; AWS IoT: 30
 *     (AWS General Reference, message broker limits). 1 applies every request as asked (MQTT 3.1.1 section 3.1.2.10)
 * @param maxKeepAliveSeconds the longest keep-alive applied: a longer request is lowered to it; AWS IoT: 1200 (same
 *     quota). 65535 applies every request as asked. MQTT 5 clients read a changed value in CONNACK Server Keep Alive
 *     (MQTT 5.0 section 3.2.2.3.14)
 * @param limits the size and count limits; AWS IoT's are {@link Limits#AWS}
 */
public record Semantics(
        int maximumQos,
        boolean overMaximumQosSubscribeCloses,
        boolean hashMatchesParentLevel,
        boolean retainedForWildcardFilters,
        boolean mqtt311DenialCloses,
        boolean allDollarTopicsReserved,
        int minKeepAliveSeconds,
        int maxKeepAliveSeconds,
        Limits limits) {

    /** AWS IoT Core's behaviour, what the broker has always done. */
    public static final Semantics AWS = new Semantics(1, true, false, false, true, true, 30, 1200, Limits.AWS);

    public Semantics {
        Objects.requireNonNull(limits, "limits");
        if (maximumQos < 0 || maximumQos > 1) {
            throw new IllegalArgumentException(
                    "maximumQos must be 0 or 1 (the broker has no QoS 2 flow), got " + maximumQos);
        }
        if (minKeepAliveSeconds < 1
                || maxKeepAliveSeconds < minKeepAliveSeconds
                || maxKeepAliveSeconds > BrokerConfig.MAX_KEEP_ALIVE_SECONDS) {
            throw new IllegalArgumentException("keep-alive range must be 1 <= min <= max <= "
                    + BrokerConfig.MAX_KEEP_ALIVE_SECONDS + ", got " + minKeepAliveSeconds + ".."
                    + maxKeepAliveSeconds);
        }
    }

    /** This value with {@code limits} instead of its own. */
    public Semantics withLimits(Limits limits) {
        return new Semantics(
                maximumQos,
                overMaximumQosSubscribeCloses,
                hashMatchesParentLevel,
                retainedForWildcardFilters,
                mqtt311DenialCloses,
                allDollarTopicsReserved,
                minKeepAliveSeconds,
                maxKeepAliveSeconds,
                limits);
    }

    /** The keep-alive applied to a non-zero {@code requested} keep-alive: clamped to the range. */
    public int clampKeepAlive(int requested) {
        return Math.min(Math.max(requested, minKeepAliveSeconds), maxKeepAliveSeconds);
    }
}
