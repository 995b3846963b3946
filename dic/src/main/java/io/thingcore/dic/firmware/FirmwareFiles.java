package io.thingcore.dic.firmware;

import io.thingcore.dic.DicException;
import io.thingcore.dic.certs.OutputFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The files a DIC board is built with, per {@link Firmware} generation: written by {@code thingcore dic provision}
 * into {@code OUT/firmware/} (with a README that says which firmware file each one replaces), and read back by the
 * simulator exactly as the firmware's compiler would see them.
 */
public final class FirmwareFiles {
    /** The folder under the provision output directory. */
    public static final String DIRECTORY = "firmware";

    public static final String DIC_CONFIG_H = "dic_config.h";
    public static final String DIC_NVM_CERT_CPP = "dic_nvm_cert.cpp";
    public static final String MATTER_AWS_CONFIG_H = "MatterAwsConfig.h";
    public static final String MATTER_AWS_NVM_CERT_CPP = "MatterAwsNvmCert.cpp";
    public static final String README = "README.md";

    private FirmwareFiles() {}

    /** The files' names and texts, in the order they are written. */
    public static Map<String, String> render(Firmware firmware, DeviceConfig config) {
        return switch (firmware) {
            case DIC_V1 -> DicV1Files.render(config);
            case DIC -> DicFiles.render(config);
            case MATTER_AWS -> MatterAwsFiles.render(config);
        };
    }

    /**
     * Writes {@code firmware}'s files and their README into {@code directory}, replacing earlier ones (they derive
     * from the certificates and the target). Every file is owner-only (0600): the credential files hold the device's
     * private key. Files of another generation left there by an earlier run are removed, so the folder never mixes two.
     *
     * @return the files written
     */
    public static List<Path> write(Path directory, Firmware firmware, DeviceConfig config) {
        FirmwareLimits.check(firmware, config);
        for (Firmware other : Firmware.values()) {
            for (String name : other.fileNames()) {
                if (!firmware.fileNames().contains(name)) {
                    OutputFiles.delete(directory.resolve(name));
                }
            }
        }
        List<Path> written = new ArrayList<>();
        render(firmware, config).forEach((name, text) -> {
            Path file = directory.resolve(name);
            OutputFiles.writeSecret(file, text, true);
            written.add(file);
        });
        Path readme = directory.resolve(README);
        OutputFiles.writePublic(readme, FirmwareReadme.render(firmware, config), true);
        written.add(readme);
        return written;
    }

    /** The generation whose files are in {@code directory}. */
    public static Firmware detect(Path directory) {
        if (Files.isRegularFile(directory.resolve(MATTER_AWS_CONFIG_H))) {
            return Firmware.MATTER_AWS;
        }
        if (Files.isRegularFile(directory.resolve(DIC_NVM_CERT_CPP))) {
            return Firmware.DIC;
        }
        if (Files.isRegularFile(directory.resolve(DIC_CONFIG_H))) {
            return Firmware.DIC_V1;
        }
        throw new DicException("no DIC firmware files in " + directory + ": run `thingcore dic provision` first");
    }

    /** Reads the values a board built with {@code firmware}'s files in {@code directory} would use. */
    public static DeviceConfig read(Path directory, Firmware firmware) {
        return switch (firmware) {
            case DIC_V1 -> {
                CSource header = source(directory, DIC_CONFIG_H);
                yield config(header, header, "DIC_");
            }
            case DIC -> config(source(directory, DIC_CONFIG_H), source(directory, DIC_NVM_CERT_CPP), "DIC_");
            case MATTER_AWS ->
                config(
                        source(directory, MATTER_AWS_CONFIG_H),
                        source(directory, MATTER_AWS_NVM_CERT_CPP),
                        "MATTER_AWS_");
        };
    }

    private static DeviceConfig config(CSource settings, CSource credentials, String prefix) {
        return new DeviceConfig(
                settings.stringMacro(prefix + "SERVER_HOST").orElseThrow(() -> missing(prefix + "SERVER_HOST")),
                settings.integerMacro(prefix + "SERVER_PORT").orElseThrow(() -> missing(prefix + "SERVER_PORT")),
                settings.stringMacro(prefix + "CLIENT_ID").orElseThrow(() -> missing(prefix + "CLIENT_ID")),
                credentials.charArray("ca_certificate").orElseThrow(() -> missing("ca_certificate")),
                credentials.charArray("device_certificate").orElseThrow(() -> missing("device_certificate")),
                credentials.charArray("device_key").orElseThrow(() -> missing("device_key")));
    }

    private static CSource source(Path directory, String name) {
        return CSource.parse(OutputFiles.read(directory.resolve(name), "the firmware file " + name));
    }

    private static DicException missing(String name) {
        return new DicException("the firmware files define no " + name + ": re-run `thingcore dic provision`");
    }

    /** The comment every file starts with: what it is, what it replaces, and (for credentials) not to commit it. */
    static String banner(Firmware firmware, String replaces, DeviceConfig config, boolean holdsKey) {
        StringBuilder out = new StringBuilder("/*\n");
        out.append(" * Generated by `thingcore dic provision --firmware ")
                .append(firmware.label())
                .append("`.\n");
        out.append(" * Replaces ").append(replaces).append(" (see README.md beside this file).\n");
        out.append(" * Thing / MQTT client ID ").append(CText.comment(config.clientId()));
        out.append(", server ")
                .append(CText.comment(config.host()))
                .append(':')
                .append(config.port())
                .append(".\n");
        if (holdsKey) {
            out.append(" * It holds the device's PRIVATE KEY: do not commit it or share it.\n");
        }
        return out.append(" */\n\n").toString();
    }
}
