package io.thingcore.dic.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The apps' reactions to the remote user's commands, without a network. */
class DicAppTest {

    @Test
    void lightingStartsOffAndObeysOnOffToggle() {
        LightingApp light = new LightingApp();
        assertThat(light.state()).containsExactly(new StateMessage("light/state", "off"));

        assertThat(light.onCommand("on").publish()).containsExactly(new StateMessage("light/state", "on"));
        assertThat(light.onCommand("on").publish())
                .as("no change, nothing published")
                .isEmpty();
        assertThat(light.onCommand("toggle").publish()).containsExactly(new StateMessage("light/state", "off"));
        assertThat(light.onCommand("toggle\n").publish()).containsExactly(new StateMessage("light/state", "on"));
        Reaction off = light.onCommand("off");
        assertThat(off.publish()).containsExactly(new StateMessage("light/state", "off"));
        assertThat(off.log()).isEqualTo("off: light on -> off");
        assertThat(light.isOn()).isFalse();
    }

    @Test
    void lockObeysLockAndUnlock() {
        LockApp lock = new LockApp();
        assertThat(lock.state()).containsExactly(new StateMessage("lock/state", "locked"));
        assertThat(lock.onCommand("unlock").publish()).containsExactly(new StateMessage("lock/state", "unlocked"));
        assertThat(lock.onCommand("unlock").publish()).isEmpty();
        assertThat(lock.onCommand("lock").publish()).containsExactly(new StateMessage("lock/state", "locked"));
        assertThat(lock.onCommand("toggle").publish()).as("not a lock command").isEmpty();
        assertThat(lock.isLocked()).isTrue();
    }

    @Test
    void thermostatObeysSetModeHeatingAndCooling() {
        ThermostatApp thermostat = new ThermostatApp();
        assertThat(thermostat.state())
                .containsExactly(
                        new StateMessage("thermostat/mode", "1"),
                        new StateMessage("thermostat/heating", "2000"),
                        new StateMessage("thermostat/cooling", "2600"));

        Reaction heat = thermostat.onCommand("SetMode/4");
        assertThat(heat.publish()).containsExactly(new StateMessage("thermostat/mode", "4"));
        assertThat(heat.log()).isEqualTo("mode Auto -> Heat (4)");
        assertThat(thermostat.onCommand("Heating/2150").publish())
                .containsExactly(new StateMessage("thermostat/heating", "2150"));
        assertThat(thermostat.onCommand("Cooling/2400").log()).isEqualTo("cooling setpoint 26.00 °C -> 24.00 °C");
        assertThat(thermostat.mode()).isEqualTo(4);
        assertThat(thermostat.heatingSetpoint()).isEqualTo(2150);
        assertThat(thermostat.coolingSetpoint()).isEqualTo(2400);
    }

    @Test
    void thermostatIgnoresValuesOutsideTheClustersRangesAndMalformedCommands() {
        ThermostatApp thermostat = new ThermostatApp();
        for (String command : List.of(
                "SetMode/2", "SetMode/10", "Heating/5000", "Cooling/100", "Heating/", "Heating/abc", "SetMode/1/2")) {
            assertThat(thermostat.onCommand(command).publish()).as(command).isEmpty();
        }
        assertThat(thermostat.onCommand("Heating/abc").log()).contains("malformed");
        assertThat(thermostat.state()).extracting(StateMessage::payload).containsExactly("1", "2000", "2600");
    }

    @Test
    void unknownCommandsAndOtaAreLoggedAndIgnoredByEveryApp() {
        for (DicApp.Kind kind : DicApp.Kind.values()) {
            DicApp app = kind.create();
            List<StateMessage> before = app.state();
            Reaction unknown = app.onCommand("dance\u0007");
            assertThat(unknown.publish()).isEmpty();
            assertThat(unknown.log()).isEqualTo("unknown command \"dance\\x07\" ignored");
            Reaction ota = app.onCommand("ota");
            assertThat(ota.publish()).isEmpty();
            assertThat(ota.log()).startsWith("ota requested");
            assertThat(app.state()).isEqualTo(before);
            assertThat(app.name()).isEqualTo(kind.label());
        }
    }
}
