package io.thingcore.registry.readmodel;

import io.thingcore.policy.PolicyRef;
import io.thingcore.registry.CertificateMode;
import io.thingcore.registry.CertificateStatus;
import java.time.Instant;
import java.util.List;

/**
 * What the broker needs to decide a TLS client certificate at connect time, as last committed: its status, issuing
 * CA and mode, validity, the things it is attached to and its attached policies (default versions, compiled).
 *
 * @param caCertificateId null for certificates registered without a CA or issued by the gateway
 */
public record DeviceIdentity(
        String certificateId,
        String certificateArn,
        CertificateStatus status,
        String caCertificateId,
        CertificateMode certificateMode,
        Instant notBefore,
        Instant notAfter,
        List<String> thingNames,
        List<PolicyRef> policies) {
    public DeviceIdentity {
        thingNames = List.copyOf(thingNames);
        policies = List.copyOf(policies);
    }

    public boolean isActive() {
        return status == CertificateStatus.ACTIVE;
    }
}
