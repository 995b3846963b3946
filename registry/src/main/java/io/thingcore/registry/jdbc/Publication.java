package io.thingcore.registry.jdbc;

import io.thingcore.pki.Pem;
import io.thingcore.policy.MalformedPolicyException;
import io.thingcore.registry.Account;
import io.thingcore.registry.CaCertificateRecord;
import io.thingcore.registry.CertificateRecord;
import io.thingcore.registry.PolicyRecord;
import io.thingcore.registry.RegistryEvent;
import io.thingcore.registry.ThingRecord;
import io.thingcore.registry.readmodel.CaSnapshot;
import io.thingcore.registry.readmodel.CertificateEntry;
import io.thingcore.registry.readmodel.InMemoryDeviceDirectory;
import io.thingcore.registry.readmodel.ThingSnapshot;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens after a commit of the default namespace: the changed rows are re-read into the
 * {@link InMemoryDeviceDirectory}, then the {@link RegistryEvent}s go to the listeners. Runs on the committing
 * thread after the commit, one publication at a time: the re-read makes the directory converge on the newest committed
 * state whatever order concurrent commits publish in, and listeners (the broker) re-read the directory rather than
 * trust an event's order. Changes made by another process sharing the database are not seen (one gateway node per
 * database, docs/adr/0006-one-gateway-node-per-database.md).
 */
final class Publication {
    private static final Logger LOG = LoggerFactory.getLogger(Publication.class);

    private final Transactions database;
    private final Account namespace;
    private final InMemoryDeviceDirectory directory;
    private final CaCertificates cas;
    private final Certificates certificates;
    private final Policies policies;
    private final Things things;
    private final List<Consumer<RegistryEvent>> listeners = new CopyOnWriteArrayList<>();

    Publication(
            Transactions database,
            Account namespace,
            InMemoryDeviceDirectory directory,
            CaCertificates cas,
            Certificates certificates,
            Policies policies,
            Things things) {
        this.database = database;
        this.namespace = namespace;
        this.directory = directory;
        this.cas = cas;
        this.certificates = certificates;
        this.policies = policies;
        this.things = things;
    }

    void addListener(Consumer<RegistryEvent> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Serialized: writers commit in parallel, and each publication re-reads the rows it names inside this monitor,
     * so whichever runs last leaves the directory at the newest committed state of those rows.
     */
    synchronized void afterCommit(Changes changes) {
        if (!changes.namespace.equals(namespace)) {
            // The broker serves the default namespace only; nothing it holds can depend on another one.
            return;
        }
        try {
            if (changes.reset) {
                directory.clear();
            } else if (changes.touchesDirectory()) {
                database.read(sql -> {
                    refresh(sql, changes);
                    return null;
                });
            }
        } catch (RuntimeException e) {
            // The change is committed; a stale directory entry is fixed by the next change or restart. Log loudly.
            LOG.error("registry change committed but the device directory could not be refreshed", e);
        }
        for (RegistryEvent event : changes.events) {
            for (Consumer<RegistryEvent> listener : listeners) {
                try {
                    listener.accept(event);
                } catch (RuntimeException e) {
                    LOG.warn("registry listener failed on {}", event, e);
                }
            }
        }
    }

    /** Fills the directory from the database at start-up. */
    void load() {
        database.read(sql -> {
            Map<String, List<String>> thingsByCert = byCertificate(sql, "thing_principals", "thing_name");
            Map<String, List<String>> policiesByCert = byCertificate(sql, "policy_attachments", "policy_name");
            for (CertificateRecord certificate : certificates.all(sql)) {
                String id = certificate.certificateId();
                directory.putCertificate(entry(
                        certificate,
                        thingsByCert.getOrDefault(id, List.of()),
                        policiesByCert.getOrDefault(id, List.of())));
            }
            for (CaCertificateRecord ca : cas.all(sql)) {
                directory.putCa(caSnapshot(ca));
            }
            for (String name : things.allNames(sql)) {
                refreshThing(sql, name);
            }
            for (PolicyRecord policy : policies.all(sql)) {
                putPolicy(policy);
            }
            return null;
        });
    }

    /** {@code column} of every row of an attachment table, by certificate, in attachment order. */
    private static Map<String, List<String>> byCertificate(ScopedSql sql, String table, String column)
            throws SQLException {
        Map<String, List<String>> byCert = new HashMap<>();
        for (String[] row : sql.list("SELECT cert_id, " + column + " FROM " + table + " WHERE {ns} ORDER BY seq", rs ->
                new String[] {rs.getString(1), rs.getString(2)})) {
            byCert.computeIfAbsent(row[0], k -> new ArrayList<>()).add(row[1]);
        }
        return byCert;
    }

    private void refresh(ScopedSql sql, Changes changes) throws SQLException {
        for (String name : changes.policies) {
            Optional<PolicyRecord> policy = policies.find(sql, name);
            if (policy.isPresent()) {
                putPolicy(policy.get());
            } else {
                directory.removePolicy(name);
            }
        }
        for (String id : changes.cas) {
            Optional<CaCertificateRecord> ca = cas.find(sql, id);
            if (ca.isPresent()) {
                directory.putCa(caSnapshot(ca.get()));
            } else {
                directory.removeCa(id);
            }
        }
        for (String name : changes.things) {
            refreshThing(sql, name);
        }
        for (String id : changes.certificates) {
            Optional<CertificateRecord> certificate = certificates.find(sql, id);
            if (certificate.isEmpty()) {
                directory.removeCertificate(id);
                continue;
            }
            List<String> thingNames = sql.list(
                    "SELECT thing_name FROM thing_principals WHERE {ns} AND cert_id = ? ORDER BY seq",
                    rs -> rs.getString(1),
                    id);
            List<String> policyNames = sql.list(
                    "SELECT policy_name FROM policy_attachments WHERE {ns} AND cert_id = ? ORDER BY seq",
                    rs -> rs.getString(1),
                    id);
            directory.putCertificate(entry(certificate.get(), thingNames, policyNames));
        }
    }

    private void refreshThing(ScopedSql sql, String name) throws SQLException {
        Optional<ThingRecord> thing = things.find(sql, name);
        if (thing.isPresent()) {
            ThingRecord t = thing.get();
            directory.putThing(new ThingSnapshot(t.thingName(), t.thingTypeName(), t.attributes(), t.version()));
        } else {
            directory.removeThing(name);
        }
    }

    private void putPolicy(PolicyRecord policy) {
        try {
            directory.putPolicy(Policies.ref(policy));
        } catch (MalformedPolicyException e) {
            // Stored documents were accepted when written; if a stricter parser refuses one now, the policy grants
            // nothing (fail closed) and operators see why.
            directory.removePolicy(policy.policyName());
            LOG.error("stored policy {} no longer parses and is ignored: {}", policy.policyName(), e.getMessage());
        }
    }

    private static CertificateEntry entry(CertificateRecord certificate, List<String> things, List<String> policies) {
        return new CertificateEntry(
                certificate.certificateId(),
                certificate.certificateArn(),
                certificate.status(),
                certificate.caCertificateId(),
                certificate.certificateMode(),
                certificate.notBefore(),
                certificate.notAfter(),
                things,
                policies);
    }

    private static CaSnapshot caSnapshot(CaCertificateRecord ca) {
        return new CaSnapshot(
                ca.certificateId(),
                ca.certificateArn(),
                ca.status(),
                ca.autoRegistrationStatus(),
                ca.certificateMode(),
                ca.notBefore(),
                ca.notAfter(),
                Pem.readCertificate(ca.certificatePem()));
    }
}
