package io.thingcore.dic.simulator;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * One of the Silicon Labs Matter example apps with DIC, as the remote user sees it over MQTT: Matter attributes that
 * commands on topic {@code command} change, and a publish for every attribute change (never on connect). Runs on the
 * device's thread only.
 *
 * <p>Two ways in, as on the board: {@link #command} is what {@code dic_incoming_data_cb} calls for a cloud command;
 * {@link #local} is the board's button or a Matter controller changing the attribute (the simulator reads those from
 * stdin), which for most apps is the same attribute write, and for the window covering a move to a target.
 */
public interface DicApp {
    /** The app's name on the command line. */
    String name();

    /** The clusters the app compiles, whose command tables exist. */
    List<Cluster> clusters();

    /** A cloud command: {@code command} is one of {@code cluster}'s strings, {@code value} what {@code stoi} gave. */
    void command(Cluster cluster, String command, int value);

    /** A local change with the same vocabulary. */
    void local(Cluster cluster, String command, int value);

    /** The apps. */
    enum Kind {
        LIGHTING,
        ONOFF_PLUG,
        LOCK,
        THERMOSTAT,
        WINDOW_COVERING;

        /** {@code lighting}, {@code onoff-plug}, {@code lock}, {@code thermostat}, {@code window-covering}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Kind fromLabel(String label) {
            for (Kind kind : values()) {
                if (kind.label().equals(label)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("unknown app \"" + label + "\": use lighting, onoff-plug, lock,"
                    + " thermostat or window-covering");
        }

        /**
         * A new app in its initial state.
         *
         * @param motionStep the window covering's step period ({@link WindowCoveringApp#STEP_PERIOD} on the board)
         */
        public DicApp create(DeviceIo io, Duration motionStep) {
            return switch (this) {
                case LIGHTING -> new OnOffApp(label(), io);
                case ONOFF_PLUG -> new OnOffApp(label(), io);
                case LOCK -> new LockApp(io);
                case THERMOSTAT -> new ThermostatApp(io);
                case WINDOW_COVERING -> new WindowCoveringApp(io, motionStep);
            };
        }

        public DicApp create(DeviceIo io) {
            return create(io, WindowCoveringApp.STEP_PERIOD);
        }
    }
}
