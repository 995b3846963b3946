package io.thingcore.cli;

import io.thingcore.dic.DicException;
import io.thingcore.dic.ota.JobFollower;
import io.thingcore.dic.ota.OtaCommand;
import io.thingcore.dic.ota.OtaUpdatePlan;
import io.thingcore.dic.output.ProvisionedClient;
import io.thingcore.pki.Pem;
import io.thingcore.pki.PkiException;
import io.thingcore.pki.signing.CodeSigner;
import io.thingcore.server.StreamsWiring;
import io.thingcore.streams.files.FileChecks;
import io.thingcore.streams.files.GatewayFiles;
import io.thingcore.streams.files.ObjectInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.ErrorInfo;
import software.amazon.awssdk.services.iot.model.JobExecution;
import software.amazon.awssdk.services.iot.model.JobExecutionStatus;
import software.amazon.awssdk.services.iot.model.OTAUpdateStatus;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * {@code thingcore dic ota}: the DIC guide's firmware update in one command. Stores the file (the gateway's own file
 * store, or the user's S3 bucket with {@code --aws}), creates the OTA update through the AWS SDK with a signature
 * made here with the user's key or supplied by the user, sends {@code ota} on {@code command} as MQTT Explorer, and
 * follows the job execution until it ends.
 */
@Command(
        name = "ota",
        mixinStandardHelpOptions = true,
        description = {
            "Update a DIC board's firmware: store FILE, create the OTA update (CreateOTAUpdate, custom code signing),"
                    + " send `ota` on `command`, and follow the job execution with a progress bar until it ends.",
            "Exit status: 0 SUCCEEDED, 1 FAILED, TIMED_OUT, CANCELED, REJECTED or REMOVED, 2 a usage or setup error."
        })
final class DicOtaCommand implements Callable<Integer> {
    @Mixin
    DicTargetMixin target = new DicTargetMixin();

    @Option(
            names = "--thing",
            paramLabel = "NAME",
            defaultValue = "DIC_2",
            description = "The board's thing name (default: ${DEFAULT-VALUE}).")
    String thing;

    @Option(names = "--file", required = true, paramLabel = "FILE", description = "The image, e.g. app.gbl.")
    Path file;

    /** How the file is signed: exactly one. */
    static final class Signing {
        @Option(
                names = "--sign-key",
                paramLabel = "KEY",
                description = "Sign FILE here with this EC P-256 private key (PEM); keep the key to yourself.")
        @Nullable
        Path signKey;

        @Option(
                names = "--signature",
                paramLabel = "FILE",
                description = "A signature made elsewhere: ECDSA P-256 over SHA-256 of FILE, DER (e.g. `openssl"
                        + " dgst -sha256 -sign key.pem -out app.sig app.gbl`).")
        @Nullable
        Path signature;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Signing signing = new Signing();

    @Option(
            names = "--certfile",
            paramLabel = "PATH",
            defaultValue = "codesign.crt",
            description = "The code-signing certificate's path on the device (afr_ota certfile; default:"
                    + " ${DEFAULT-VALUE}).")
    String certfile;

    @Option(
            names = "--dic-out",
            paramLabel = "DIR",
            defaultValue = "dic-out",
            description =
                    "`dic provision`'s output: MQTT Explorer's certificate sends `ota` (default: ${DEFAULT-VALUE}).")
    Path dicOut;

    @Option(names = "--no-command", description = "Do not send `ota` (the board is told some other way).")
    boolean noCommand;

    @Option(names = "--update-id", paramLabel = "ID", description = "The OTA update ID (default: dic-<thing>-<time>).")
    @Nullable
    String updateId;

    @Option(names = "--bucket", paramLabel = "NAME", description = "With --aws: the S3 bucket to upload FILE to.")
    @Nullable
    String bucket;

    @Option(
            names = "--role-arn",
            paramLabel = "ARN",
            description =
                    "With --aws: the IAM role AWS IoT reads the file with (required there; any ARN on a gateway).")
    @Nullable
    String roleArn;

    @Option(
            names = "--poll-ms",
            paramLabel = "MS",
            defaultValue = "1000",
            description = "How often the job execution is read (default: ${DEFAULT-VALUE}).")
    long pollMillis;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        try {
            DicCommand.ResolvedTarget resolved = target.resolve(null, null, 0);
            if (target.aws() && (bucket == null || roleArn == null)) {
                throw new DicException("--aws needs --bucket (where FILE is uploaded) and --role-arn (the role AWS IoT"
                        + " reads it with)");
            }
            String storeBucket = target.aws() ? java.util.Objects.requireNonNull(bucket) : GatewayFiles.OWN_BUCKET;
            byte[] signature = signature();
            String key = "dic/" + file.getFileName();
            FileChecks.Digest digest = digest();
            String version = store(resolved, storeBucket, key);
            if (!target.aws() && !digest.sha256().equals(version)) {
                throw new DicException("the gateway's file store holds " + key + " as version " + version
                        + ", not the SHA-256 of " + file + " (" + digest.sha256() + "): was the file changed while"
                        + " it was stored?");
            }
            out.println("stored " + file.getFileName() + " as s3://" + storeBucket + "/" + key + ": " + digest.size()
                    + " bytes, SHA-256 " + digest.sha256());
            String id = updateId != null
                    ? updateId
                    : "dic-" + thing + "-" + Clock.systemUTC().millis();
            try (IotClient iot = resolved.target().iotClient()) {
                String thingArn = iot.describeThing(b -> b.thingName(thing)).thingArn();
                OtaUpdatePlan plan = new OtaUpdatePlan(
                        id,
                        thingArn,
                        storeBucket,
                        key,
                        version,
                        String.valueOf(file.getFileName()),
                        signature,
                        certfile,
                        roleArn != null ? roleArn : "arn:aws:iam::000000000000:role/thingcore-ota");
                OTAUpdateStatus status = iot.createOTAUpdate(plan.request()).otaUpdateStatus();
                if (status == OTAUpdateStatus.CREATE_FAILED) {
                    ErrorInfo error = iot.getOTAUpdate(b -> b.otaUpdateId(id))
                            .otaUpdateInfo()
                            .errorInfo();
                    System.err.println("thingcore: OTA update " + id + " failed, no job was created"
                            + (error == null ? "" : ": " + error.code() + ": " + error.message()));
                    return 1;
                }
                out.println("created OTA update " + id + " (job " + plan.jobId() + ") for " + thing);
                if (!target.aws()) {
                    // The stream CreateOTAUpdate made read the stored object whole and recorded its size and
                    // SHA-256 before the job was created; the object is named by that SHA-256 in the gateway's store.
                    out.println("file checked by the gateway: " + digest.size() + " bytes, SHA-256 " + digest.sha256()
                            + ", read back before the job was created");
                }
                if (!noCommand) {
                    OtaCommand.send(
                            ProvisionedClient.read(dicOut, ProvisionedClient.Role.EXPLORER),
                            String.valueOf(ProcessHandle.current().pid()));
                    out.println("sent \"" + OtaCommand.PAYLOAD + "\" on \"" + OtaCommand.TOPIC + "\"");
                }
                out.flush();
                JobExecution end = new JobFollower(iot, pollMillis).follow(plan.jobId(), thing, line -> {
                    out.println(line);
                    out.flush();
                });
                return end.status() == JobExecutionStatus.SUCCEEDED ? 0 : 1;
            }
        } catch (DicException | PkiException e) {
            System.err.println("thingcore: " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        } catch (RuntimeException e) {
            System.err.println("thingcore: " + e.getMessage());
            return 2;
        }
    }

    private byte[] signature() {
        try {
            if (signing.signKey != null) {
                return CodeSigner.sign(
                                file, Pem.readPrivateKey(Files.readString(signing.signKey, StandardCharsets.UTF_8)))
                        .signature();
            }
            return Files.readAllBytes(java.util.Objects.requireNonNull(signing.signature, "--signature"));
        } catch (IOException e) {
            throw new DicException("cannot read " + e.getMessage(), e);
        }
    }

    /** FILE's size and SHA-256, as the gateway's check computes them. */
    private FileChecks.Digest digest() {
        try (InputStream in = Files.newInputStream(file)) {
            return FileChecks.digest(in);
        } catch (IOException e) {
            throw new DicException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Stores FILE where the stream will read it; returns the object version. */
    private @Nullable String store(DicCommand.ResolvedTarget resolved, String storeBucket, String key) {
        try (InputStream in = Files.newInputStream(file)) {
            if (!target.aws()) {
                if (resolved.dataDir() == null) {
                    throw new DicException("--endpoint-url has no file store this command can write to; store FILE"
                            + " with `thingcore files put` on the gateway's host, or use --connection FILE");
                }
                ObjectInfo stored = StreamsWiring.ownFiles(resolved.dataDir()).put(GatewayFiles.OWN_BUCKET, key, in);
                return stored.version();
            }
            S3ClientBuilder builder = S3Client.builder().httpClient(UrlConnectionHttpClient.create());
            String region = target.region;
            if (region != null) {
                builder.region(Region.of(region));
            }
            String profile = target.profile;
            if (profile != null) {
                builder.overrideConfiguration(o -> o.defaultProfileName(profile));
            }
            try (S3Client s3 = builder.build()) {
                return s3.putObject(b -> b.bucket(storeBucket).key(key), RequestBody.fromFile(file))
                        .versionId();
            }
        } catch (IOException e) {
            throw new DicException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
