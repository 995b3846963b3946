package io.thingcore.jobs.testing;

import io.thingcore.broker.spi.CaRecord;
import io.thingcore.broker.spi.CaStatus;
import io.thingcore.broker.spi.CertificateMode;
import io.thingcore.broker.spi.CertificateRegistrar;
import io.thingcore.broker.spi.CertificateStatus;
import io.thingcore.broker.spi.DeviceDirectory;
import io.thingcore.broker.spi.DeviceRecord;
import io.thingcore.broker.spi.ThingRecord;
import io.thingcore.pki.CertificateIds;
import io.thingcore.policy.PolicyDocument;
import io.thingcore.policy.PolicyRef;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import javax.security.auth.x500.X500Principal;

/** The registry's identity data in memory, behind the broker's SPI: CAs, device certificates, things. */
public final class InMemoryDevices implements DeviceDirectory, CertificateRegistrar {
    final Map<String, DeviceRecord> certificates = new ConcurrentHashMap<>();
    final Map<String, CaRecord> cas = new ConcurrentHashMap<>();
    final Map<String, ThingRecord> things = new ConcurrentHashMap<>();

    public CaRecord registerCa(X509Certificate ca) {
        CaRecord record = new CaRecord(CertificateIds.of(ca), ca, CaStatus.ACTIVE, false, CertificateMode.DEFAULT);
        cas.put(record.caCertificateId(), record);
        return record;
    }

    /** A thing named {@code thingName}, attached to an ACTIVE {@code certificate} with one policy. */
    public void registerThing(String thingName, X509Certificate certificate, String caId, String policyJson) {
        things.put(thingName, new ThingRecord(thingName, null, Map.of()));
        PolicyRef policy = new PolicyRef(
                "p-" + thingName,
                "arn:aws:iot:eu-west-1:123456789012:policy/p-" + thingName,
                PolicyDocument.parse(policyJson));
        certificates.put(
                CertificateIds.of(certificate),
                new DeviceRecord(
                        CertificateIds.of(certificate),
                        CertificateStatus.ACTIVE,
                        caId,
                        CertificateMode.DEFAULT,
                        certificate.getNotBefore().toInstant(),
                        certificate.getNotAfter().toInstant(),
                        List.of(policy),
                        List.of(thingName)));
    }

    public boolean thingExists(String thingName) {
        return things.containsKey(thingName);
    }

    @Override
    public Optional<DeviceRecord> findCertificate(String certificateId) {
        return Optional.ofNullable(certificates.get(certificateId));
    }

    @Override
    public Optional<CaRecord> findCa(String caCertificateId) {
        return Optional.ofNullable(cas.get(caCertificateId));
    }

    @Override
    public List<CaRecord> findCasBySubject(X500Principal subject) {
        return cas.values().stream()
                .filter(ca -> ca.certificate().getSubjectX500Principal().equals(subject))
                .toList();
    }

    @Override
    public Optional<ThingRecord> findThing(String thingName) {
        return Optional.ofNullable(things.get(thingName));
    }

    @Override
    public CompletionStage<DeviceRecord> registerPendingActivation(X509Certificate certificate, String caId) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("no JITR in the jobs tests"));
    }
}
