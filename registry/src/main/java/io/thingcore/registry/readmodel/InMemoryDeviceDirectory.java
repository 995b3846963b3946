package io.thingcore.registry.readmodel;

import io.thingcore.policy.PolicyRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.security.auth.x500.X500Principal;

/**
 * The {@link DeviceDirectory} kept by the registry: concurrent maps of immutable values, so reads take no lock and
 * each value is a committed state. Only the registry writes (one writer at a time, under its write lock, after
 * commit); between two puts of one refresh a reader may briefly see a certificate before its new policy, each of
 * them committed.
 */
public final class InMemoryDeviceDirectory implements DeviceDirectory {
    private final ConcurrentHashMap<String, CertificateEntry> certificates = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, CaSnapshot> cas = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, ThingSnapshot> things = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, PolicyRef> policies = new ConcurrentHashMap<>();

    @Override
    public Optional<DeviceIdentity> findCertificate(String certificateId) {
        if (certificateId == null) {
            return Optional.empty();
        }
        CertificateEntry entry = certificates.get(certificateId);
        if (entry == null) {
            return Optional.empty();
        }
        List<PolicyRef> attached = new ArrayList<>(entry.policyNames().size());
        for (String name : entry.policyNames()) {
            PolicyRef policy = policies.get(name);
            if (policy != null) {
                attached.add(policy);
            }
        }
        return Optional.of(new DeviceIdentity(
                entry.certificateId(),
                entry.certificateArn(),
                entry.status(),
                entry.caCertificateId(),
                entry.certificateMode(),
                entry.notBefore(),
                entry.notAfter(),
                entry.thingNames(),
                attached));
    }

    @Override
    public Optional<CaSnapshot> findCa(String caCertificateId) {
        return caCertificateId == null ? Optional.empty() : Optional.ofNullable(cas.get(caCertificateId));
    }

    /**
     * A scan, not an index: it only runs for certificates nobody registered (just-in-time registration), and an
     * account holds few CAs.
     */
    @Override
    public List<CaSnapshot> findCasBySubject(X500Principal subject) {
        List<CaSnapshot> found = new ArrayList<>(1);
        for (CaSnapshot ca : cas.values()) {
            if (ca.certificate().getSubjectX500Principal().equals(subject)) {
                found.add(ca);
            }
        }
        return found;
    }

    @Override
    public Optional<ThingSnapshot> findThing(String thingName) {
        return thingName == null ? Optional.empty() : Optional.ofNullable(things.get(thingName));
    }

    /** The compiled default version of a policy, as attached certificates see it. */
    public Optional<PolicyRef> findPolicy(String policyName) {
        return policyName == null ? Optional.empty() : Optional.ofNullable(policies.get(policyName));
    }

    // ---- writes, by the registry only --------------------------------------------------------------------------

    public void putCertificate(CertificateEntry entry) {
        certificates.put(entry.certificateId(), entry);
    }

    public void removeCertificate(String certificateId) {
        certificates.remove(certificateId);
    }

    public void putCa(CaSnapshot ca) {
        cas.put(ca.caCertificateId(), ca);
    }

    public void removeCa(String caCertificateId) {
        cas.remove(caCertificateId);
    }

    public void putThing(ThingSnapshot thing) {
        things.put(thing.thingName(), thing);
    }

    public void removeThing(String thingName) {
        things.remove(thingName);
    }

    public void putPolicy(PolicyRef policy) {
        policies.put(policy.name(), policy);
    }

    public void removePolicy(String policyName) {
        policies.remove(policyName);
    }

    public void clear() {
        certificates.clear();
        cas.clear();
        things.clear();
        policies.clear();
    }

    @Override
    public String toString() {
        return "DeviceDirectory[" + certificates.size() + " certificates, " + cas.size() + " CAs, " + things.size()
                + " things, " + policies.size() + " policies]";
    }
}
