package io.thingcore.dic.simulator;

import java.util.List;
import java.util.Locale;

/**
 * The thermostat app. Commands ({@code dic_control.cpp} @0bfbaa93 {@code thermostatMqttControlCmd[]}):
 * {@code SetMode/<n>} writes SystemMode, {@code Heating/<n>} and {@code Cooling/<n>} the occupied setpoints in 0.01 °C,
 * with no range check of the firmware's own and the write status ignored; {@code SetMode} without a value writes 0
 * (Off), since {@code _value} starts at 0. The value is an {@code int32_t} narrowed by the attribute's C type: SystemMode
 * is 8 bits, the setpoints 16 bits signed.
 *
 * <p>Publishes ({@code dic::control::AttributeHandler} in SiliconLabs/matter_extension {@code src/dic_control.cpp}
 * @644bd469; {@code matterAws::control::AttributeHandler} in SiliconLabsSoftware/matter_sdk {@code MatterAwsControl.cpp}
 * is the same) whole degrees as the TemperatureManager keeps them ({@link #printable}):
 *
 * <ul>
 *   <li>LocalTemperature: {@code LocalTemperature/Temp};
 *   <li>OccupiedCoolingSetpoint: {@code OccupiedCoolingSetpoint/coolingTemp};
 *   <li>OccupiedHeatingSetpoint: {@code OccupiedHeatingSetpoint/heatingTemp};
 *   <li>SystemMode: {@code thermostat/systemMode} ({@code OFF} 0, {@code HEAT&COOL} 1, {@code COOL} 3, {@code HEAT} 4,
 *       else {@code INVALID MODE}) and then {@code thermostat/currentTemp}, the local temperature read into a
 *       {@code uint16_t}, so that a negative temperature prints as 65536 + t.
 * </ul>
 *
 * The Matter thermostat server on a board may refuse a write it finds invalid (then nothing is published); the
 * simulator does not model those checks and applies every value.
 */
final class ThermostatApp implements DicApp {
    static final String LOCAL_TEMPERATURE_TOPIC = "LocalTemperature/Temp";
    static final String COOLING_TOPIC = "OccupiedCoolingSetpoint/coolingTemp";
    static final String HEATING_TOPIC = "OccupiedHeatingSetpoint/heatingTemp";
    static final String MODE_TOPIC = "thermostat/systemMode";
    static final String CURRENT_TEMPERATURE_TOPIC = "thermostat/currentTemp";

    private final DeviceIo io;
    // Initial values as the old simulator had them (Auto, 20.00 °C, 26.00 °C) and 21.00 °C inside; a board restores
    // its own from NVM.
    private int mode = 1;
    private short heating = 2000;
    private short cooling = 2600;
    private short localTemperature = 2100;

    ThermostatApp(DeviceIo io) {
        this.io = io;
    }

    @Override
    public String name() {
        return "thermostat";
    }

    @Override
    public List<Cluster> clusters() {
        return List.of(Cluster.THERMOSTAT);
    }

    int mode() {
        return mode;
    }

    short heatingSetpoint() {
        return heating;
    }

    short coolingSetpoint() {
        return cooling;
    }

    @Override
    public void command(Cluster cluster, String command, int value) {
        switch (command) {
            case "SetMode" -> {
                int narrowed = value & 0xFF;
                if (narrowed == mode) {
                    io.log("SetMode/" + value + ": SystemMode is already " + mode + "; unchanged, nothing published");
                    return;
                }
                io.log("SetMode/" + value + ": SystemMode " + mode + " -> " + narrowed);
                mode = narrowed;
                io.publish(new StateMessage(MODE_TOPIC, modeName((byte) mode)));
                io.publish(new StateMessage(
                        CURRENT_TEMPERATURE_TOPIC, Integer.toString(printable(localTemperature) & 0xFFFF)));
            }
            case "Heating" -> {
                short narrowed = (short) value;
                if (narrowed == heating) {
                    io.log("Heating/" + value + ": unchanged, nothing published");
                    return;
                }
                io.log("Heating/" + value + ": OccupiedHeatingSetpoint " + celsius(heating) + " -> "
                        + celsius(narrowed));
                heating = narrowed;
                io.publish(new StateMessage(HEATING_TOPIC, Integer.toString(printable(heating))));
            }
            default -> {
                short narrowed = (short) value;
                if (narrowed == cooling) {
                    io.log("Cooling/" + value + ": unchanged, nothing published");
                    return;
                }
                io.log("Cooling/" + value + ": OccupiedCoolingSetpoint " + celsius(cooling) + " -> "
                        + celsius(narrowed));
                cooling = narrowed;
                io.publish(new StateMessage(COOLING_TOPIC, Integer.toString(printable(cooling))));
            }
        }
    }

    @Override
    public void local(Cluster cluster, String command, int value) {
        command(cluster, command, value);
    }

    /**
     * {@code TemperatureManager::ConvertToPrintableTemp}: in 16-bit arithmetic add 50 (subtract 50 below zero), divide by
     * 100 truncating, keep 8 bits ({@code int8_t}). So 2049 is 20, 2050 is 21, -2050 is -21.
     */
    static byte printable(short centi) {
        short rounded = (short) (centi < 0 ? centi - 50 : centi + 50);
        return (byte) (rounded / 100);
    }

    /** The switch in {@code AttributeHandler}, on the mode read into an {@code int8_t}. */
    static String modeName(byte mode) {
        return switch (mode) {
            case 0 -> "OFF";
            case 1 -> "HEAT&COOL";
            case 3 -> "COOL";
            case 4 -> "HEAT";
            default -> "INVALID MODE";
        };
    }

    private static String celsius(short centi) {
        return String.format(Locale.ROOT, "%.2f °C", centi / 100.0);
    }
}
