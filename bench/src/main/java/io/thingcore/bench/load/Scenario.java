package io.thingcore.bench.load;

import org.jspecify.annotations.Nullable;

/** The scenarios of issues 6, 12 and 14, by the names {@code latest.json} uses. */
public enum Scenario {
    CONNECT("connect", "connections/s", true, "ms CPU per connection", Kind.COMPARED),
    P2P_QOS1("p2p_qos1", "msgs/s", true, "ms CPU per 1,000 msgs", Kind.COMPARED),
    FANIN_QOS1("fanin_qos1", "msgs/s", true, "ms CPU per 1,000 msgs", Kind.COMPARED),
    FANOUT_QOS0("fanout_qos0", "deliveries/s", true, "ms CPU per 1,000 deliveries", Kind.COMPARED),
    LATENCY_P99_MS("latency_p99_ms", "ms", false, "ms CPU per 1,000 msgs", Kind.COMPARED),
    MAX_RATE_P99("max_rate_p99", "msgs/s", true, "ms CPU per 1,000 msgs", Kind.COMPARED),
    IDLE_KB_PER_CONN("idle_kb_per_conn", "KB/conn", false, null, Kind.COMPARED),
    /** Process start to the first CONNACK over mutual TLS, on a fresh broker process. */
    STARTUP_MS("startup_ms", "ms", false, null, Kind.COLD),
    /** The connect storm right after {@link #STARTUP_MS}: a fleet reconnecting to a restarted broker. */
    COLD_CONNECT("cold_connect", "connections/s", true, "ms CPU per connection", Kind.COLD),
    /** Point-to-point QoS 1 right after {@link #COLD_CONNECT}, still in the fresh process's first minute. */
    COLD_P2P_QOS1("cold_p2p_qos1", "msgs/s", true, "ms CPU per 1,000 msgs", Kind.COLD),
    /** 1 KiB blocks of a 1 MiB stream to many devices at once, one request outstanding each (issue 12). */
    OTA_BLOCKS("ota_blocks", "blocks/s", true, "ms CPU per MiB", Kind.THINGCORE_ONLY);

    /** How a scenario is run and reported. */
    public enum Kind {
        /** In the A/B rounds against both brokers; one row of the main table. */
        COMPARED,
        /** On a freshly started broker process (thingcore with and without its AOT cache, mosquitto), per round. */
        COLD,
        /** thingcore alone (mosquitto has no equivalent, e.g. MQTT-based file delivery), per round. */
        THINGCORE_ONLY
    }

    private final String id;
    private final String unit;
    private final boolean higherIsBetter;
    private final @Nullable String cpuUnit;
    private final Kind kind;

    Scenario(String id, String unit, boolean higherIsBetter, @Nullable String cpuUnit, Kind kind) {
        this.id = id;
        this.unit = unit;
        this.higherIsBetter = higherIsBetter;
        this.cpuUnit = cpuUnit;
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /**
     * Whether the scenario restarts the broker before it measures (the idle memory needs a fresh process): the
     * comparison runs these after all warm rounds, so that the other scenarios of rounds 2 and later are not measured
     * on a restarted JVM that has compiled only the connect path (issue 14).
     */
    public boolean restartsBroker() {
        return this == IDLE_KB_PER_CONN;
    }

    /** The scenario named {@code id} in {@code latest.json}, or null. */
    public static @Nullable Scenario byId(String id) {
        for (Scenario s : values()) {
            if (s.id.equals(id)) {
                return s;
            }
        }
        return null;
    }

    public String id() {
        return id;
    }

    public String unit() {
        return unit;
    }

    public boolean higherIsBetter() {
        return higherIsBetter;
    }

    /** The unit of {@link Result#cpuPerUnit()}, or null where the scenario has none. */
    public @Nullable String cpuUnit() {
        return cpuUnit;
    }
}
