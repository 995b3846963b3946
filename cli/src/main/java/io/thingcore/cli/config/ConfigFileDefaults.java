package io.thingcore.cli.config;

import java.nio.file.Path;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * picocli's defaults for a command that takes a configuration file: an option the command line leaves out takes the
 * file's value, else its built-in default. picocli asks after it has read the command line (so the file's name is
 * known by then) and only for the options the command line left out, which is what makes the flags win.
 *
 * <p>A file that cannot be used gives no values; the command asks {@link #problem(CommandSpec)} before it starts
 * anything and prints that one line, so a bad file never starts a gateway on built-in defaults.
 */
public final class ConfigFileDefaults implements IDefaultValueProvider {
    public static final String ENVIRONMENT_VARIABLE = "THINGCORE_CONFIG";

    /** A command that takes a configuration file. */
    public interface Configurable {
        /** The file named by {@code --config}, else by {@value #ENVIRONMENT_VARIABLE}; null for none. */
        @Nullable
        Path configFile();
    }

    private @Nullable Path readFrom;
    private @Nullable ConfigFile read;
    private @Nullable String unusable;

    @Override
    public @Nullable String defaultValue(ArgSpec argument) {
        if (!(argument instanceof OptionSpec option) || ConfigFile.NOT_KEYS.containsKey(option.longestName())) {
            return null;
        }
        ConfigFile file = file(argument.command());
        return file == null ? null : file.valueOf(option);
    }

    /** Why the configuration file of {@code command} cannot be used, as one line; empty with no file or a good one. */
    public static Optional<String> problem(CommandSpec command) {
        if (!(command.defaultValueProvider() instanceof ConfigFileDefaults defaults)) {
            return Optional.empty();
        }
        defaults.file(command);
        return Optional.ofNullable(defaults.unusable);
    }

    /** The file of {@code command}, read once per name; null when it names none or it cannot be used. */
    private @Nullable ConfigFile file(CommandSpec command) {
        if (!(command.userObject() instanceof Configurable configurable)) {
            return null;
        }
        Path name = configurable.configFile();
        if (name == null) {
            return null;
        }
        if (!name.equals(readFrom)) {
            readFrom = name;
            try {
                read = ConfigFile.read(name, command);
                unusable = null;
            } catch (ConfigFileException e) {
                read = null;
                unusable = e.line();
            }
        }
        return read;
    }
}
