package io.thingcore.dic.simulator;

import java.util.List;
import java.util.Map;

/**
 * The thermostat app. Commands, as the DIC example takes them: {@code SetMode/<n>} (the Matter Thermostat cluster's
 * SystemMode), {@code Heating/<n>} and {@code Cooling/<n>} (occupied heating and cooling setpoints in 0.01 °C, so
 * {@code Heating/2000} is 20.00 °C). State, published on change: {@code thermostat/mode},
 * {@code thermostat/heating}, {@code thermostat/cooling}. Values outside the cluster's ranges are logged and ignored.
 */
public final class ThermostatApp implements DicApp {
    public static final String MODE_TOPIC = "thermostat/mode";
    public static final String HEATING_TOPIC = "thermostat/heating";
    public static final String COOLING_TOPIC = "thermostat/cooling";

    /** Matter Thermostat cluster SystemModeEnum (value 2 is reserved). */
    static final Map<Integer, String> MODES = Map.of(
            0,
            "Off",
            1,
            "Auto",
            3,
            "Cool",
            4,
            "Heat",
            5,
            "EmergencyHeat",
            6,
            "Precooling",
            7,
            "FanOnly",
            8,
            "Dry",
            9,
            "Sleep");

    /** The cluster's default absolute limits, in 0.01 °C. */
    static final int MIN_HEAT = 700;

    static final int MAX_HEAT = 3000;
    static final int MIN_COOL = 1600;
    static final int MAX_COOL = 3200;

    // The cluster's defaults: Auto, 20.00 °C heating, 26.00 °C cooling.
    private int mode = 1;
    private int heating = 2000;
    private int cooling = 2600;

    @Override
    public String name() {
        return "thermostat";
    }

    public int mode() {
        return mode;
    }

    public int heatingSetpoint() {
        return heating;
    }

    public int coolingSetpoint() {
        return cooling;
    }

    @Override
    public List<StateMessage> state() {
        return List.of(
                new StateMessage(MODE_TOPIC, Integer.toString(mode)),
                new StateMessage(HEATING_TOPIC, Integer.toString(heating)),
                new StateMessage(COOLING_TOPIC, Integer.toString(cooling)));
    }

    @Override
    public Reaction onCommand(String raw) {
        String command = DicApp.normalize(raw);
        int slash = command.indexOf('/');
        if (slash < 0) {
            return DicApp.common(name(), command);
        }
        String verb = command.substring(0, slash);
        String argument = command.substring(slash + 1);
        if (!verb.equals("SetMode") && !verb.equals("Heating") && !verb.equals("Cooling")) {
            return DicApp.common(name(), command);
        }
        Integer value = parse(argument);
        if (value == null) {
            return Reaction.ignored(
                    "malformed command \"" + DicApp.printable(command) + "\" ignored: " + verb + "/<integer> expected");
        }
        return switch (verb) {
            case "SetMode" -> setMode(value);
            case "Heating" -> setHeating(value);
            default -> setCooling(value);
        };
    }

    private Reaction setMode(int value) {
        String name = MODES.get(value);
        if (name == null) {
            return Reaction.ignored("SetMode/" + value + " ignored: not a SystemMode (0, 1, 3-9)");
        }
        if (value == mode) {
            return Reaction.ignored("SetMode/" + value + ": already " + name);
        }
        String before = MODES.get(mode);
        mode = value;
        return new Reaction(
                List.of(new StateMessage(MODE_TOPIC, Integer.toString(mode))),
                "mode " + before + " -> " + name + " (" + mode + ")");
    }

    private Reaction setHeating(int value) {
        if (value < MIN_HEAT || value > MAX_HEAT) {
            return Reaction.ignored(
                    "Heating/" + value + " ignored: outside " + MIN_HEAT + "-" + MAX_HEAT + " (0.01 °C)");
        }
        if (value == heating) {
            return Reaction.ignored("Heating/" + value + ": unchanged");
        }
        String before = celsius(heating);
        heating = value;
        return new Reaction(
                List.of(new StateMessage(HEATING_TOPIC, Integer.toString(heating))),
                "heating setpoint " + before + " -> " + celsius(heating));
    }

    private Reaction setCooling(int value) {
        if (value < MIN_COOL || value > MAX_COOL) {
            return Reaction.ignored(
                    "Cooling/" + value + " ignored: outside " + MIN_COOL + "-" + MAX_COOL + " (0.01 °C)");
        }
        if (value == cooling) {
            return Reaction.ignored("Cooling/" + value + ": unchanged");
        }
        String before = celsius(cooling);
        cooling = value;
        return new Reaction(
                List.of(new StateMessage(COOLING_TOPIC, Integer.toString(cooling))),
                "cooling setpoint " + before + " -> " + celsius(cooling));
    }

    private static Integer parse(String argument) {
        if (argument.isEmpty() || argument.length() > 6 || !argument.matches("-?[0-9]+")) {
            return null;
        }
        return Integer.parseInt(argument);
    }

    private static String celsius(int centi) {
        return String.format(java.util.Locale.ROOT, "%.2f °C", centi / 100.0);
    }
}
