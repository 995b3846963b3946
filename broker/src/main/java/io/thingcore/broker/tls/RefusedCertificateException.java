package io.thingcore.broker.tls;

import io.thingcore.broker.refusals.RefusalReason;
import java.security.cert.CertificateException;
import org.jspecify.annotations.Nullable;

/**
 * Thrown by {@link RegistryTrustManager} when the registry refuses the client certificate, so that the TLS engine
 * fails the handshake with an alert; it travels in the handshake failure's causes to {@link ClientCertificateHandler},
 * which writes the refusal's one line from it ({@link HandshakeFailures}).
 */
final class RefusedCertificateException extends CertificateException {
    private static final long serialVersionUID = 1L;

    private final transient AuthenticationResult.Rejected rejected;
    private final String certificateId;
    private final @Nullable String subjectCommonName;

    RefusedCertificateException(AuthenticationResult.Rejected rejected, PeerCertificate peer) {
        super(rejected.reason());
        this.rejected = rejected;
        this.certificateId = peer.certificateId();
        this.subjectCommonName = peer.commonName();
    }

    RefusalReason kind() {
        return rejected.kind();
    }

    String reason() {
        return rejected.reason();
    }

    String certificateId() {
        return certificateId;
    }

    @Nullable
    String subjectCommonName() {
        return subjectCommonName;
    }
}
