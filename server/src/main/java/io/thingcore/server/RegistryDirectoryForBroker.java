package io.thingcore.server;

import io.thingcore.broker.spi.CaRecord;
import io.thingcore.broker.spi.CaStatus;
import io.thingcore.broker.spi.CertificateMode;
import io.thingcore.broker.spi.CertificateRegistrar;
import io.thingcore.broker.spi.CertificateStatus;
import io.thingcore.broker.spi.DeviceDirectory;
import io.thingcore.broker.spi.DeviceRecord;
import io.thingcore.broker.spi.ThingRecord;
import io.thingcore.pki.Pem;
import io.thingcore.registry.AutoRegistrationStatus;
import io.thingcore.registry.Registry;
import io.thingcore.registry.readmodel.CaSnapshot;
import io.thingcore.registry.readmodel.DeviceIdentity;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javax.security.auth.x500.X500Principal;

/**
 * The broker's view of the registry (docs/architecture.md, dependency rules: the broker sees its own SPI, never the
 * registry): lookups are answered by the registry's in-memory read model and translated record by record, so the
 * connect path does no I/O; just-in-time registration is a registry write and runs on {@code registryWriter}, never on
 * the calling event loop. Public for the bench module, which measures the handshake's lookups through it.
 */
public final class RegistryDirectoryForBroker implements DeviceDirectory, CertificateRegistrar {
    private final Registry registry;
    private final io.thingcore.registry.readmodel.DeviceDirectory readModel;
    private final Executor registryWriter;

    public RegistryDirectoryForBroker(
            Registry registry, io.thingcore.registry.readmodel.DeviceDirectory readModel, Executor registryWriter) {
        this.registry = registry;
        this.readModel = readModel;
        this.registryWriter = registryWriter;
    }

    @Override
    public Optional<DeviceRecord> findCertificate(String certificateId) {
        return readModel.findCertificate(certificateId).map(RegistryDirectoryForBroker::device);
    }

    @Override
    public Optional<CaRecord> findCa(String caCertificateId) {
        return readModel.findCa(caCertificateId).map(RegistryDirectoryForBroker::ca);
    }

    @Override
    public List<CaRecord> findCasBySubject(X500Principal subject) {
        return readModel.findCasBySubject(subject).stream()
                .map(RegistryDirectoryForBroker::ca)
                .toList();
    }

    @Override
    public Optional<ThingRecord> findThing(String thingName) {
        return readModel
                .findThing(thingName)
                .map(thing -> new ThingRecord(thing.thingName(), thing.thingTypeName(), thing.attributes()));
    }

    /**
     * The registry re-checks the CA inside its transaction and is idempotent, so two first connects of one device,
     * or a broker snapshot that is a moment old, can neither register twice nor register what it should not.
     */
    @Override
    public CompletionStage<DeviceRecord> registerPendingActivation(
            X509Certificate certificate, String caCertificateId) {
        return CompletableFuture.supplyAsync(
                () -> {
                    assert EventLoops.notOnEventLoop("just-in-time registration");
                    String id = registry.certificates()
                            .registerPendingActivation(Pem.write(certificate), caCertificateId)
                            .certificateId();
                    // The read model is updated after commit and before registerPendingActivation returns.
                    return findCertificate(id)
                            .orElseThrow(() -> new IllegalStateException("certificate " + id + " vanished"));
                },
                registryWriter);
    }

    private static DeviceRecord device(DeviceIdentity identity) {
        return new DeviceRecord(
                identity.certificateId(),
                CertificateStatus.valueOf(identity.status().name()),
                identity.caCertificateId(),
                CertificateMode.valueOf(identity.certificateMode().name()),
                identity.notBefore(),
                identity.notAfter(),
                identity.policies(),
                identity.thingNames());
    }

    private static CaRecord ca(CaSnapshot ca) {
        return new CaRecord(
                ca.caCertificateId(),
                ca.certificate(),
                CaStatus.valueOf(ca.status().name()),
                ca.autoRegistrationStatus() == AutoRegistrationStatus.ENABLE,
                CertificateMode.valueOf(ca.certificateMode().name()));
    }
}
