package io.thingcore.dic.simulator;

import java.util.List;

/** The lighting app: an on/off light; {@code light/state} = {@code on}/{@code off}; obeys {@code on}, {@code off}, {@code toggle}. */
public final class LightingApp implements DicApp {
    public static final String STATE_TOPIC = "light/state";

    private boolean on;

    @Override
    public String name() {
        return "lighting";
    }

    public boolean isOn() {
        return on;
    }

    @Override
    public List<StateMessage> state() {
        return List.of(message());
    }

    @Override
    public Reaction onCommand(String raw) {
        String command = DicApp.normalize(raw);
        return switch (command) {
            case "on" -> set(true, command);
            case "off" -> set(false, command);
            case "toggle" -> set(!on, command);
            default -> DicApp.common(name(), command);
        };
    }

    private Reaction set(boolean value, String command) {
        if (value == on) {
            return Reaction.ignored(command + ": the light is already " + text(on));
        }
        String before = text(on);
        on = value;
        return new Reaction(List.of(message()), command + ": light " + before + " -> " + text(on));
    }

    private StateMessage message() {
        return new StateMessage(STATE_TOPIC, text(on));
    }

    private static String text(boolean on) {
        return on ? "on" : "off";
    }
}
