package io.thingcore.dic.simulator;

import java.util.List;
import java.util.Locale;

/**
 * One of the DIC example apps as the remote user sees it over MQTT: state published under its own topics, commands
 * received on topic {@code command}. Not thread-safe: one device, one thread.
 */
public interface DicApp {
    /** The topic the remote user publishes commands to (DIC guide step 7). */
    String COMMAND_TOPIC = "command";

    /** Over-the-air update request: the firmware logs it; a simulator has nothing to update. */
    String OTA = "ota";

    /** The app's name: {@code lighting}, {@code lock} or {@code thermostat}. */
    String name();

    /** The full current state, published on every (re)connection. */
    List<StateMessage> state();

    /** Applies one command; an unknown or malformed command is logged and ignored, as the firmware does. */
    Reaction onCommand(String command);

    /** The apps by name. */
    enum Kind {
        LIGHTING,
        LOCK,
        THERMOSTAT;

        public DicApp create() {
            return switch (this) {
                case LIGHTING -> new LightingApp();
                case LOCK -> new LockApp();
                case THERMOSTAT -> new ThermostatApp();
            };
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The command text as the apps compare it: without surrounding white space (mosquitto_pub -l adds none). */
    static String normalize(String command) {
        return command.strip();
    }

    /** The reaction to {@code ota} and to unknown commands, shared by every app. */
    static Reaction common(String app, String command) {
        if (command.equals(OTA)) {
            return Reaction.ignored("ota requested: logged only, a simulated " + app + " has no firmware to update");
        }
        return Reaction.ignored("unknown command \"" + printable(command) + "\" ignored");
    }

    /** The command for a log line: at most 64 characters, control characters escaped. */
    static String printable(String command) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < command.length() && out.length() < 64; i++) {
            char c = command.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        return command.length() > 64 ? out + "..." : out.toString();
    }
}
