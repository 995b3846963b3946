package io.thingcore.cli.config;

import java.io.Serial;

/** Why a configuration file cannot be used, as the one line the command prints after {@code thingcore: }. */
public final class ConfigFileException extends Exception {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String line;

    ConfigFileException(String line) {
        super(line);
        this.line = line;
    }

    public String line() {
        return line;
    }
}
