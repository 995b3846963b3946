package io.thingcore.cli;

import picocli.CommandLine.Command;

/** {@code thingcore up}: the README's name for {@code thingcore server} (the launcher builds on first use). */
@Command(
        name = "up",
        mixinStandardHelpOptions = true,
        description = "Start the gateway on its embedded default (same options as 'server').")
public final class UpCommand extends ServerCommand {}
