package io.thingcore.dic.provision;

import io.thingcore.dic.certs.CertificateFiles;
import io.thingcore.dic.certs.Leaf;
import io.thingcore.dic.certs.OutputFiles;
import io.thingcore.dic.endpoint.MqttEndpoint;
import io.thingcore.dic.endpoint.Target;
import io.thingcore.dic.firmware.DeviceConfig;
import io.thingcore.dic.firmware.FirmwareFiles;
import io.thingcore.dic.firmware.FirmwareLimits;
import io.thingcore.dic.output.MqttExplorerBundle;
import io.thingcore.pki.CertificateAuthority;
import io.thingcore.pki.CertificateIds;
import io.thingcore.pki.KeyAlgorithm;
import io.thingcore.pki.Keys;
import io.thingcore.pki.LeafRequest;
import io.thingcore.pki.Pem;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.AutoRegistrationStatus;
import software.amazon.awssdk.services.iot.model.CACertificateDescription;
import software.amazon.awssdk.services.iot.model.CACertificateStatus;
import software.amazon.awssdk.services.iot.model.CertificateDescription;
import software.amazon.awssdk.services.iot.model.CertificateStatus;
import software.amazon.awssdk.services.iot.model.DescribeThingResponse;
import software.amazon.awssdk.services.iot.model.GetPolicyResponse;
import software.amazon.awssdk.services.iot.model.Policy;
import software.amazon.awssdk.services.iot.model.RegisterCaCertificateRequest;
import software.amazon.awssdk.services.iot.model.ResourceNotFoundException;

/**
 * Runs the guide's workflow against one target. Steps, each reported through {@link Progress}:
 *
 * <ol>
 *   <li>make or reuse the CA, device and explorer certificates (files);
 *   <li>check the target before changing anything: endpoint, credentials, the firmware's limits on every value the
 *       board gets, what the board will find at its host (warnings), and that every existing resource this run would
 *       reuse is compatible (the CA's mode, the policy's document, the things' certificates);
 *   <li>register the CA (SNI_ONLY, or DEFAULT with a verification certificate), ACTIVE, auto-registration on;
 *   <li>create the policy;
 *   <li>create the device's thing;
 *   <li>register the device certificate ACTIVE under the CA, attach the policy and the thing;
 *   <li>create MQTT Explorer's thing;
 *   <li>the same for MQTT Explorer's certificate;
 *   <li>write {@code firmware/} (the chosen generation's files), {@code mqtt-explorer/} and {@code provision.json}.
 * </ol>
 *
 * Each remote step looks before it acts, so a re-run creates nothing twice.
 */
public final class Provisioner {
    static final int STEPS = 9;
    static final String ENDPOINT_TYPE = "iot:Data-ATS";
    public static final String PROVISION_JSON = "provision.json";

    private final IotClient iot;
    private final Target target;
    private final ProvisionOptions options;
    private final Progress progress;

    private final List<String> done = new ArrayList<>();
    private int step;

    // State carried from step to step.
    private @Nullable CertificateAuthority ca;
    private @Nullable String caPem;
    private @Nullable Leaf device;
    private @Nullable Leaf explorer;
    private @Nullable MqttEndpoint endpoint;
    private @Nullable DeviceConfig deviceConfig;
    private final List<String> warnings = new ArrayList<>();
    private @Nullable CACertificateDescription existingCa;
    private @Nullable GetPolicyResponse existingPolicy;
    private @Nullable DescribeThingResponse existingDeviceThing;
    private @Nullable DescribeThingResponse existingExplorerThing;
    private ProvisionResult.@Nullable Ca caResult;
    private ProvisionResult.@Nullable Policy policyResult;
    private ProvisionResult.@Nullable Client deviceResult;
    private ProvisionResult.@Nullable Client explorerResult;

    /** State a step reads from an earlier one: missing, the steps run out of order (a bug, not a user error). */
    private static <T> T fromEarlierStep(@Nullable T state, String what) {
        if (state == null) {
            throw new IllegalStateException(what + " is read before the step that makes it");
        }
        return state;
    }

    public Provisioner(IotClient iot, Target target, ProvisionOptions options, Progress progress) {
        this.iot = Objects.requireNonNull(iot, "iot");
        this.target = Objects.requireNonNull(target, "target");
        this.options = Objects.requireNonNull(options, "options");
        this.progress = Objects.requireNonNull(progress, "progress");
    }

    /** Runs every step; throws a {@link ProvisionException} naming the failed step and what was done before it. */
    public ProvisionResult run() {
        step("certificates in " + options.outDir(), this::certificates);
        step("check " + target.describe(), this::check);
        step(
                "register CA "
                        + shortId(
                                CertificateIds.of(fromEarlierStep(ca, "the CA").certificate())) + " ("
                        + options.caMode() + ")",
                this::ca);
        step("create policy " + options.policyName(), this::policy);
        step("create thing " + options.thingName(), () -> thing(options.thingName(), true));
        step(
                "register device certificate for " + options.thingName(),
                () -> certificate(fromEarlierStep(device, "the device certificate"), options.thingName(), true));
        step("create thing " + options.explorerThingName(), () -> thing(options.explorerThingName(), false));
        step(
                "register explorer certificate for " + options.explorerThingName(),
                () -> certificate(
                        fromEarlierStep(explorer, "the explorer certificate"), options.explorerThingName(), false));
        MqttEndpoint mqtt = fromEarlierStep(endpoint, "the MQTT endpoint");
        ProvisionResult result = new ProvisionResult(
                new ProvisionResult.TargetInfo(
                        target.kind().name(),
                        target.endpointOverride() == null
                                ? null
                                : target.endpointOverride().toString(),
                        target.region()),
                new ProvisionResult.Endpoint(mqtt.host(), mqtt.port()),
                fromEarlierStep(caResult, "the CA's result"),
                fromEarlierStep(policyResult, "the policy's result"),
                fromEarlierStep(deviceResult, "the device's result"),
                fromEarlierStep(explorerResult, "the explorer's result"),
                new ProvisionResult.FirmwareFolder(
                        options.firmware().label(),
                        absolute(firmwareDirectory()),
                        fromEarlierStep(deviceConfig, "the device configuration")
                                .host(),
                        options.firmware().fileNames()),
                warnings.isEmpty() ? null : List.copyOf(warnings));
        step(
                "write " + FirmwareFiles.DIRECTORY + "/ (" + options.firmware().label() + "), "
                        + MqttExplorerBundle.DIRECTORY + "/, " + PROVISION_JSON,
                () -> {
                    writeOutputs(result);
                    return "written";
                });
        return result;
    }

    private void step(String title, Supplier<String> body) {
        step++;
        int warned = warnings.size();
        String outcome;
        try {
            outcome = body.get();
        } catch (RuntimeException e) {
            progress.step(step, STEPS, title, "failed");
            throw new ProvisionException(step, STEPS, title, Failures.reason(e, target), done, e);
        }
        progress.step(step, STEPS, title, outcome);
        // A step's warnings follow its line, so that each reads under the step that found it.
        warnings.subList(warned, warnings.size()).forEach(progress::warning);
    }

    // ---------------------------------------------------------------- 1. certificate files

    private String certificates() {
        Path caDir = options.caDirectory();
        List<String> made = new ArrayList<>();
        if (options.bringYourOwnCa() || CertificateFiles.caPresent(caDir)) {
            ca = CertificateFiles.loadCa(caDir);
        } else {
            ca = CertificateFiles.createCa(
                    caDir, options.caSubject(), CertificateFiles.DEFAULT_CA_DAYS, KeyAlgorithm.EC_P256, false);
            made.add("CA");
            done.add("made " + CertificateFiles.CA_KEY + " and " + CertificateFiles.CA_CERTIFICATE + " in " + caDir);
        }
        caPem = OutputFiles.read(caDir.resolve(CertificateFiles.CA_CERTIFICATE), "the CA certificate");
        device = leaf(ProvisionOptions.DEVICE_FILES, options.thingName(), made);
        explorer = leaf(ProvisionOptions.EXPLORER_FILES, options.explorerThingName(), made);
        if (made.isEmpty()) {
            return "reused";
        }
        return "created " + String.join(", ", made) + (made.size() == 3 ? "" : "; reused the rest");
    }

    private Leaf leaf(String files, String thingName, List<String> made) {
        Path dir = options.outDir();
        if (CertificateFiles.leafPresent(dir, files)) {
            return CertificateFiles.loadLeaf(dir, files, fromEarlierStep(ca, "the CA"));
        }
        Leaf leaf = CertificateFiles.issueLeaf(
                fromEarlierStep(ca, "the CA"),
                dir,
                files,
                "CN=" + thingName,
                options.leafDays(),
                KeyAlgorithm.EC_P256,
                false);
        made.add(files);
        done.add("made " + files + ".key, " + files + ".csr and " + files + ".crt in " + dir);
        return leaf;
    }

    // ---------------------------------------------------------------- 2. checks before any change

    private String check() {
        String address =
                iot.describeEndpoint(r -> r.endpointType(ENDPOINT_TYPE)).endpointAddress();
        endpoint = MqttEndpoint.resolve(target, address);
        String deviceHost = options.deviceHost() != null ? options.deviceHost() : endpoint.host();
        Leaf deviceLeaf = fromEarlierStep(device, "the device certificate");
        deviceConfig = new DeviceConfig(
                deviceHost,
                endpoint.port(),
                options.thingName(),
                endpoint.serverCaPem(),
                deviceLeaf.certificatePem(),
                deviceLeaf.keyPem());
        FirmwareLimits.check(options.firmware(), deviceConfig);
        warnings.addAll(DeviceHostChecks.warnings(
                options.firmware(), deviceHost, endpoint.host(), endpoint.port(), target.kind()));

        existingCa = describeCa(CertificateIds.of(fromEarlierStep(ca, "the CA").certificate()))
                .orElse(null);
        if (existingCa != null) {
            Reuse.checkCa(existingCa, options.caMode());
        }
        existingPolicy = getPolicy(options.policyName()).orElse(null);
        if (existingPolicy != null) {
            Reuse.checkPolicy(options.policyName(), existingPolicy.policyDocument(), options.policyDocument());
        }
        existingDeviceThing = describeThing(options.thingName()).orElse(null);
        if (existingDeviceThing != null) {
            Reuse.checkThing(
                    options.thingName(),
                    principals(options.thingName()),
                    fromEarlierStep(device, "the device certificate").certificateId());
        }
        existingExplorerThing = describeThing(options.explorerThingName()).orElse(null);
        if (existingExplorerThing != null) {
            Reuse.checkThing(
                    options.explorerThingName(),
                    principals(options.explorerThingName()),
                    fromEarlierStep(explorer, "the explorer certificate").certificateId());
        }
        return "ok, MQTT endpoint " + endpoint.host() + ":" + endpoint.port();
    }

    // ---------------------------------------------------------------- 3. CA

    private String ca() {
        String caId = CertificateIds.of(fromEarlierStep(ca, "the CA").certificate());
        String caFile = absolute(options.caDirectory().resolve(CertificateFiles.CA_CERTIFICATE));
        if (existingCa != null) {
            List<String> changed = new ArrayList<>();
            if (existingCa.status() != CACertificateStatus.ACTIVE) {
                iot.updateCACertificate(r -> r.certificateId(caId).newStatus(CACertificateStatus.ACTIVE));
                changed.add("activated");
            }
            if (existingCa.autoRegistrationStatus() != AutoRegistrationStatus.ENABLE) {
                iot.updateCACertificate(
                        r -> r.certificateId(caId).newAutoRegistrationStatus(AutoRegistrationStatus.ENABLE));
                changed.add("auto-registration turned on");
            }
            caResult = new ProvisionResult.Ca(
                    caId,
                    existingCa.certificateArn(),
                    existingCa.certificateModeAsString(),
                    CACertificateStatus.ACTIVE.toString(),
                    Action.REUSED,
                    caFile);
            return changed.isEmpty() ? "reused" : "reused (" + String.join(", ", changed) + ")";
        }
        RegisterCaCertificateRequest.Builder request = RegisterCaCertificateRequest.builder()
                .caCertificate(caPem)
                .certificateMode(options.caMode().sdk())
                .setAsActive(true)
                .allowAutoRegistration(true);
        if (options.caMode() == CaMode.DEFAULT) {
            request.verificationCertificate(verificationCertificate());
        }
        String arn = iot.registerCACertificate(request.build()).certificateArn();
        done.add("registered CA " + caId);
        caResult = new ProvisionResult.Ca(
                caId, arn, options.caMode().name(), CACertificateStatus.ACTIVE.toString(), Action.CREATED, caFile);
        return "registered";
    }

    /**
     * The DEFAULT-mode proof of possession: a certificate whose subject CN is the account's registration code, signed
     * by the CA's key (the guide's verification-certificate steps). Its key is thrown away.
     */
    private String verificationCertificate() {
        String code = iot.getRegistrationCode(r -> {}).registrationCode();
        KeyPair keys = Keys.generate(KeyAlgorithm.EC_P256);
        return Pem.write(fromEarlierStep(ca, "the CA")
                .issue(LeafRequest.version1(keys.getPublic(), "CN=" + code, Duration.ofDays(1))));
    }

    // ---------------------------------------------------------------- 4. policy

    private String policy() {
        if (existingPolicy != null) {
            policyResult =
                    new ProvisionResult.Policy(existingPolicy.policyName(), existingPolicy.policyArn(), Action.REUSED);
            return "reused";
        }
        var created =
                iot.createPolicy(r -> r.policyName(options.policyName()).policyDocument(options.policyDocument()));
        done.add("created policy " + options.policyName());
        policyResult = new ProvisionResult.Policy(created.policyName(), created.policyArn(), Action.CREATED);
        return "created";
    }

    // ---------------------------------------------------------------- 5, 7. things

    private ProvisionResult.@Nullable Client pendingDevice;
    private ProvisionResult.@Nullable Client pendingExplorer;

    private String thing(String name, boolean isDevice) {
        DescribeThingResponse existing = isDevice ? existingDeviceThing : existingExplorerThing;
        String arn;
        String id;
        Action action;
        if (existing != null) {
            arn = existing.thingArn();
            id = existing.thingId();
            action = Action.REUSED;
        } else {
            var created = iot.createThing(r -> r.thingName(name));
            done.add("created thing " + name);
            arn = created.thingArn();
            id = created.thingId();
            action = Action.CREATED;
        }
        ProvisionResult.Client client = new ProvisionResult.Client(name, arn, id, action, null, null, null, null, null);
        if (isDevice) {
            pendingDevice = client;
        } else {
            pendingExplorer = client;
        }
        return action.toString();
    }

    // ---------------------------------------------------------------- 6, 8. certificates

    private String certificate(Leaf leaf, String thingName, boolean isDevice) {
        String id = leaf.certificateId();
        Optional<CertificateDescription> existing = describeCertificate(id);
        String arn;
        Action action;
        List<String> outcome = new ArrayList<>();
        if (existing.isPresent()) {
            CertificateDescription description = existing.get();
            Reuse.checkCertificate(id, description.status());
            arn = description.certificateArn();
            action = Action.REUSED;
            if (description.status() != CertificateStatus.ACTIVE) {
                iot.updateCertificate(r -> r.certificateId(id).newStatus(CertificateStatus.ACTIVE));
                outcome.add("reused (activated)");
            } else {
                outcome.add("reused");
            }
        } else {
            arn = iot.registerCertificate(r -> r.certificatePem(leaf.certificatePem())
                            .caCertificatePem(caPem)
                            .status(CertificateStatus.ACTIVE))
                    .certificateArn();
            done.add("registered certificate " + id + " ("
                    + leaf.certificateFile().getFileName() + ")");
            action = Action.CREATED;
            outcome.add("registered");
        }
        String certificateArn = arn;
        boolean policyAttached =
                iot.listAttachedPoliciesPaginator(r -> r.target(certificateArn).recursive(false)).policies().stream()
                        .map(Policy::policyName)
                        .anyMatch(options.policyName()::equals);
        if (!policyAttached) {
            iot.attachPolicy(r -> r.policyName(options.policyName()).target(certificateArn));
            done.add("attached policy " + options.policyName() + " to certificate " + shortId(id));
            outcome.add("policy attached");
        }
        if (!principals(thingName).contains(arn)) {
            iot.attachThingPrincipal(r -> r.thingName(thingName).principal(certificateArn));
            done.add("attached certificate " + shortId(id) + " to thing " + thingName);
            outcome.add("thing attached");
        }
        ProvisionResult.Client thing =
                fromEarlierStep(isDevice ? pendingDevice : pendingExplorer, "the thing's result");
        ProvisionResult.Client client = new ProvisionResult.Client(
                thing.thingName(),
                thing.thingArn(),
                thing.thingId(),
                thing.thingAction(),
                id,
                arn,
                action,
                absolute(leaf.certificateFile()),
                absolute(leaf.keyFile()));
        if (isDevice) {
            deviceResult = client;
        } else {
            explorerResult = client;
        }
        return String.join(", ", outcome);
    }

    // ---------------------------------------------------------------- 9. outputs

    private void writeOutputs(ProvisionResult result) {
        Path out = options.outDir();
        MqttEndpoint mqtt = fromEarlierStep(endpoint, "the MQTT endpoint");
        Leaf explorerLeaf = fromEarlierStep(explorer, "the explorer certificate");
        FirmwareFiles.write(
                firmwareDirectory(), options.firmware(), fromEarlierStep(deviceConfig, "the device configuration"));
        removeSupersededHeader(out);
        new MqttExplorerBundle(
                        mqtt.host(),
                        mqtt.port(),
                        options.explorerThingName(),
                        mqtt.serverCaPem(),
                        mqtt.amazonRootCa(),
                        explorerLeaf.certificatePem(),
                        explorerLeaf.keyPem())
                .write(out);
        OutputFiles.writePublic(out.resolve(PROVISION_JSON), result.toJson(), true);
    }

    private Path firmwareDirectory() {
        return options.outDir().resolve(FirmwareFiles.DIRECTORY);
    }

    /**
     * Earlier versions wrote a single {@code dic_config.h} into the output directory itself, which no firmware
     * generation compiles; it is removed (it also held the device key) so that nobody flashes it by mistake.
     */
    private static void removeSupersededHeader(Path out) {
        Path old = out.resolve(FirmwareFiles.DIC_CONFIG_H);
        if (java.nio.file.Files.isRegularFile(old)
                && OutputFiles.read(old, "the old header").contains("generated by `thingcore dic provision`")) {
            OutputFiles.delete(old);
        }
    }

    // ---------------------------------------------------------------- lookups (absent = empty, never an error)

    private Optional<CACertificateDescription> describeCa(String id) {
        try {
            return Optional.of(
                    iot.describeCACertificate(r -> r.certificateId(id)).certificateDescription());
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    private Optional<CertificateDescription> describeCertificate(String id) {
        try {
            return Optional.of(iot.describeCertificate(r -> r.certificateId(id)).certificateDescription());
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    private Optional<GetPolicyResponse> getPolicy(String name) {
        try {
            return Optional.of(iot.getPolicy(r -> r.policyName(name)));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    private Optional<DescribeThingResponse> describeThing(String name) {
        try {
            return Optional.of(iot.describeThing(r -> r.thingName(name)));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    private List<String> principals(String thingName) {
        return iot.listThingPrincipalsPaginator(r -> r.thingName(thingName)).principals().stream()
                .toList();
    }

    /** Paths in provision.json are absolute, so scripts may run from any directory. */
    private static String absolute(Path file) {
        return file.toAbsolutePath().normalize().toString();
    }

    static String shortId(String certificateId) {
        return certificateId.substring(0, 12) + "...";
    }
}
