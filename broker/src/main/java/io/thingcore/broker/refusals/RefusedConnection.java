package io.thingcore.broker.refusals;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One refused connection as the console lists it. Values that came from the client (SNI, subject CN) are cut to
 * {@link RefusedConnections#MAX_VALUE_CHARS} characters when recorded, so that the record's memory does not depend on
 * what clients send; they are not escaped here (the console escapes for HTML, the log for its line).
 *
 * @param at when the refusal happened
 * @param remoteAddress the client's address and port
 * @param certificateId the client certificate's ID, or null when none was presented or it could not be read
 * @param subjectCommonName the client certificate's subject CN, or null
 * @param sni the server name the client sent, or null when it sent none (or the refusal came before the ClientHello)
 * @param reason why, as a kind
 * @param detail what happened, in words
 */
public record RefusedConnection(
        Instant at,
        String remoteAddress,
        @Nullable String certificateId,
        @Nullable String subjectCommonName,
        @Nullable String sni,
        RefusalReason reason,
        String detail) {

    public RefusedConnection {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(remoteAddress, "remoteAddress");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }

    /** The likely fix. */
    public String fix() {
        return reason.fix();
    }
}
