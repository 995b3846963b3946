package io.thingcore.dic;

import java.io.Serial;

/**
 * The one exception type of the DIC workflow. Its message is written for the person at the terminal (the CLI prints it
 * as is, prefixed with {@code thingcore: }): what went wrong, with which file or resource, and what to do about it.
 */
public class DicException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    public DicException(String message) {
        super(message);
    }

    public DicException(String message, Throwable cause) {
        super(message, cause);
    }
}
