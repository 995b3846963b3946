package io.thingcore.dic.simulator;

import java.util.List;

/**
 * The lighting app and the on/off plug: one OnOff attribute, published as {@code light/state} {@code on}/{@code off}
 * (project-chip/connectedhomeip {@code examples/lighting-app/silabs/src/ZclCallbacks.cpp} @0307ee96,
 * {@code MatterPostAttributeChangeCallback}; the plug uses the same topic, per DIC_Wi-Fi.md and
 * MQTT_EXPLORER_SETUP.md "For onoff plug app ... (light/*)").
 *
 * <p>{@code on}, {@code off} and {@code toggle} go to {@code OnOffServer::setOnOffValue(1, Off|On|Toggle, false)}
 * ({@code dic_control.cpp} @0bfbaa93). Writing the value the attribute already has changes nothing, so nothing is
 * published: the attribute store returns before {@code MatterPostAttributeChangeCallback} when the value is not
 * changing (connectedhomeip {@code src/app/util/attribute-table.cpp} @d624777f, {@code emAfWriteAttribute}).
 */
final class OnOffApp implements DicApp {
    static final String TOPIC = "light/state";

    private final String name;
    private final DeviceIo io;
    private boolean on;

    OnOffApp(String name, DeviceIo io) {
        this.name = name;
        this.io = io;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<Cluster> clusters() {
        return List.of(Cluster.ON_OFF);
    }

    boolean isOn() {
        return on;
    }

    @Override
    public void command(Cluster cluster, String command, int value) {
        boolean wanted = switch (command) {
            case "on" -> true;
            case "off" -> false;
            default -> !on; // toggle
        };
        if (wanted == on) {
            io.log(command + ": OnOff is already " + text(on) + "; unchanged, nothing published");
            return;
        }
        on = wanted;
        io.log(command + ": OnOff " + text(!on) + " -> " + text(on));
        io.publish(new StateMessage(TOPIC, text(on)));
    }

    @Override
    public void local(Cluster cluster, String command, int value) {
        command(cluster, command, value);
    }

    private static String text(boolean on) {
        return on ? "on" : "off";
    }
}
