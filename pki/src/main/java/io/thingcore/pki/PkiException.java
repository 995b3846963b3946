package io.thingcore.pki;

import java.io.Serial;

/**
 * The one exception type of the pki module: a key, certificate, CSR or PEM text could not be read, made or
 * checked. The message is meant for people (it ends up in CLI output and AWS-shaped API errors), e.g. "certificate
 * PEM is malformed: no BEGIN CERTIFICATE block"; the cause, when present, is the library exception behind it.
 */
public final class PkiException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    public PkiException(String message) {
        super(message);
    }

    public PkiException(String message, Throwable cause) {
        super(message, cause);
    }
}
