package io.thingcore.registry.jdbc;

import io.thingcore.pki.CertificateAuthority;
import io.thingcore.registry.Account;
import io.thingcore.registry.AuthorizationQueries;
import io.thingcore.registry.CaCertificateStore;
import io.thingcore.registry.CertificateStore;
import io.thingcore.registry.PolicyStore;
import io.thingcore.registry.Registry;
import io.thingcore.registry.RegistryEvent;
import io.thingcore.registry.ThingStore;
import io.thingcore.registry.ThingTypeStore;
import io.thingcore.registry.feed.FeedApplier;
import io.thingcore.registry.readmodel.DeviceDirectory;
import io.thingcore.registry.readmodel.InMemoryDeviceDirectory;
import io.thingcore.storage.MigrationTrack;
import io.thingcore.storage.NodeLock;
import io.thingcore.storage.Storage;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Registry} on SQLite or PostgreSQL through JDBC: wires one class per resource family on the shared
 * storage core ({@link Storage}) and hands each out as its store interface.
 *
 * <p>Every operation is one database transaction: its checks read inside the same transaction that writes, holding
 * row locks on the aggregates it changes (on PostgreSQL; SQLite's one writer runs operations one after another; see
 * {@link io.thingcore.storage.Database}), so a refused request changes nothing and two requests on one aggregate
 * never interleave, while requests on different aggregates run in parallel. Each write appends its changes to the
 * change feed in its own transaction; the node's feed applier re-reads the changed rows into the
 * {@link DeviceDirectory} and then hands the {@link RegistryEvent}s to the listeners (see {@link Publication}), for
 * this node's writes and for those of other nodes sharing the database alike. A write returns once its own change
 * has been applied, so a caller sees its change in the directory, as before the feed existed.
 *
 * <p>Choices where AWS's behaviour is not documented are noted at each rule; docs/aws-compatibility.md summarises them.
 */
public final class JdbcRegistry implements Registry {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcRegistry.class);

    /** The registry's schema scripts (its own track; the storage core and other stores have theirs). */
    public static final MigrationTrack TRACK = new MigrationTrack(
            "registry",
            "/io/thingcore/registry/migrations/",
            List.of(
                    "V001__initial.sql",
                    "V002__namespaces.sql",
                    "V003__creation_sequence.sql",
                    "V004__change_feed.sql"));

    /**
     * How long a write waits for the applier to apply its own change before it returns anyway (the change is
     * committed and is still applied); far above an apply, which re-reads a few rows.
     */
    private static final Duration APPLIED_WAIT = Duration.ofSeconds(10);

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
    private final CertificateAuthority deviceCa;
    private final Clock clock;
    private final Stores stores;
    private final Publication publication;
    private final Storage storage;
    private final boolean ownsStorage;
    private final Map<Account, Registry> namespaces = new ConcurrentHashMap<>();
    private volatile @Nullable FeedApplier applier;

    /** One namespace's resource families, sharing the registry's transactions (see {@link Transactions#in}). */
    private record Stores(
            Transactions transactions,
            CaCertificates cas,
            Certificates certificates,
            Policies policies,
            ThingTypes thingTypes,
            Things things,
            Authorization authorization) {}

    private JdbcRegistry(
            Storage storage, boolean ownsStorage, Account account, CertificateAuthority deviceCa, Clock clock) {
        this.account = account;
        this.storage = storage;
        this.ownsStorage = ownsStorage;
        this.deviceCa = deviceCa;
        this.clock = clock;
        this.transactions = new Transactions(storage.database(), clock, this::committed, account);
        this.stores = stores(transactions);
        this.publication = new Publication(
                transactions,
                account,
                directory,
                stores.cas(),
                stores.certificates(),
                stores.policies(),
                stores.things());
    }

    private Stores stores(Transactions scoped) {
        Account namespace = scoped.namespace();
        CaCertificates cas = new CaCertificates(scoped, namespace, clock);
        Certificates certificates = new Certificates(scoped, namespace, clock, deviceCa, cas);
        Policies policies = new Policies(scoped, namespace, clock, certificates);
        ThingTypes thingTypes = new ThingTypes(scoped, namespace, clock);
        Things things = new Things(scoped, namespace, clock, thingTypes, certificates);
        return new Stores(
                scoped,
                cas,
                certificates,
                policies,
                thingTypes,
                things,
                new Authorization(scoped, certificates, policies, things));
    }

    /**
     * Opens (creating or migrating) the database as its only gateway node, with the registry as its only store; the
     * storage is closed with the registry. A gateway opens {@link Storage} itself and uses
     * {@link #open(Storage, Account, CertificateAuthority, Clock)} so that other stores share it.
     *
     * @param databaseUrl {@code jdbc:sqlite:/path/file.db}, {@code jdbc:postgresql://host:port/db?user=..&password=..}
     *     or {@code postgresql://user:password@host:port/db}
     * @param deviceCa the gateway's CA that signs CreateKeysAndCertificate and CreateCertificateFromCsr certificates
     * @throws IllegalArgumentException for an unsupported URL
     * @throws io.thingcore.storage.DatabaseInUseException when another gateway uses the database
     * @throws IllegalStateException when the database cannot be opened or has a newer schema than this build
     */
    public static JdbcRegistry open(String databaseUrl, Account account, CertificateAuthority deviceCa, Clock clock) {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(deviceCa, "deviceCa");
        Storage storage = Storage.open(databaseUrl, clock);
        try {
            return open(storage, true, account, deviceCa, clock);
        } catch (RuntimeException e) {
            storage.close();
            throw e;
        }
    }

    /**
     * Opens the registry on an open {@link Storage}: applies the registry's migration track (rows written before
     * namespaces existed are carried into {@code account}, the gateway's default namespace) and loads the device
     * directory of that namespace. Closing the registry leaves the storage open.
     */
    public static JdbcRegistry open(Storage storage, Account account, CertificateAuthority deviceCa, Clock clock) {
        return open(storage, false, account, deviceCa, clock);
    }

    private static JdbcRegistry open(
            Storage storage, boolean ownsStorage, Account account, CertificateAuthority deviceCa, Clock clock) {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(deviceCa, "deviceCa");
        Objects.requireNonNull(clock, "clock");
        storage.migrate(TRACK, Map.of("account_id", account.accountId(), "region", account.region()));
        JdbcRegistry registry = new JdbcRegistry(storage, ownsStorage, account, deviceCa, clock);
        FeedApplier.Start start = registry.publication.load(clock);
        registry.applier = start.run(storage.database(), clock, registry.publication::apply);
        LOG.info("registry open ({})", registry.directory);
        return registry;
    }

    /** The in-memory view for the broker's connect path, current as of the last commit. */
    public DeviceDirectory deviceDirectory() {
        return directory;
    }

    /** Called by {@link Transactions} after each commit that appended feed rows up to {@code lastFeedId}. */
    private void committed(long lastFeedId) {
        FeedApplier running = applier;
        if (running == null) {
            return;
        }
        running.committed(lastFeedId);
        if (!running.awaitApplied(lastFeedId, APPLIED_WAIT)) {
            LOG.warn("change feed row {} not applied within {}; the write is committed", lastFeedId, APPLIED_WAIT);
        }
    }

    @Override
    public Account account() {
        return account;
    }

    @Override
    public Registry forNamespace(Account namespace) {
        Objects.requireNonNull(namespace, "namespace");
        if (namespace.equals(account)) {
            return this;
        }
        return namespaces.computeIfAbsent(namespace, n -> new NamespaceView(stores(transactions.in(n))));
    }

    @Override
    public CaCertificateStore caCertificates() {
        return stores.cas();
    }

    @Override
    public CertificateStore certificates() {
        return stores.certificates();
    }

    @Override
    public ThingStore things() {
        return stores.things();
    }

    @Override
    public ThingTypeStore thingTypes() {
        return stores.thingTypes();
    }

    @Override
    public PolicyStore policies() {
        return stores.policies();
    }

    @Override
    public AuthorizationQueries authorization() {
        return stores.authorization();
    }

    @Override
    public void addListener(Consumer<RegistryEvent> listener) {
        publication.addListener(listener);
    }

    /** Deletes every row of the namespace (the registration code too: it starts over); the schema stays. */
    @Override
    public void reset() {
        reset(transactions);
    }

    private static void reset(Transactions scoped) {
        scoped.write((sql, changes) -> {
            for (String table : TABLES) {
                sql.update("DELETE FROM " + table + " WHERE {ns}");
            }
            changes.event(new RegistryEvent.Reset());
            return null;
        });
    }

    /** Another namespace of this registry: the same database, lock, listeners and open state. */
    private final class NamespaceView implements Registry {
        private final Stores scoped;

        NamespaceView(Stores scoped) {
            this.scoped = scoped;
        }

        @Override
        public Account account() {
            return scoped.transactions().namespace();
        }

        @Override
        public Registry forNamespace(Account namespace) {
            return JdbcRegistry.this.forNamespace(namespace);
        }

        @Override
        public CaCertificateStore caCertificates() {
            return scoped.cas();
        }

        @Override
        public CertificateStore certificates() {
            return scoped.certificates();
        }

        @Override
        public ThingStore things() {
            return scoped.things();
        }

        @Override
        public ThingTypeStore thingTypes() {
            return scoped.thingTypes();
        }

        @Override
        public PolicyStore policies() {
            return scoped.policies();
        }

        @Override
        public AuthorizationQueries authorization() {
            return scoped.authorization();
        }

        @Override
        public void addListener(Consumer<RegistryEvent> listener) {
            JdbcRegistry.this.addListener(listener);
        }

        @Override
        public void reset() {
            JdbcRegistry.reset(scoped.transactions());
        }

        /** The registry it came from owns the database. */
        @Override
        public void close() {}
    }

    /** The node lock, for tests that cut its session as a killed node would. */
    NodeLock nodeLock() {
        return storage.nodeLock();
    }

    /**
     * Refuses further operations and waits for a running write; closes the storage too when the registry opened it
     * (the pool first, then the node lock: no write of this node can follow the next node's start).
     */
    @Override
    public void close() {
        transactions.close();
        FeedApplier running = applier;
        if (running != null) {
            running.close();
        }
        if (ownsStorage) {
            storage.close();
        }
    }
}
