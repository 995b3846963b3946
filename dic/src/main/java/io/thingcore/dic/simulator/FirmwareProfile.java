package io.thingcore.dic.simulator;

import io.thingcore.client.TlsProfile;
import io.thingcore.dic.firmware.Firmware;
import io.thingcore.dic.simulator.ota.OtaAgent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How the simulated board was built and what the simulator adds on top.
 *
 * @param firmware the generation: whether it subscribes to {@code command} at all
 * @param ota built with the AWS OTA feature ({@code ENABLE_AWS_OTA_FEAT} / {@code SL_MATTER_ENABLE_AWS_OTA_FEAT})
 * @param otaThing the OTA library's thing name: the compile-time client-ID macro
 * @param otaSettings the OTA agent's build: where it writes a finished file, the stream format, the code-signing
 *     certificate compiled in
 * @param reconnect {@code null} for the firmware's behaviour (no reconnection); otherwise the back-off to retry with
 * @param motionStep the window covering's step period
 */
public record FirmwareProfile(
        Firmware firmware,
        boolean ota,
        String otaThing,
        OtaAgent.Settings otaSettings,
        @Nullable Backoff reconnect,
        Duration motionStep) {
    public FirmwareProfile {
        Objects.requireNonNull(firmware, "firmware");
        Objects.requireNonNull(otaThing, "otaThing");
        Objects.requireNonNull(otaSettings, "otaSettings");
        Objects.requireNonNull(motionStep, "motionStep");
    }

    /** The firmware as built: no OTA, no reconnection, the board's motion timing. */
    public static FirmwareProfile of(Firmware firmware, String thing) {
        return new FirmwareProfile(
                firmware, false, thing, OtaAgent.Settings.firmware(), null, WindowCoveringApp.STEP_PERIOD);
    }

    /**
     * The TLS the generation's transport speaks: TLS 1.2 with its suites, and SNI plus a host-name check only where it
     * calls {@code mbedtls_ssl_set_hostname} (matter_sdk {@code MQTT_transport.c} @24a13ee3; the earlier transports
     * never do).
     */
    public static TlsProfile tlsOf(Firmware firmware) {
        return firmware.sendsSni() ? TlsProfile.FIRMWARE_WITH_SNI : TlsProfile.FIRMWARE_WITHOUT_SNI;
    }

    public FirmwareProfile withOta(boolean enabled, @Nullable Path downloads) {
        return withOtaSettings(
                enabled, new OtaAgent.Settings(downloads, otaSettings.format(), otaSettings.codeSigner()));
    }

    public FirmwareProfile withOtaSettings(boolean enabled, OtaAgent.Settings settings) {
        return new FirmwareProfile(firmware, enabled, otaThing, settings, reconnect, motionStep);
    }

    public FirmwareProfile withReconnect(@Nullable Backoff backoff) {
        return new FirmwareProfile(firmware, ota, otaThing, otaSettings, backoff, motionStep);
    }

    public FirmwareProfile withMotionStep(Duration step) {
        return new FirmwareProfile(firmware, ota, otaThing, otaSettings, reconnect, step);
    }
}
