package io.thingcore.dic.simulator.ota;

import java.util.HexFormat;

/**
 * The job status documents the OTA library publishes to {@code $aws/things/<thing>/jobs/<jobId>/update}, byte for
 * byte as {@code ota_mqtt.c} v3.4.0 builds them ({@code buildStatusMessageReceiving},
 * {@code prvBuildStatusMessageSelfTest}, {@code prvBuildStatusMessageFinish}; numbers in hexadecimal are always eight
 * lowercase digits, {@code stringBuilderUInt32Hex}).
 */
final class JobStatusMessages {
    /** {@code pOtaJobReasonStrings}: the {@code statusDetails} reason of {@code JobReason*}. */
    static final String SELF_TEST_READY = "ready";

    static final String SELF_TEST_ACTIVE = "active";
    static final String ACCEPTED = "accepted";
    static final String REJECTED = "rejected";

    /** {@code OtaPalSignatureCheckFailed} ({@code ota_platform_interface.h}). */
    static final int PAL_SIGNATURE_CHECK_FAILED = 0xe3;
    /** {@code OtaErrDowngradeNotAllowed} ({@code ota.h}, {@code OtaErr_t}). */
    static final int ERR_DOWNGRADE_NOT_ALLOWED = 15;
    /** {@code OtaErrSameFirmwareVersion} ({@code ota.h}, {@code OtaErr_t}). */
    static final int ERR_SAME_FIRMWARE_VERSION = 16;
    /** {@code OtaErrImageStateMismatch} ({@code ota.h}, {@code OtaErr_t}). */
    static final int ERR_IMAGE_STATE_MISMATCH = 17;

    private JobStatusMessages() {}

    /** {@code buildStatusMessageReceiving}: {@code IN_PROGRESS} with {@code receive} "received/blocks". */
    static String receiving(int received, int blocks) {
        return "{\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"receive\":\"" + received + "/" + blocks + "\"}}";
    }

    /** {@code prvBuildStatusMessageSelfTest}: {@code IN_PROGRESS} with {@code self_test} and {@code updatedBy}. */
    static String selfTest(String phase, AppVersion running) {
        return "{\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"self_test\":\"" + phase + "\",\"updatedBy\":\"0x"
                + hex(running.packed()) + "\"}}";
    }

    /** {@code prvBuildStatusMessageFinish}, {@code JobStatusSucceeded}: the new version and the updater's. */
    static String succeeded(AppVersion running, AppVersion updater) {
        return "{\"status\":\"SUCCEEDED\",\"statusDetails\":{\"reason\":\"" + ACCEPTED + "  " + running
                + "\",\"updatedBy\":\"  " + updater + "\"}}";
    }

    /** {@code prvBuildStatusMessageFinish}, {@code JobStatusFailed}: a reason string and a sub-reason code. */
    static String failed(String reason, long subReason) {
        return "{\"status\":\"FAILED\",\"statusDetails\":{\"reason\":\"" + reason + ": 0x" + hex(subReason) + "\"}}";
    }

    /** {@code prvBuildStatusMessageFinish}, {@code JobStatusFailedWithVal}: two codes. */
    static String failedWithValue(long reason, long subReason) {
        return "{\"status\":\"FAILED\",\"statusDetails\":{\"reason\":\"0x" + hex(reason) + ": 0x" + hex(subReason)
                + "\"}}";
    }

    private static String hex(long value) {
        return HexFormat.of().toHexDigits((int) value);
    }
}
