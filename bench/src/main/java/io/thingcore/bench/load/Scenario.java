package io.thingcore.bench.load;

import org.jspecify.annotations.Nullable;

/** The scenarios of issue 6, by the names {@code latest.json} uses. */
public enum Scenario {
    CONNECT("connect", "connections/s", true, "ms CPU per connection"),
    P2P_QOS1("p2p_qos1", "msgs/s", true, "ms CPU per 1,000 msgs"),
    FANIN_QOS1("fanin_qos1", "msgs/s", true, "ms CPU per 1,000 msgs"),
    FANOUT_QOS0("fanout_qos0", "deliveries/s", true, "ms CPU per 1,000 deliveries"),
    LATENCY_P99_MS("latency_p99_ms", "ms", false, "ms CPU per 1,000 msgs"),
    MAX_RATE_P99("max_rate_p99", "msgs/s", true, "ms CPU per 1,000 msgs"),
    IDLE_KB_PER_CONN("idle_kb_per_conn", "KB/conn", false, null);

    private final String id;
    private final String unit;
    private final boolean higherIsBetter;
    private final @Nullable String cpuUnit;

    Scenario(String id, String unit, boolean higherIsBetter, @Nullable String cpuUnit) {
        this.id = id;
        this.unit = unit;
        this.higherIsBetter = higherIsBetter;
        this.cpuUnit = cpuUnit;
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
