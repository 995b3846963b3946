package io.thingcore.broker.tls;

import io.netty.util.AttributeKey;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The TLS identity of one connection, read once from the client certificate during the handshake
 * ({@link PresentedCertificate}) and put on the channel ({@link #KEY}); nothing later touches {@code SSLSession}
 * (docs/architecture.md, a device's path). It keeps what authorization needs (the policy variables of the AWS IoT
 * Developer Guide, "X.509 Certificate AWS IoT Core policy variables"), not the certificate itself.
 *
 * @param certificateId lowercase hex SHA-256 of the leaf certificate's DER
 * @param subject subject attributes under AWS's names ({@code CommonName}, {@code Organization}, ...), in
 *     certificate order
 * @param issuer issuer attributes, as {@code subject}
 * @param subjectAlternativeNames SANs under AWS's names ({@code DNSName}, {@code IPAddress}, ...)
 * @param serialNumber the serial number in decimal
 * @param sni the server name the client sent (lower case), or null when it sent none
 * @param remoteIp the client's IP address, or null when unknown
 */
public record PeerCertificate(
        String certificateId,
        Map<String, List<String>> subject,
        Map<String, List<String>> issuer,
        Map<String, List<String>> subjectAlternativeNames,
        String serialNumber,
        @Nullable String sni,
        @Nullable String remoteIp) {

    public static final AttributeKey<PeerCertificate> KEY = AttributeKey.valueOf(PeerCertificate.class, "peer");

    public PeerCertificate {
        Objects.requireNonNull(certificateId, "certificateId");
        subject = Map.copyOf(subject);
        issuer = Map.copyOf(issuer);
        subjectAlternativeNames = Map.copyOf(subjectAlternativeNames);
    }

    /** The subject's first common name (CN), or null. */
    public @Nullable String commonName() {
        List<String> cn = subject.get("CommonName");
        return cn == null || cn.isEmpty() ? null : cn.get(0);
    }
}
