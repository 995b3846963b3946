package io.thingcore.registry.jdbc;

import io.thingcore.logtext.LogText;
import io.thingcore.pki.Pem;
import io.thingcore.policy.MalformedPolicyException;
import io.thingcore.registry.Account;
import io.thingcore.registry.CaCertificateRecord;
import io.thingcore.registry.CertificateRecord;
import io.thingcore.registry.PolicyRecord;
import io.thingcore.registry.RegistryEvent;
import io.thingcore.registry.ThingRecord;
import io.thingcore.registry.feed.FeedApplier;
import io.thingcore.registry.feed.FeedEntry;
import io.thingcore.registry.readmodel.CaSnapshot;
import io.thingcore.registry.readmodel.CertificateEntry;
import io.thingcore.registry.readmodel.InMemoryDeviceDirectory;
import io.thingcore.registry.readmodel.ThingSnapshot;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How committed changes of the default namespace reach the {@link InMemoryDeviceDirectory} and the listeners: the
 * change feed's applier ({@link FeedApplier}, its own thread) hands over each batch of new feed rows, written by this
 * node or by another node sharing the database; the resources they name are re-read into the directory, then their
 * {@link RegistryEvent}s go to the listeners. The re-read makes the directory converge on the newest committed state
 * whatever order rows are applied in, and listeners (the broker) re-read the directory rather than trust an event's
 * order.
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

    /** Applies feed rows, in the order given; runs on the applier's thread only. */
    void apply(List<FeedEntry> entries) {
        List<RegistryEvent> events = new ArrayList<>(entries.size());
        for (FeedEntry entry : entries) {
            // The broker serves the default namespace only; nothing it holds can depend on another one.
            if (entry.namespace().equals(namespace)) {
                FeedEvents.event(entry).ifPresent(events::add);
            }
        }
        if (events.isEmpty()) {
            return;
        }
        try {
            refresh(events);
        } catch (RuntimeException e) {
            // The change is committed; a stale directory entry is fixed by the next change or restart. Log loudly.
            LOG.error("registry change committed but the device directory could not be refreshed", e);
        }
        for (RegistryEvent event : events) {
            for (Consumer<RegistryEvent> listener : listeners) {
                try {
                    listener.accept(event);
                } catch (RuntimeException e) {
                    LOG.warn("registry listener failed on {}", LogText.line(event), e);
                }
            }
        }
    }

    /** Re-reads what {@code events} name; a reset among them clears the directory first. */
    private void refresh(List<RegistryEvent> events) {
        Set<String> certificateIds = new LinkedHashSet<>();
        Set<String> caIds = new LinkedHashSet<>();
        Set<String> thingNames = new LinkedHashSet<>();
        Set<String> policyNames = new LinkedHashSet<>();
        boolean reset = false;
        for (RegistryEvent event : events) {
            switch (event) {
                case RegistryEvent.CertificateChanged c -> certificateIds.add(c.certificateId());
                case RegistryEvent.CaCertificateChanged c -> caIds.add(c.caCertificateId());
                case RegistryEvent.PolicyChanged p -> policyNames.add(p.policyName());
                case RegistryEvent.AttachmentChanged a ->
                    certificateId(a.principal()).ifPresent(certificateIds::add);
                case RegistryEvent.ThingChanged t -> thingNames.add(t.thingName());
                case RegistryEvent.Reset r -> reset = true;
            }
        }
        if (reset) {
            // Everything is re-read: rows written after the reset in the same batch are in the tables.
            directory.clear();
            load();
            return;
        }
        database.read(sql -> {
            refresh(sql, certificateIds, caIds, thingNames, policyNames);
            return null;
        });
    }

    /** The certificate ID of a certificate ARN ({@code arn:aws:iot:REGION:ACCOUNT:cert/ID}). */
    private Optional<String> certificateId(String principal) {
        String prefix = namespace.certificateArn("");
        return principal.startsWith(prefix) ? Optional.of(principal.substring(prefix.length())) : Optional.empty();
    }

    /**
     * Fills the directory from the database at start-up and says where the change feed's applier starts: both from
     * one read transaction, so that the applier applies exactly the changes the directory has not seen.
     */
    FeedApplier.Start load(Clock clock) {
        return database.read(sql -> {
            fill(sql);
            return FeedApplier.start(sql.unscoped(), clock);
        });
    }

    private void load() {
        database.read(sql -> {
            fill(sql);
            return null;
        });
    }

    private void fill(ScopedSql sql) throws SQLException {
        Map<String, List<String>> thingsByCert = byCertificate(sql, "thing_principals", "thing_name");
        Map<String, List<String>> policiesByCert = byCertificate(sql, "policy_attachments", "policy_name");
        for (CertificateRecord certificate : certificates.all(sql)) {
            String id = certificate.certificateId();
            directory.putCertificate(entry(
                    certificate, thingsByCert.getOrDefault(id, List.of()), policiesByCert.getOrDefault(id, List.of())));
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

    private void refresh(
            ScopedSql sql,
            Set<String> certificateIds,
            Set<String> caIds,
            Set<String> thingNames,
            Set<String> policyNames)
            throws SQLException {
        for (String name : policyNames) {
            Optional<PolicyRecord> policy = policies.find(sql, name);
            if (policy.isPresent()) {
                putPolicy(policy.get());
            } else {
                directory.removePolicy(name);
            }
        }
        for (String id : caIds) {
            Optional<CaCertificateRecord> ca = cas.find(sql, id);
            if (ca.isPresent()) {
                directory.putCa(caSnapshot(ca.get()));
            } else {
                directory.removeCa(id);
            }
        }
        for (String name : thingNames) {
            refreshThing(sql, name);
        }
        for (String id : certificateIds) {
            Optional<CertificateRecord> certificate = certificates.find(sql, id);
            if (certificate.isEmpty()) {
                directory.removeCertificate(id);
                continue;
            }
            List<String> attachedThings = sql.list(
                    "SELECT thing_name FROM thing_principals WHERE {ns} AND cert_id = ? ORDER BY seq",
                    rs -> rs.getString(1),
                    id);
            List<String> attachedPolicies = sql.list(
                    "SELECT policy_name FROM policy_attachments WHERE {ns} AND cert_id = ? ORDER BY seq",
                    rs -> rs.getString(1),
                    id);
            directory.putCertificate(entry(certificate.get(), attachedThings, attachedPolicies));
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
            LOG.error(
                    "stored policy '{}' no longer parses and is ignored: {}",
                    LogText.of(policy.policyName()),
                    LogText.line(e.getMessage()));
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
