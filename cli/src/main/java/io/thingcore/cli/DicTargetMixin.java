package io.thingcore.cli;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * Where a {@code dic} command acts, the options {@code dic provision} and {@code dic ota} share: a gateway's
 * connection file, {@code --endpoint-url} or {@code --aws} (at most one), with {@code --region} and {@code --profile}.
 */
final class DicTargetMixin {
    @ArgGroup(exclusive = true, multiplicity = "0..1")
    DicCommand.TargetOptions target = new DicCommand.TargetOptions();

    @Option(names = "--region", paramLabel = "REGION", description = "Region for --aws / --endpoint-url.")
    @Nullable
    String region;

    @Option(names = "--profile", paramLabel = "NAME", description = "AWS shared-config profile.")
    @Nullable
    String profile;

    /** Whether the target is real AWS IoT Core ({@code --aws}). */
    boolean aws() {
        return target.aws;
    }

    /** The target these options name; {@code serverCa} and {@code mqttPort} apply to {@code --endpoint-url}. */
    DicCommand.ResolvedTarget resolve(@Nullable Path serverCa, @Nullable Integer mqttPort, int waitForGateway) {
        return DicCommand.resolve(target, region, profile, serverCa, mqttPort, waitForGateway);
    }
}
