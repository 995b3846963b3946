package io.thingcore.cli;

import io.thingcore.cli.lifecycle.GracefulStop;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The root of the {@code thingcore} command line. */
@Command(
        name = "thingcore",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "A self-hosted, AWS IoT Core-compatible device gateway.",
        subcommands = {
            UpCommand.class,
            ServerCommand.class,
            StatusCommand.class,
            StopCommand.class,
            BackupCommand.class,
            CertsCommand.class,
            FilesCommand.class,
            DicCommand.class,
            MqttCommand.class,
            DeviceCommand.class,
            BenchCommand.class,
            CommandLine.HelpCommand.class
        })
public final class ThingcoreCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        int exitCode = commandLine().execute(args);
        GracefulStop.flushLogs();
        System.exit(exitCode);
    }

    /** The configured command line, shared by {@link #main} and the tests. */
    public static CommandLine commandLine() {
        return new CommandLine(new ThingcoreCommand()).setCaseInsensitiveEnumValuesAllowed(true);
    }
}
