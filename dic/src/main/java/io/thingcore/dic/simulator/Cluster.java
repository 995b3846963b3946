package io.thingcore.dic.simulator;

import java.util.List;

/**
 * The Matter clusters whose commands the firmware exposes on topic {@code command}, in the order
 * {@code dic_incoming_data_cb} looks them up: OnOff, DoorLock, WindowCovering, Thermostat (SiliconLabs/matter_extension
 * {@code src/dic_control.cpp} @0bfbaa93; the same tables in SiliconLabsSoftware/matter_sdk
 * {@code MatterAwsControl.cpp}). Each table exists only when the app compiles the cluster
 * ({@code ZCL_USING_..._CLUSTER_SERVER}).
 */
public enum Cluster {
    /** {@code OnOffMqttControlCmd[]}. */
    ON_OFF(List.of("off", "on", "toggle")),
    /** {@code DlMqttControlCmd[]}. */
    DOOR_LOCK(List.of("unlock", "lock")),
    /** {@code WindowMqttControlCmd[]}: the value after {@code /} is in 0.01 %. */
    WINDOW_COVERING(List.of("Lift", "Tilt")),
    /** {@code thermostatMqttControlCmd[]}: SystemMode, then setpoints in 0.01 °C. */
    THERMOSTAT(List.of("SetMode", "Heating", "Cooling"));

    private final List<String> commands;

    Cluster(List<String> commands) {
        this.commands = commands;
    }

    /** The command strings, compared with {@code strcmp}: exact and case-sensitive. */
    public List<String> commands() {
        return commands;
    }
}
