package io.thingcore.dic.provision;

import io.thingcore.dic.DicException;
import io.thingcore.dic.certs.CertificateFiles;
import io.thingcore.dic.firmware.Firmware;
import io.thingcore.dic.firmware.FirmwareLimits;
import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

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
        Path caDir,
        String thingName,
        String explorerThingName,
        CaMode caMode,
        String policyName,
        String policyDocument,
        String caSubject,
        Firmware firmware,
        String deviceHost) {

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
        thingName = thingName == null ? DEFAULT_THING : thingName;
        explorerThingName = explorerThingName == null ? DEFAULT_EXPLORER_THING : explorerThingName;
        caMode = caMode == null ? CaMode.SNI_ONLY : caMode;
        policyName = policyName == null ? DEFAULT_POLICY : policyName;
        policyDocument = policyDocument == null ? PolicyDocuments.ALLOW_ALL : policyDocument;
        caSubject = caSubject == null ? DEFAULT_CA_SUBJECT : caSubject;
        firmware = firmware == null ? Firmware.DIC : firmware;
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
        return new ProvisionOptions(outDir, null, null, null, null, null, null, null, null, null);
    }

    /** These options with the device's thing (= MQTT client ID) named {@code name}. */
    public ProvisionOptions withThing(String name) {
        return new ProvisionOptions(
                outDir,
                caDir,
                name,
                explorerThingName,
                caMode,
                policyName,
                policyDocument,
                caSubject,
                firmware,
                deviceHost);
    }

    /** These options with the user's own CA from {@code directory}. */
    public ProvisionOptions withCaDir(Path directory) {
        return new ProvisionOptions(
                outDir,
                directory,
                thingName,
                explorerThingName,
                caMode,
                policyName,
                policyDocument,
                caSubject,
                firmware,
                deviceHost);
    }

    /** These options for another firmware generation. */
    public ProvisionOptions withFirmware(Firmware generation) {
        return new ProvisionOptions(
                outDir,
                caDir,
                thingName,
                explorerThingName,
                caMode,
                policyName,
                policyDocument,
                caSubject,
                generation,
                deviceHost);
    }

    /** These options with the device dialing {@code host}. */
    public ProvisionOptions withDeviceHost(String host) {
        return new ProvisionOptions(
                outDir,
                caDir,
                thingName,
                explorerThingName,
                caMode,
                policyName,
                policyDocument,
                caSubject,
                firmware,
                host);
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
