package io.thingcore.dic.simulator;

import java.util.List;

/** The lock app: a door lock; {@code lock/state} = {@code locked}/{@code unlocked}; obeys {@code lock}, {@code unlock}. */
public final class LockApp implements DicApp {
    public static final String STATE_TOPIC = "lock/state";

    private boolean locked = true;

    @Override
    public String name() {
        return "lock";
    }

    public boolean isLocked() {
        return locked;
    }

    @Override
    public List<StateMessage> state() {
        return List.of(message());
    }

    @Override
    public Reaction onCommand(String raw) {
        String command = DicApp.normalize(raw);
        return switch (command) {
            case "lock" -> set(true, command);
            case "unlock" -> set(false, command);
            default -> DicApp.common(name(), command);
        };
    }

    private Reaction set(boolean value, String command) {
        if (value == locked) {
            return Reaction.ignored(command + ": the door is already " + text(locked));
        }
        String before = text(locked);
        locked = value;
        return new Reaction(List.of(message()), command + ": " + before + " -> " + text(locked));
    }

    private StateMessage message() {
        return new StateMessage(STATE_TOPIC, text(locked));
    }

    private static String text(boolean locked) {
        return locked ? "locked" : "unlocked";
    }
}
