package io.thingcore.dic.provision;

import io.thingcore.dic.DicException;
import io.thingcore.dic.certs.CertificateFiles;
import io.thingcore.dic.firmware.Firmware;
import io.thingcore.dic.firmware.FirmwareLimits;
import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What {@code thingcore dic provision} was told.
 *
 * @param outDir where certificates (unless {@code caDir}) and outputs go
 * @param caDir a directory with the user's own {@code CA.crt} and {@code CA.key}; null to make (or reuse) a CA in
 *     {@code outDir}
 * @param thingName the device's thing name = its MQTT client ID
 * @param explorerThingName MQTT Explorer's thing name = its client ID; must differ from {@code thingName}
 * @param caMode how the CA is registered
 * @param policyName the policy attached to both certificates
 * @param policyDocument the policy document to create when the policy does not exist
 * @param caSubject the subject of a CA made here (openssl {@code /CN=...} or RFC 4514)
 * @param firmware the firmware generation whose files are written
 * @param deviceHost the host the device dials; null for the endpoint's host
 */
public record ProvisionOptions(
        Path outDir,
        @Nullable Path caDir,
        String thingName,
        String explorerThingName,
        CaMode caMode,
        String policyName,
        String policyDocument,
        String caSubject,
        Firmware firmware,
        @Nullable String deviceHost) {

    public static final String DEFAULT_THING = "DIC_2";
    public static final String DEFAULT_EXPLORER_THING = "DIC_EXPLORER";
    public static final String DEFAULT_POLICY = "DIC_POLICY";
    public static final String DEFAULT_CA_SUBJECT = "/CN=thingcore DIC CA";
    /** The guide's file names for the device's and MQTT Explorer's certificates. */
    public static final String DEVICE_FILES = "device";

    public static final String EXPLORER_FILES = "explorer";

    private static final Pattern THING_NAME = Pattern.compile("[a-zA-Z0-9:_-]{1,128}");
    private static final Pattern POLICY_NAME = Pattern.compile("[\\w+=,.@-]{1,128}");
    /** A DNS name or an IPv4 literal: the firmware's lwIP resolves names over IPv4 ({@code dns_gethostbyname}). */
    private static final Pattern DEVICE_HOST = Pattern.compile(
            "[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?" + "(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*\\.?");

    public ProvisionOptions {
        Objects.requireNonNull(outDir, "outDir");
        Objects.requireNonNull(thingName, "thingName");
        Objects.requireNonNull(explorerThingName, "explorerThingName");
        Objects.requireNonNull(caMode, "caMode");
        Objects.requireNonNull(policyName, "policyName");
        Objects.requireNonNull(policyDocument, "policyDocument");
        Objects.requireNonNull(caSubject, "caSubject");
        Objects.requireNonNull(firmware, "firmware");
        requireName(THING_NAME, thingName, "--thing");
        requireName(THING_NAME, explorerThingName, "--explorer-thing");
        requireName(POLICY_NAME, policyName, "--policy-name");
        if (thingName.equals(explorerThingName)) {
            // The thing name is the MQTT client ID, and AWS drops an older connection when a new one uses its ID.
            throw new DicException("--thing and --explorer-thing must differ (both are \"" + thingName
                    + "\"): they are the MQTT client IDs, and a second connection with the same ID drops the first");
        }
        PolicyDocuments.requireJsonObject(policyDocument, "given");
        if (deviceHost != null && !DEVICE_HOST.matcher(deviceHost).matches()) {
            throw new DicException("--device-host \"" + deviceHost + "\" is neither a DNS name nor an IPv4 address"
                    + " (the DIC firmware resolves names over IPv4 only)");
        }
        // Checked here, before any file or resource exists: an oversized value would overflow the board's stack.
        FirmwareLimits.checkNames(firmware, thingName, deviceHost == null ? "" : deviceHost);
    }

    /** Defaults everywhere but the output directory. */
    public static ProvisionOptions defaults(Path outDir) {
        return builder(outDir).build();
    }

    /** Options to build from, all defaults but the output directory. */
    public static Builder builder(Path outDir) {
        return new Builder(outDir);
    }

    /** A builder holding these options. */
    public Builder toBuilder() {
        return new Builder(outDir)
                .caDir(caDir)
                .thing(thingName)
                .explorerThing(explorerThingName)
                .caMode(caMode)
                .policy(policyName, policyDocument)
                .caSubject(caSubject)
                .firmware(firmware)
                .deviceHost(deviceHost);
    }

    /** Builds {@link ProvisionOptions}; what is not set (or set to null) takes its default. */
    public static final class Builder {
        private final Path outDir;
        private @Nullable Path caDir;
        private @Nullable String thingName;
        private @Nullable String explorerThingName;
        private @Nullable CaMode caMode;
        private @Nullable String policyName;
        private @Nullable String policyDocument;
        private @Nullable String caSubject;
        private @Nullable Firmware firmware;
        private @Nullable String deviceHost;

        private Builder(Path outDir) {
            this.outDir = outDir;
        }

        public Builder caDir(@Nullable Path v) {
            caDir = v;
            return this;
        }

        public Builder thing(@Nullable String v) {
            thingName = v;
            return this;
        }

        public Builder explorerThing(@Nullable String v) {
            explorerThingName = v;
            return this;
        }

        public Builder caMode(@Nullable CaMode v) {
            caMode = v;
            return this;
        }

        /** The policy's name, and the document to create it with when it does not exist. */
        public Builder policy(@Nullable String name, @Nullable String document) {
            policyName = name;
            policyDocument = document;
            return this;
        }

        public Builder caSubject(@Nullable String v) {
            caSubject = v;
            return this;
        }

        public Builder firmware(@Nullable Firmware v) {
            firmware = v;
            return this;
        }

        public Builder deviceHost(@Nullable String v) {
            deviceHost = v;
            return this;
        }

        /** The options; a {@link DicException} names the first invalid one. */
        public ProvisionOptions build() {
            return new ProvisionOptions(
                    outDir,
                    caDir,
                    Objects.requireNonNullElse(thingName, DEFAULT_THING),
                    Objects.requireNonNullElse(explorerThingName, DEFAULT_EXPLORER_THING),
                    Objects.requireNonNullElse(caMode, CaMode.SNI_ONLY),
                    Objects.requireNonNullElse(policyName, DEFAULT_POLICY),
                    Objects.requireNonNullElse(policyDocument, PolicyDocuments.ALLOW_ALL),
                    Objects.requireNonNullElse(caSubject, DEFAULT_CA_SUBJECT),
                    Objects.requireNonNullElse(firmware, Firmware.DIC),
                    deviceHost);
        }
    }

    /** Where {@code CA.crt} and {@code CA.key} are read from (and made, when not the user's). */
    public Path caDirectory() {
        return caDir != null ? caDir : outDir;
    }

    /** Whether the CA is the user's own ({@code --ca-dir}): then it must exist, and it is never made or copied. */
    public boolean bringYourOwnCa() {
        return caDir != null;
    }

    /** Days of validity of certificates made here: the guide's. */
    public int leafDays() {
        return CertificateFiles.DEFAULT_LEAF_DAYS;
    }

    private static void requireName(Pattern pattern, String value, String option) {
        if (!pattern.matcher(value).matches()) {
            throw new DicException(option + " \"" + value + "\" is not a valid name (" + pattern.pattern() + ")");
        }
    }
}
