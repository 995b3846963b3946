package io.thingcore.broker.testing;

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
import io.thingcore.testkit.pki.Device;
import io.thingcore.testkit.pki.TestCa;
import io.thingcore.testkit.pki.TestPki;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.security.auth.x500.X500Principal;

/** An in-memory registry behind the broker's SPI, with a separate "registry executor" for writes. */
public final class TestDirectory implements DeviceDirectory, CertificateRegistrar, AutoCloseable {
    public static final String ALLOW_ALL =
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}";

    public final Map<String, DeviceRecord> certificates = new ConcurrentHashMap<>();
    public final Map<String, CaRecord> cas = new ConcurrentHashMap<>();
    public final Map<String, ThingRecord> things = new ConcurrentHashMap<>();
    private final ExecutorService registryExecutor = Executors.newSingleThreadExecutor();

    public static PolicyRef policy(String name, String json) {
        return new PolicyRef(name, "arn:aws:iot:us-east-1:123456789012:policy/" + name, PolicyDocument.parse(json));
    }

    public static String allow(String actions, String resources) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":" + actions
                + ",\"Resource\":" + resources + "}]}";
    }

    public CaRecord registerCa(X509Certificate ca, CaStatus status, boolean autoRegistration, CertificateMode mode) {
        CaRecord record = new CaRecord(CertificateIds.of(ca), ca, status, autoRegistration, mode);
        cas.put(record.caCertificateId(), record);
        return record;
    }

    /**
     * A device whose policy allows everything, under a CA of its own registered ACTIVE in the default mode: for tests
     * about something other than authorization.
     */
    public Device allowAllDevice(String caSubject, String deviceSubject) {
        TestCa ca = TestPki.ca(caSubject);
        CaRecord caRecord = registerCa(ca.certificate(), CaStatus.ACTIVE, false, CertificateMode.DEFAULT);
        Device device = TestPki.device(ca, deviceSubject);
        register(
                device.certificate(),
                caRecord.caCertificateId(),
                CertificateStatus.ACTIVE,
                List.of(policy("ALLOW", ALLOW_ALL)));
        return device;
    }

    public DeviceRecord register(
            X509Certificate certificate,
            String caId,
            CertificateStatus status,
            List<PolicyRef> policies,
            String... things) {
        DeviceRecord record = new DeviceRecord(
                CertificateIds.of(certificate),
                status,
                caId,
                caId == null ? CertificateMode.SNI_ONLY : cas.get(caId).mode(),
                certificate.getNotBefore().toInstant(),
                certificate.getNotAfter().toInstant(),
                policies,
                List.of(things));
        certificates.put(record.certificateId(), record);
        return record;
    }

    /** A thing named {@code thingName}, attached to an ACTIVE {@code certificate} of {@code caId} with {@code policies}. */
    public DeviceRecord registerThing(
            String thingName, X509Certificate certificate, String caId, List<PolicyRef> policies) {
        things.put(thingName, new ThingRecord(thingName, null, Map.of()));
        return register(certificate, caId, CertificateStatus.ACTIVE, policies, thingName);
    }

    public void setStatus(String certificateId, CertificateStatus status) {
        certificates.computeIfPresent(
                certificateId,
                (k, r) -> new DeviceRecord(
                        r.certificateId(),
                        status,
                        r.caCertificateId(),
                        r.mode(),
                        r.notBefore(),
                        r.notAfter(),
                        r.policies(),
                        r.thingNames()));
    }

    public void setPolicies(String certificateId, List<PolicyRef> policies) {
        certificates.computeIfPresent(
                certificateId,
                (k, r) -> new DeviceRecord(
                        r.certificateId(),
                        r.status(),
                        r.caCertificateId(),
                        r.mode(),
                        r.notBefore(),
                        r.notAfter(),
                        policies,
                        r.thingNames()));
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
    public CompletionStage<DeviceRecord> registerPendingActivation(
            X509Certificate certificate, String caCertificateId) {
        return CompletableFuture.supplyAsync(
                () -> {
                    NonBlocking.check("CertificateRegistrar.registerPendingActivation");
                    return certificates.computeIfAbsent(
                            CertificateIds.of(certificate),
                            id -> new DeviceRecord(
                                    id,
                                    CertificateStatus.PENDING_ACTIVATION,
                                    caCertificateId,
                                    cas.get(caCertificateId).mode(),
                                    certificate.getNotBefore().toInstant(),
                                    certificate.getNotAfter().toInstant(),
                                    List.of(),
                                    List.of()));
                },
                registryExecutor);
    }

    @Override
    public void close() {
        registryExecutor.shutdownNow();
    }
}
