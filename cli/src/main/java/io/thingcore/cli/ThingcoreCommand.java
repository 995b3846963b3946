package io.thingcore.cli;

import io.thingcore.cli.lifecycle.GracefulStop;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The root of the {@code thingcore} command line. */
@Command(
        name = "thingcore",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "A self-hosted, AWS IoT Core-compatible device gateway.")
public final class ThingcoreCommand implements Runnable {

    /** The subcommands, in the order the root's help lists them. */
    static final List<Class<?>> SUBCOMMANDS = List.of(
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
            CommandLine.HelpCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        int exitCode = commandLineFor(args).execute(args);
        GracefulStop.flushLogs();
        System.exit(exitCode);
    }

    /** The configured command line with every subcommand, shared by the tests. */
    public static CommandLine commandLine() {
        return commandLine(SUBCOMMANDS);
    }

    /**
     * The command line that runs {@code args}: the root with only the subcommand {@code args} begins with, where it
     * begins with one.
     *
     * <p>Picocli reads the annotations of every command and option of the tree when the tree is built, in the
     * interpreter at a JVM's start: 250 ms of the main thread on one core before {@code thingcore server} did anything
     * of its own, of about 1.1 s to "thingcore is up". A call runs one subcommand, and the root's help, {@code help},
     * an option and a mistyped name (whose message suggests the right one) still get the whole tree.
     */
    static CommandLine commandLineFor(String[] args) {
        if (args.length > 0) {
            for (Class<?> subcommand : SUBCOMMANDS) {
                if (subcommand != CommandLine.HelpCommand.class && isNamed(subcommand, args[0])) {
                    return commandLine(List.of(subcommand));
                }
            }
        }
        return commandLine();
    }

    private static boolean isNamed(Class<?> subcommand, String name) {
        Command command = subcommand.getAnnotation(Command.class);
        return command != null
                && (command.name().equals(name)
                        || Arrays.asList(command.aliases()).contains(name));
    }

    private static CommandLine commandLine(List<Class<?>> subcommands) {
        CommandLine root = new CommandLine(new ThingcoreCommand());
        for (Class<?> subcommand : subcommands) {
            root.addSubcommand(subcommand);
        }
        // After the subcommands: the setting reaches only those already added.
        return root.setCaseInsensitiveEnumValuesAllowed(true);
    }
}
