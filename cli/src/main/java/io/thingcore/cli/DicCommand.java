package io.thingcore.cli;

import io.thingcore.dic.DicException;
import io.thingcore.dic.certs.OutputFiles;
import io.thingcore.dic.endpoint.Target;
import io.thingcore.dic.firmware.Firmware;
import io.thingcore.dic.firmware.FirmwareFiles;
import io.thingcore.dic.provision.CaMode;
import io.thingcore.dic.provision.PolicyDocuments;
import io.thingcore.dic.provision.Progress;
import io.thingcore.dic.provision.ProvisionOptions;
import io.thingcore.dic.provision.ProvisionResult;
import io.thingcore.dic.provision.Provisioner;
import io.thingcore.server.ConnectionInfo;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.iot.IotClient;

/** {@code thingcore dic}: the Matter DIC guide's workflow in one command. */
@Command(
        name = "dic",
        mixinStandardHelpOptions = true,
        description = "The Matter Direct Internet Connectivity (DIC) workflow.",
        subcommands = {DicCommand.Provision.class, DicOtaCommand.class})
public final class DicCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The target: exactly one of these, or none for the default data dir's connection.json. */
    static final class TargetOptions {
        @Option(
                names = "--connection",
                paramLabel = "FILE",
                description = "A thingcore gateway's connection.json (default: ~/.thingcore/connection.json).")
        @Nullable
        Path connection;

        @Option(
                names = "--endpoint-url",
                paramLabel = "URL",
                description = "Any AWS IoT-compatible API endpoint, with the AWS SDK's default credential chain.")
        @Nullable
        URI endpointUrl;

        @Option(
                names = "--aws",
                description = "Real AWS IoT Core, with the AWS SDK's default credential chain, --region, --profile.")
        boolean aws;
    }

    /** The policy document: the guide's by default. */
    static final class PolicyOptions {
        @Option(names = "--policy-file", paramLabel = "FILE", description = "Create the policy from this document.")
        @Nullable
        Path policyFile;

        @Option(
                names = "--least-privilege",
                description = "Create the policy from a template that lets each client connect only as its own thing"
                        + " and use only its own, the DIC apps' and the command topics.")
        boolean leastPrivilege;
    }

    @Command(
            name = "provision",
            mixinStandardHelpOptions = true,
            description = {
                "Register the CA, create the policy and the things, register and attach the device and MQTT Explorer"
                        + " certificates, and write firmware/ (the files the board is built with), mqtt-explorer/ and"
                        + " provision.json.",
                "Safe to re-run: what exists is reused, nothing is duplicated."
            })
    static final class Provision implements Callable<Integer> {
        @Mixin
        DicTargetMixin target = new DicTargetMixin();

        @Option(
                names = "--server-ca",
                paramLabel = "FILE",
                description = "With --endpoint-url: the CA of the MQTT server's certificate.")
        @Nullable
        Path serverCa;

        @Option(
                names = "--mqtt-port",
                paramLabel = "PORT",
                description = "With --endpoint-url: the MQTT over TLS port (default: 8883).")
        @Nullable
        Integer mqttPort;

        @Option(
                names = "--out",
                paramLabel = "DIR",
                defaultValue = "dic-out",
                description = "Output directory (default: ./${DEFAULT-VALUE}).")
        Path out;

        @Option(
                names = "--ca-dir",
                paramLabel = "DIR",
                description = "Your own CA: a directory with CA.crt and CA.key (e.g. made with openssl).")
        @Nullable
        Path caDir;

        @Option(
                names = "--thing",
                paramLabel = "NAME",
                defaultValue = ProvisionOptions.DEFAULT_THING,
                description = "The device's thing name = MQTT client ID (default: ${DEFAULT-VALUE}).")
        String thing;

        @Option(
                names = "--explorer-thing",
                paramLabel = "NAME",
                defaultValue = ProvisionOptions.DEFAULT_EXPLORER_THING,
                description = "MQTT Explorer's thing name = client ID (default: ${DEFAULT-VALUE}).")
        String explorerThing;

        @Option(
                names = "--ca-mode",
                paramLabel = "sni-only|default",
                defaultValue = "sni-only",
                converter = CaModeConverter.class,
                description = "CA registration: sni-only (the guide's multi-account mode) or default (registration"
                        + " code and verification certificate) (default: ${DEFAULT-VALUE}).")
        CaMode caMode;

        @Option(
                names = "--policy-name",
                paramLabel = "NAME",
                defaultValue = ProvisionOptions.DEFAULT_POLICY,
                description = "Policy attached to both certificates (default: ${DEFAULT-VALUE}).")
        String policyName;

        @ArgGroup(exclusive = true, multiplicity = "0..1")
        PolicyOptions policy = new PolicyOptions();

        @Option(
                names = "--ca-subject",
                paramLabel = "DN",
                defaultValue = ProvisionOptions.DEFAULT_CA_SUBJECT,
                description = "Subject of a CA made here (default: ${DEFAULT-VALUE}).")
        String caSubject;

        @Option(
                names = "--firmware",
                paramLabel = "dic|dic-v1|matter-aws",
                defaultValue = "dic",
                converter = FirmwareConverter.class,
                description = "The firmware generation to write files for (default: ${DEFAULT-VALUE}): dic = the DIC"
                        + " example of connectedhomeip, matter_extension and matter_sdk (dic_config.h,"
                        + " dic_nvm_cert.cpp); dic-v1 = the first, publish-only DIC example (dic_config.h);"
                        + " matter-aws = Silicon Labs' Matter + AWS example (MatterAwsConfig.h,"
                        + " MatterAwsNvmCert.cpp).")
        Firmware firmware;

        @Option(
                names = "--device-host",
                paramLabel = "NAME|IP",
                description = "The host the board dials (default: the endpoint's, the gateway's first --host). A board"
                        + " cannot reach localhost; matter-aws also checks the name against the server certificate.")
        @Nullable
        String deviceHost;

        @Option(names = "--json", description = "Print only provision.json (no progress lines).")
        boolean json;

        @Option(
                names = "--wait-for-gateway",
                paramLabel = "SECONDS",
                defaultValue = "60",
                description = "With a gateway's connection.json: wait this long for a gateway that is starting"
                        + " (e.g. `./thingcore up &` just before); 0 does not wait (default: ${DEFAULT-VALUE}).")
        int waitForGateway;

        @Override
        public Integer call() {
            PrintStream out = System.out;
            try {
                Target resolved = target();
                ProvisionOptions options = ProvisionOptions.builder(this.out)
                        .caDir(caDir)
                        .thing(thing)
                        .explorerThing(explorerThing)
                        .caMode(caMode)
                        .policy(policyName, policyDocument())
                        .caSubject(caSubject)
                        .firmware(firmware)
                        .deviceHost(deviceHost)
                        .build();
                if (!json) {
                    out.println("provisioning the Matter DIC workflow on " + resolved.describe());
                }
                ProvisionResult result;
                try (IotClient iot = resolved.iotClient()) {
                    Progress progress = json ? Progress.warningsOnly(System.err) : Progress.lines(out);
                    result = new Provisioner(iot, resolved, options, progress).run();
                }
                if (json) {
                    out.print(result.toJson());
                } else {
                    out.println();
                    out.println("done. In " + this.out + ":");
                    out.println("  " + FirmwareFiles.DIRECTORY + "/          " + String.join(", ", firmware.fileNames())
                            + " for the " + firmware.label() + " firmware (host "
                            + result.firmware().deviceHost() + ", port "
                            + result.endpoint().port() + ", client ID "
                            + thing + "); see its README.md. They hold the device key: do not commit them.");
                    out.println("  mqtt-explorer/     MQTT Explorer connection (client ID " + explorerThing
                            + "); see its README.md");
                    out.println("  provision.json     every ARN and ID, for scripts");
                }
                out.flush();
                return 0;
            } catch (DicException e) {
                System.err.println("thingcore: " + e.getMessage());
                return 1;
            }
        }

        private @Nullable String policyDocument() {
            if (policy.leastPrivilege) {
                return PolicyDocuments.leastPrivilege();
            }
            if (policy.policyFile != null) {
                return OutputFiles.read(policy.policyFile, "the policy file");
            }
            return null;
        }

        private Target target() {
            return target.resolve(serverCa, mqttPort, waitForGateway).target();
        }
    }

    /**
     * A target and, for a gateway named by its connection file, the gateway's data directory (where the connection
     * file lives), whose file store {@code dic ota} writes to.
     */
    record ResolvedTarget(Target target, @Nullable Path dataDir) {}

    /** The target the options name: {@code --aws}, {@code --endpoint-url}, or a gateway's connection file. */
    static ResolvedTarget resolve(
            TargetOptions target,
            @Nullable String region,
            @Nullable String profile,
            @Nullable Path serverCa,
            @Nullable Integer mqttPort,
            int waitForGateway) {
        if (target.aws) {
            return new ResolvedTarget(Target.aws(region, profile), null);
        }
        if (target.endpointUrl != null) {
            String ca = serverCa == null ? null : OutputFiles.read(serverCa, "the server CA");
            return new ResolvedTarget(Target.endpoint(target.endpointUrl, region, profile, mqttPort, ca), null);
        }
        Path file = target.connection != null
                ? target.connection
                : Path.of(System.getProperty("user.home"), ".thingcore", ConnectionInfo.FILE_NAME);
        GatewayWait.untilReady(file, waitForGateway);
        if (!Files.exists(file)) {
            throw new DicException("no gateway connection file at " + file + ": start a gateway with `thingcore"
                    + " up`, or pass --connection FILE, --endpoint-url URL or --aws");
        }
        ConnectionInfo connection;
        try {
            connection = ConnectionInfo.read(file);
        } catch (IOException e) {
            throw new DicException("cannot read the gateway connection file " + file + ": " + e.getMessage(), e);
        }
        String serverCaPem = OutputFiles.read(Path.of(connection.serverCaFile()), "the gateway's server CA");
        return new ResolvedTarget(
                Target.gateway(
                        connection.apiEndpoint(),
                        connection.region(),
                        connection.accessKeyId(),
                        connection.secretAccessKey(),
                        connection.mqttPort(),
                        serverCaPem,
                        file.toString()),
                file.toAbsolutePath().getParent());
    }

    /** Accepts {@code dic}, {@code dic-v1}, {@code matter-aws} in any case. */
    static final class FirmwareConverter implements CommandLine.ITypeConverter<Firmware> {
        @Override
        public Firmware convert(String value) {
            try {
                return Firmware.fromLabel(value.strip());
            } catch (DicException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** Accepts {@code sni-only}, {@code sni_only}, {@code default} in any case. */
    static final class CaModeConverter implements CommandLine.ITypeConverter<CaMode> {
        @Override
        public CaMode convert(String value) {
            return switch (value.strip().toLowerCase(java.util.Locale.ROOT).replace('_', '-')) {
                case "sni-only" -> CaMode.SNI_ONLY;
                case "default" -> CaMode.DEFAULT;
                default ->
                    throw new CommandLine.TypeConversionException("expected sni-only or default, got '" + value + "'");
            };
        }
    }
}
