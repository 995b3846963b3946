package io.thingcore.api.ops;

import io.netty.handler.codec.http.HttpMethod;
import java.net.SocketAddress;
import org.jspecify.annotations.Nullable;

/**
 * One API request as it ended.
 *
 * @param operation the AWS operation name ({@code CreateThing}), {@code iotdata} for the data plane, or {@code -}
 *     when the request never reached an operation (refused signature, unknown path)
 * @param principal who made it: the access key ID that signed it (verified or, when the signature was refused, as
 *     claimed in the request), {@code console:<key>} for the web console, or null when the request named none
 * @param signatureRefused whether SigV4 verification refused it
 * @param errorType the AWS error type of an error response ({@code x-amzn-ErrorType}), or null
 */
public record CallOutcome(
        String operation,
        @Nullable String principal,
        HttpMethod method,
        String rawPath,
        int status,
        @Nullable String errorType,
        boolean signatureRefused,
        SocketAddress remoteAddress) {

    /** A control-plane call that may change something: every method but GET and HEAD. */
    public boolean isWrite() {
        return !operation.equals("-")
                && !operation.equals("iotdata")
                && !method.equals(HttpMethod.GET)
                && !method.equals(HttpMethod.HEAD);
    }
}
