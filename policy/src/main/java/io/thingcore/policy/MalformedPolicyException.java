package io.thingcore.policy;

import java.io.Serial;

/**
 * A policy document that AWS IoT would refuse. The message names the problem and where it is (for example
 * {@code Statement[1].Effect}); the API layer returns it as AWS's {@code MalformedPolicyException}.
 */
public final class MalformedPolicyException extends RuntimeException {
    @Serial
    private static final long serialVersionUID = 1L;

    public MalformedPolicyException(String message) {
        super(message);
    }

    public MalformedPolicyException(String message, Throwable cause) {
        super(message, cause);
    }
}
