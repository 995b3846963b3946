package io.thingcore.dic.simulator;

import io.thingcore.client.TlsProfile;
import io.thingcore.dic.firmware.Firmware;
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
 * @param otaDownloads where the OTA agent writes a finished file; {@code null} keeps it in memory
 * @param reconnect {@code null} for the firmware's behaviour (no reconnection); otherwise the back-off to retry with
 * @param motionStep the window covering's step period
 */
public record FirmwareProfile(
        Firmware firmware,
        boolean ota,
        String otaThing,
        @Nullable Path otaDownloads,
        @Nullable Backoff reconnect,
        Duration motionStep) {
    public FirmwareProfile {
        Objects.requireNonNull(firmware, "firmware");
        Objects.requireNonNull(otaThing, "otaThing");
        Objects.requireNonNull(motionStep, "motionStep");
    }

    /** The firmware as built: no OTA, no reconnection, the board's motion timing. */
    public static FirmwareProfile of(Firmware firmware, String thing) {
        return new FirmwareProfile(firmware, false, thing, null, null, WindowCoveringApp.STEP_PERIOD);
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
        return new FirmwareProfile(firmware, enabled, otaThing, downloads, reconnect, motionStep);
    }

    public FirmwareProfile withReconnect(@Nullable Backoff backoff) {
        return new FirmwareProfile(firmware, ota, otaThing, otaDownloads, backoff, motionStep);
    }

    public FirmwareProfile withMotionStep(Duration step) {
        return new FirmwareProfile(firmware, ota, otaThing, otaDownloads, reconnect, step);
    }
}
