package io.thingcore.it;

import java.nio.file.Path;

/** The command's jar as the cli module's build leaves it, which the end-to-end tests start as a user would. */
final class CliJar {
    /** {@code cli/target/thingcore.jar}, from this module's directory (Maven's working directory for the tests). */
    static final Path PATH = Path.of("..", "cli", "target", "thingcore.jar").toAbsolutePath();

    private CliJar() {}
}
