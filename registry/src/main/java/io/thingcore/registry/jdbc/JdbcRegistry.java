package io.thingcore.registry.jdbc;

import io.thingcore.pki.CertificateAuthority;
import io.thingcore.registry.Account;
import io.thingcore.registry.AuthorizationResult;
import io.thingcore.registry.AuthorizationTest;
import io.thingcore.registry.CaCertificateRecord;
import io.thingcore.registry.CertificateRecord;
import io.thingcore.registry.CertificateStatus;
import io.thingcore.registry.CreateThingRequest;
import io.thingcore.registry.CreateThingTypeRequest;
import io.thingcore.registry.CreatedCertificate;
import io.thingcore.registry.ListThingsRequest;
import io.thingcore.registry.Page;
import io.thingcore.registry.PageRequest;
import io.thingcore.registry.PolicyRecord;
import io.thingcore.registry.PolicyVersionRecord;
import io.thingcore.registry.RegisterCaCertificateRequest;
import io.thingcore.registry.Registry;
import io.thingcore.registry.RegistryEvent;
import io.thingcore.registry.Tag;
import io.thingcore.registry.ThingPrincipalType;
import io.thingcore.registry.ThingRecord;
import io.thingcore.registry.ThingTypeRecord;
import io.thingcore.registry.UpdateCaCertificateRequest;
import io.thingcore.registry.UpdateThingRequest;
import io.thingcore.registry.readmodel.DeviceDirectory;
import io.thingcore.registry.readmodel.InMemoryDeviceDirectory;
import io.thingcore.registry.sessions.JdbcSessionStore;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Registry} on SQLite or PostgreSQL through JDBC: wires one class per resource family and delegates each
 * operation to it.
 *
 * <p>Every operation is one database transaction: its checks read inside the same transaction that writes, under the
 * registry write lock (see {@link Database}), so a refused request changes nothing and two requests never interleave.
 * After commit, still under the lock (so effects are published in commit order), the changed rows are re-read into
 * the {@link DeviceDirectory} and then the {@link RegistryEvent}s go to the listeners (see {@link Publication}).
 *
 * <p>Choices where AWS's behaviour is not documented are noted at each rule; docs/aws-compatibility.md summarises them.
 */
public final class JdbcRegistry implements Registry {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcRegistry.class);

    /** Referencing tables before the tables they reference, so that no foreign key is violated on the way. */
    private static final List<String> TABLES = List.of(
            "thing_principals",
            "policy_attachments",
            "thing_attributes",
            "things",
            "thing_types",
            "policy_versions",
            "policies",
            "certificates",
            "ca_certificates",
            "tags",
            "account_settings");

    private final Account account;
    private final InMemoryDeviceDirectory directory = new InMemoryDeviceDirectory();
    private final Transactions transactions;
    private final CaCertificates cas;
    private final Certificates certificates;
    private final Policies policies;
    private final ThingTypes thingTypes;
    private final Things things;
    private final Authorization authorization;
    private final Publication publication;
    private final JdbcSessionStore sessionStore;
    private final NodeLock nodeLock;

    private JdbcRegistry(
            Database database, NodeLock nodeLock, Account account, CertificateAuthority deviceCa, Clock clock) {
        this.account = account;
        this.nodeLock = nodeLock;
        this.transactions = new Transactions(database, this::afterCommit);
        this.cas = new CaCertificates(transactions, account, clock);
        this.certificates = new Certificates(transactions, account, clock, deviceCa, cas);
        this.policies = new Policies(transactions, account, clock, certificates);
        this.thingTypes = new ThingTypes(transactions, account, clock);
        this.things = new Things(transactions, account, clock, thingTypes, certificates);
        this.authorization = new Authorization(transactions, certificates, policies, things);
        this.publication = new Publication(database, directory, cas, certificates, policies, things);
        this.sessionStore = new JdbcSessionStore(() -> {
            transactions.ensureOpen();
            return database.connection();
        });
    }

    /**
     * Opens (creating or migrating) the registry database as its only gateway node: the {@link NodeLock} is taken
     * first and held until {@link #close()}.
     *
     * @param databaseUrl {@code jdbc:sqlite:/path/file.db}, {@code jdbc:postgresql://host:port/db?user=..&password=..}
     *     or {@code postgresql://user:password@host:port/db}
     * @param deviceCa the gateway's CA that signs CreateKeysAndCertificate and CreateCertificateFromCsr certificates
     * @throws IllegalArgumentException for an unsupported URL
     * @throws DatabaseInUseException when another gateway uses the database (one node per database: see
     *     {@link NodeLock})
     * @throws IllegalStateException when the database cannot be opened or has a newer schema than this build
     */
    public static JdbcRegistry open(String databaseUrl, Account account, CertificateAuthority deviceCa, Clock clock) {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(deviceCa, "deviceCa");
        Objects.requireNonNull(clock, "clock");
        DatabaseUrl url = DatabaseUrl.parse(databaseUrl);
        NodeLock nodeLock = NodeLock.acquire(url);
        Database database;
        try {
            database = Database.open(url);
        } catch (RuntimeException e) {
            nodeLock.close();
            throw e;
        }
        try {
            Migrations.apply(database, clock);
            nodeLock.recordHolder(clock);
            JdbcRegistry registry = new JdbcRegistry(database, nodeLock, account, deviceCa, clock);
            registry.publication.load();
            LOG.info("registry open on {} ({})", url, registry.directory);
            return registry;
        } catch (RuntimeException e) {
            database.close();
            nodeLock.close();
            throw e;
        }
    }

    /** The in-memory view for the broker's connect path, current as of the last commit. */
    public DeviceDirectory deviceDirectory() {
        return directory;
    }

    /** The MQTT broker's persistent sessions, stored in this registry's database (migration V002). */
    public JdbcSessionStore sessionStore() {
        return sessionStore;
    }

    /** Called by {@link Transactions} after each commit, under the write lock. */
    private void afterCommit(Changes changes) {
        publication.afterCommit(changes);
    }

    @Override
    public Account account() {
        return account;
    }

    // ---- CA certificates and the registration code ----

    @Override
    public String getRegistrationCode() {
        return cas.getRegistrationCode();
    }

    @Override
    public void deleteRegistrationCode() {
        cas.deleteRegistrationCode();
    }

    @Override
    public CaCertificateRecord registerCaCertificate(RegisterCaCertificateRequest request) {
        return cas.register(request);
    }

    @Override
    public CaCertificateRecord describeCaCertificate(String caCertificateId) {
        return cas.describe(caCertificateId);
    }

    @Override
    public Page<CaCertificateRecord> listCaCertificates(PageRequest page, String templateName) {
        return cas.list(page, templateName);
    }

    @Override
    public void updateCaCertificate(UpdateCaCertificateRequest request) {
        cas.update(request);
    }

    @Override
    public void deleteCaCertificate(String caCertificateId) {
        cas.delete(caCertificateId);
    }

    // ---- certificates ----

    @Override
    public CertificateRecord registerCertificate(
            String certificatePem, String caCertificatePem, CertificateStatus status, boolean setAsActive) {
        return certificates.register(certificatePem, caCertificatePem, status, setAsActive);
    }

    @Override
    public CertificateRecord registerPendingActivation(String certificatePem, String caCertificateId) {
        return certificates.registerPendingActivation(certificatePem, caCertificateId);
    }

    @Override
    public CertificateRecord registerCertificateWithoutCa(String certificatePem, CertificateStatus status) {
        return certificates.registerWithoutCa(certificatePem, status);
    }

    @Override
    public CreatedCertificate createKeysAndCertificate(boolean setAsActive) {
        return certificates.createKeysAndCertificate(setAsActive);
    }

    @Override
    public CreatedCertificate createCertificateFromCsr(String certificateSigningRequestPem, boolean setAsActive) {
        return certificates.createFromCsr(certificateSigningRequestPem, setAsActive);
    }

    @Override
    public CertificateRecord describeCertificate(String certificateId) {
        return certificates.describe(certificateId);
    }

    @Override
    public Page<CertificateRecord> listCertificates(PageRequest page) {
        return certificates.list(page);
    }

    @Override
    public Page<CertificateRecord> listCertificatesByCa(String caCertificateId, PageRequest page) {
        return certificates.listByCa(caCertificateId, page);
    }

    @Override
    public void updateCertificate(String certificateId, CertificateStatus newStatus) {
        certificates.update(certificateId, newStatus);
    }

    @Override
    public void deleteCertificate(String certificateId, boolean forceDelete) {
        certificates.delete(certificateId, forceDelete);
    }

    // ---- policies ----

    @Override
    public PolicyVersionRecord createPolicy(String policyName, String policyDocument, List<Tag> tags) {
        return policies.create(policyName, policyDocument, tags);
    }

    @Override
    public PolicyRecord getPolicy(String policyName) {
        return policies.get(policyName);
    }

    @Override
    public Page<PolicyRecord> listPolicies(PageRequest page) {
        return policies.list(page);
    }

    @Override
    public void deletePolicy(String policyName) {
        policies.delete(policyName);
    }

    @Override
    public PolicyVersionRecord createPolicyVersion(String policyName, String policyDocument, boolean setAsDefault) {
        return policies.createVersion(policyName, policyDocument, setAsDefault);
    }

    @Override
    public PolicyVersionRecord getPolicyVersion(String policyName, String policyVersionId) {
        return policies.getVersion(policyName, policyVersionId);
    }

    @Override
    public List<PolicyVersionRecord> listPolicyVersions(String policyName) {
        return policies.listVersions(policyName);
    }

    @Override
    public void setDefaultPolicyVersion(String policyName, String policyVersionId) {
        policies.setDefaultVersion(policyName, policyVersionId);
    }

    @Override
    public void deletePolicyVersion(String policyName, String policyVersionId) {
        policies.deleteVersion(policyName, policyVersionId);
    }

    @Override
    public void attachPolicy(String policyName, String target) {
        policies.attach(policyName, target);
    }

    @Override
    public void detachPolicy(String policyName, String target) {
        policies.detach(policyName, target);
    }

    @Override
    public Page<PolicyRecord> listAttachedPolicies(String target, boolean recursive, PageRequest page) {
        return policies.listAttached(target, recursive, page);
    }

    @Override
    public Page<String> listTargetsForPolicy(String policyName, PageRequest page) {
        return policies.listTargets(policyName, page);
    }

    // ---- things and principals ----

    @Override
    public ThingRecord createThing(CreateThingRequest request) {
        return things.create(request);
    }

    @Override
    public ThingRecord describeThing(String thingName) {
        return things.describe(thingName);
    }

    @Override
    public Page<ThingRecord> listThings(ListThingsRequest filter, PageRequest page) {
        return things.list(filter, page);
    }

    @Override
    public void updateThing(UpdateThingRequest request) {
        things.update(request);
    }

    @Override
    public void deleteThing(String thingName, Long expectedVersion) {
        things.delete(thingName, expectedVersion);
    }

    @Override
    public void attachThingPrincipal(String thingName, String principal, ThingPrincipalType type) {
        things.attachPrincipal(thingName, principal, type);
    }

    @Override
    public void detachThingPrincipal(String thingName, String principal) {
        things.detachPrincipal(thingName, principal);
    }

    @Override
    public Page<String> listThingPrincipals(String thingName, PageRequest page) {
        return things.listPrincipals(thingName, page);
    }

    @Override
    public Page<String> listPrincipalThings(String principal, PageRequest page) {
        return things.listPrincipalThings(principal, page);
    }

    // ---- thing types ----

    @Override
    public ThingTypeRecord createThingType(CreateThingTypeRequest request) {
        return thingTypes.create(request);
    }

    @Override
    public ThingTypeRecord describeThingType(String thingTypeName) {
        return thingTypes.describe(thingTypeName);
    }

    @Override
    public Page<ThingTypeRecord> listThingTypes(String thingTypeName, PageRequest page) {
        return thingTypes.list(thingTypeName, page);
    }

    @Override
    public void deprecateThingType(String thingTypeName, boolean undoDeprecate) {
        thingTypes.deprecate(thingTypeName, undoDeprecate);
    }

    @Override
    public void deleteThingType(String thingTypeName) {
        thingTypes.delete(thingTypeName);
    }

    // ---- authorization ----

    @Override
    public List<AuthorizationResult> testAuthorization(AuthorizationTest test) {
        return authorization.test(test);
    }

    @Override
    public List<PolicyRecord> getEffectivePolicies(String principal, String thingName) {
        return authorization.effectivePolicies(principal, thingName);
    }

    // ---- lifecycle ----

    @Override
    public void addListener(Consumer<RegistryEvent> listener) {
        publication.addListener(listener);
    }

    /** Deletes every row (the registration code too: the account starts over); the schema stays. */
    @Override
    public void reset() {
        transactions.write((sql, changes) -> {
            for (String table : TABLES) {
                sql.update("DELETE FROM " + table);
            }
            changes.reset = true;
            changes.event(new RegistryEvent.Reset());
            return null;
        });
    }

    /** The node lock, for tests that cut its session as a killed node would. */
    NodeLock nodeLock() {
        return nodeLock;
    }

    /** Closes the pool, then releases the node lock: no write of this node can follow the next node's start. */
    @Override
    public void close() {
        try {
            transactions.close();
        } finally {
            nodeLock.close();
        }
    }
}
