package io.thingcore.cli;

import io.thingcore.cli.config.ConfigFileDefaults;
import picocli.CommandLine.Command;

/**
 * {@code thingcore up}: the README's name for {@code thingcore server} (the launcher builds on first use), for a person
 * at a terminal: its banner ends with ready-to-paste shell lines, the secret access key included.
 */
@Command(
        name = "up",
        mixinStandardHelpOptions = true,
        defaultValueProvider = ConfigFileDefaults.class,
        description = "Start the gateway on its embedded default (same options as 'server') and print the AWS CLI"
                + " lines, secret included.")
public final class UpCommand extends ServerCommand {
    @Override
    boolean bannerShowsSecret() {
        return true;
    }
}
