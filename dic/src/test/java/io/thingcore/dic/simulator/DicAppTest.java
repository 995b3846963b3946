package io.thingcore.dic.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The apps and the command parser without a network, against the firmware's tables. Expected values are written from
 * the firmware sources: SiliconLabs/matter_extension {@code src/dic_control.cpp} @0bfbaa93 (commands, parsing) and
 * @644bd469 ({@code AttributeHandler}, thermostat topics); project-chip/connectedhomeip
 * {@code examples/lighting-app/silabs/src/ZclCallbacks.cpp} @0307ee96, {@code examples/lock-app/silabs/src/ZclCallbacks.cpp}
 * @0f342e01 and {@code examples/window-app/silabs/src/WindowManager.cpp} @02ebc69a.
 */
class DicAppTest {
    /** Collects publishes and runs scheduled steps by hand. */
    static final class Recorder implements DeviceIo {
        final List<String> published = new ArrayList<>();
        final List<String> log = new ArrayList<>();
        final List<Runnable> scheduled = new ArrayList<>();

        @Override
        public void publish(StateMessage message) {
            published.add(message.toString());
        }

        @Override
        public void log(String line) {
            log.add(line);
        }

        @Override
        public Future<?> schedule(Runnable task, Duration delay) {
            CompletableFuture<Void> handle = new CompletableFuture<>();
            scheduled.add(() -> {
                if (!handle.isCancelled()) {
                    task.run();
                }
            });
            return handle;
        }

        /** Runs the scheduled steps until none is left (a move has at most 11). */
        void runMotion() {
            for (int i = 0; i < 100 && !scheduled.isEmpty(); i++) {
                scheduled.removeFirst().run();
            }
        }

        List<String> take() {
            List<String> copy = List.copyOf(published);
            published.clear();
            return copy;
        }
    }

    private static void command(DicApp app, String text) {
        CommandParser.Command command = (CommandParser.Command) CommandParser.parse(bytes(text));
        for (Cluster cluster : Cluster.values()) {
            if (app.clusters().contains(cluster) && cluster.commands().contains(command.name())) {
                app.command(cluster, command.name(), command.value());
                return;
            }
        }
        throw new AssertionError(text + " is not a command of " + app.name());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    // ------------------------------------------------------------------ the firmware's table (reference section 3)

    /** One row: app, the command sequence applied from the initial state, the publishes expected. */
    private record Row(DicApp.Kind app, List<String> commands, List<String> published) {}

    private static final List<Row> TABLE = List.of(
            // ZclCallbacks.cpp (lighting): light/state on|off on an OnOff change; commands off, on, toggle.
            new Row(
                    DicApp.Kind.LIGHTING,
                    List.of("on", "off", "toggle"),
                    List.of("light/state on", "light/state off", "light/state on")),
            // On/off plug: the same topic as the light.
            new Row(DicApp.Kind.ONOFF_PLUG, List.of("on", "toggle"), List.of("light/state on", "light/state off")),
            // lock-app ZclCallbacks.cpp :56: "lock" when kLocked, "unlock" otherwise; commands unlock, lock.
            new Row(DicApp.Kind.LOCK, List.of("unlock", "lock"), List.of("lock/state unlock", "lock/state lock")),
            // AttributeHandler: whole degrees (ConvertToPrintableTemp); SystemMode then currentTemp.
            new Row(
                    DicApp.Kind.THERMOSTAT,
                    List.of("Heating/2150", "Cooling/2449", "SetMode/4", "SetMode/3", "SetMode", "SetMode/5"),
                    List.of(
                            "OccupiedHeatingSetpoint/heatingTemp 22",
                            "OccupiedCoolingSetpoint/coolingTemp 24",
                            "thermostat/systemMode HEAT",
                            "thermostat/currentTemp 21",
                            "thermostat/systemMode COOL",
                            "thermostat/currentTemp 21",
                            "thermostat/systemMode OFF",
                            "thermostat/currentTemp 21",
                            "thermostat/systemMode INVALID MODE",
                            "thermostat/currentTemp 21")),
            // dic_control.cpp: Lift/Tilt call LiftPositionSet/TiltPositionSet (Current position, no motion);
            // WindowManager.cpp publishes only from its motion callback.
            new Row(DicApp.Kind.WINDOW_COVERING, List.of("Lift/5000", "Tilt/300"), List.of()));

    @Test
    void eachAppPublishesTheFirmwaresTopicsAndPayloads() {
        for (Row row : TABLE) {
            Recorder io = new Recorder();
            DicApp app = row.app().create(io);
            row.commands().forEach(c -> command(app, c));
            assertThat(io.published).as(row.app().label()).containsExactlyElementsOf(row.published());
        }
    }

    @Test
    void eachAppHasExactlyTheFirmwaresClustersAndCommandStrings() {
        Recorder io = new Recorder();
        assertThat(DicApp.Kind.LIGHTING.create(io).clusters()).containsExactly(Cluster.ON_OFF);
        assertThat(DicApp.Kind.ONOFF_PLUG.create(io).clusters()).containsExactly(Cluster.ON_OFF);
        assertThat(DicApp.Kind.LOCK.create(io).clusters()).containsExactly(Cluster.DOOR_LOCK);
        assertThat(DicApp.Kind.THERMOSTAT.create(io).clusters()).containsExactly(Cluster.THERMOSTAT);
        assertThat(DicApp.Kind.WINDOW_COVERING.create(io).clusters()).containsExactly(Cluster.WINDOW_COVERING);
        assertThat(Cluster.ON_OFF.commands()).containsExactly("off", "on", "toggle");
        assertThat(Cluster.DOOR_LOCK.commands()).containsExactly("unlock", "lock");
        assertThat(Cluster.WINDOW_COVERING.commands()).containsExactly("Lift", "Tilt");
        assertThat(Cluster.THERMOSTAT.commands()).containsExactly("SetMode", "Heating", "Cooling");
    }

    @Test
    void anUnchangedAttributePublishesNothing() {
        // attribute-table.cpp @d624777f: no MatterPostAttributeChangeCallback when the value is not changing.
        Recorder io = new Recorder();
        DicApp light = DicApp.Kind.LIGHTING.create(io);
        command(light, "off");
        DicApp lock = DicApp.Kind.LOCK.create(io);
        command(lock, "lock");
        DicApp thermostat = DicApp.Kind.THERMOSTAT.create(io);
        command(thermostat, "Heating/2000");
        command(thermostat, "SetMode/257"); // narrowed to the 8-bit SystemMode: 1, the current mode
        assertThat(io.published).isEmpty();
    }

    @Test
    void temperaturesAreRoundedAsConvertToPrintableTemp() {
        assertThat(ThermostatApp.printable((short) 2049)).isEqualTo((byte) 20);
        assertThat(ThermostatApp.printable((short) 2050)).isEqualTo((byte) 21);
        assertThat(ThermostatApp.printable((short) -2049)).isEqualTo((byte) -20);
        assertThat(ThermostatApp.printable((short) -2050)).isEqualTo((byte) -21);
        assertThat(ThermostatApp.printable((short) 0)).isEqualTo((byte) 0);
        // 16-bit wrap, then int8_t: 32760 + 50 = -32726 -> -327 -> -71.
        assertThat(ThermostatApp.printable((short) 32760)).isEqualTo((byte) -71);
        Recorder io = new Recorder();
        DicApp thermostat = DicApp.Kind.THERMOSTAT.create(io);
        command(thermostat, "Heating/-1"); // no range check: -0.01 °C rounds to -0
        command(thermostat, "Cooling/70000"); // int16 narrowing: 70000 - 65536 = 4464 -> 45
        assertThat(io.published)
                .containsExactly("OccupiedHeatingSetpoint/heatingTemp 0", "OccupiedCoolingSetpoint/coolingTemp 45");
    }

    @Test
    void aLocalMoveOfTheWindowCoveringPublishesEveryStep() {
        Recorder io = new Recorder();
        WindowCoveringApp window = (WindowCoveringApp) DicApp.Kind.WINDOW_COVERING.create(io);
        window.local(Cluster.WINDOW_COVERING, "Lift", 2500);
        io.runMotion();
        // Steps of LIFT_DELTA 1000 toward the target, overshooting, then the target (LiftUpdate).
        assertThat(io.take())
                .containsExactly(
                        "lift/position set 1000",
                        "lift/position set 2000",
                        "lift/position set 3000",
                        "lift/position set 2500");
        window.local(Cluster.WINDOW_COVERING, "Tilt", 10000);
        io.runMotion();
        assertThat(io.take()).hasSize(11).endsWith("tilt/position set 10000", "tilt/position set 10000");
        window.local(Cluster.WINDOW_COVERING, "Lift", 10001);
        assertThat(io.published).as("GoToLiftPercentage: ConstraintError").isEmpty();
        command(window, "Lift/-1"); // cast to uint16_t: 65535, no range check
        assertThat(window.liftPosition()).isEqualTo(65535);
        assertThat(io.published).isEmpty();
    }

    // ------------------------------------------------------------------ parsing, as dic_incoming_data_cb

    private static CommandParser.Parsed parse(String text) {
        return CommandParser.parse(bytes(text));
    }

    @Test
    void payloadsOf30BytesOrMoreAreDropped() {
        assertThat(parse("x".repeat(29))).isInstanceOf(CommandParser.Command.class);
        assertThat(parse("on" + " ".repeat(28))).isEqualTo(new CommandParser.Dropped(30));
    }

    @Test
    void theCommandIsTheFirstStrtokTokenAndTheValueTheSecond() {
        assertThat(parse("on/xyz")).isInstanceOf(CommandParser.Crash.class); // stoi("xyz"): invalid_argument
        assertThat(parse("on/1")).isEqualTo(new CommandParser.Command("on/1", "on", 1));
        assertThat(parse("//on")).isEqualTo(new CommandParser.Command("//on", "on", 0));
        assertThat(parse("Heating//2000/9")).isEqualTo(new CommandParser.Command("Heating//2000/9", "Heating", 2000));
        assertThat(parse("SetMode")).isEqualTo(new CommandParser.Command("SetMode", "SetMode", 0));
        assertThat(parse("SetMode/")).isEqualTo(new CommandParser.Command("SetMode/", "SetMode", 0));
        assertThat(parse("///")).isEqualTo(new CommandParser.Command("///", null, 0));
        assertThat(parse("")).isEqualTo(new CommandParser.Command("", null, 0));
        assertThat(parse("on\u0000off")).isEqualTo(new CommandParser.Command("on", "on", 0));
    }

    @Test
    void nothingIsTrimmedOrCaseFolded() {
        assertThat(parse("on\n")).isEqualTo(new CommandParser.Command("on\n", "on\n", 0));
        assertThat(parse(" on")).isEqualTo(new CommandParser.Command(" on", " on", 0));
        assertThat(parse("ON")).isEqualTo(new CommandParser.Command("ON", "ON", 0));
    }

    @Test
    void theValueIsReadAsStdStoi() {
        assertThat(parse("Heating/ \t+2150abc"))
                .isEqualTo(new CommandParser.Command("Heating/ \t+2150abc", "Heating", 2150));
        assertThat(parse("Heating/-5")).isEqualTo(new CommandParser.Command("Heating/-5", "Heating", -5));
        assertThat(parse("Heating/2147483647"))
                .isEqualTo(new CommandParser.Command("Heating/2147483647", "Heating", Integer.MAX_VALUE));
        assertThat(parse("Heating/-2147483648"))
                .isEqualTo(new CommandParser.Command("Heating/-2147483648", "Heating", Integer.MIN_VALUE));
        assertThat(parse("Heating/2147483648"))
                .isEqualTo(new CommandParser.Crash("Heating/2147483648", "std::out_of_range", "2147483648"));
        assertThat(parse("SetMode/abc"))
                .isEqualTo(new CommandParser.Crash("SetMode/abc", "std::invalid_argument", "abc"));
        assertThat(parse("SetMode/-")).isEqualTo(new CommandParser.Crash("SetMode/-", "std::invalid_argument", "-"));
        // The value is converted before the command is looked up: even an unknown command crashes.
        assertThat(parse("dance/x")).isInstanceOf(CommandParser.Crash.class);
    }
}
