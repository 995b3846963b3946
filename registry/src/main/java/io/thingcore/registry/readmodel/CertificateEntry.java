package io.thingcore.registry.readmodel;

import io.thingcore.registry.CertificateMode;
import io.thingcore.registry.CertificateStatus;
import java.time.Instant;
import java.util.List;

/**
 * A certificate as stored in the directory: its attachments by name, so that a policy change updates one entry
 * instead of every certificate it is attached to. {@link InMemoryDeviceDirectory} resolves the names on lookup.
 */
public record CertificateEntry(
        String certificateId,
        String certificateArn,
        CertificateStatus status,
        String caCertificateId,
        CertificateMode certificateMode,
        Instant notBefore,
        Instant notAfter,
        List<String> thingNames,
        List<String> policyNames) {
    public CertificateEntry {
        thingNames = List.copyOf(thingNames);
        policyNames = List.copyOf(policyNames);
    }
}
