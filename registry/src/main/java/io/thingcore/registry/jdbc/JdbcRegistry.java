package io.thingcore.registry.jdbc;

import io.thingcore.pki.CertificateAuthority;
import io.thingcore.pki.CertificateChecks;
import io.thingcore.pki.CertificateIds;
import io.thingcore.pki.CertificateRequest;
import io.thingcore.pki.KeyAlgorithm;
import io.thingcore.pki.Keys;
import io.thingcore.pki.LeafProfile;
import io.thingcore.pki.LeafRequest;
import io.thingcore.pki.Pem;
import io.thingcore.pki.PkiException;
import io.thingcore.policy.AuthorizationContext;
import io.thingcore.policy.AuthorizationRequest;
import io.thingcore.policy.Decision;
import io.thingcore.policy.MalformedPolicyException;
import io.thingcore.policy.PolicyDocument;
import io.thingcore.policy.PolicyEvaluator;
import io.thingcore.policy.PolicyRef;
import io.thingcore.registry.Account;
import io.thingcore.registry.AuthorizationResult;
import io.thingcore.registry.AuthorizationTest;
import io.thingcore.registry.AutoRegistrationStatus;
import io.thingcore.registry.CaCertificateRecord;
import io.thingcore.registry.CaCertificateStatus;
import io.thingcore.registry.CertificateMode;
import io.thingcore.registry.CertificateRecord;
import io.thingcore.registry.CertificateStatus;
import io.thingcore.registry.CreateThingRequest;
import io.thingcore.registry.CreateThingTypeRequest;
import io.thingcore.registry.CreatedCertificate;
import io.thingcore.registry.ErrorType;
import io.thingcore.registry.ListThingsRequest;
import io.thingcore.registry.Page;
import io.thingcore.registry.PageRequest;
import io.thingcore.registry.PolicyRecord;
import io.thingcore.registry.PolicyVersionRecord;
import io.thingcore.registry.RegisterCaCertificateRequest;
import io.thingcore.registry.RegistrationConfig;
import io.thingcore.registry.Registry;
import io.thingcore.registry.RegistryEvent;
import io.thingcore.registry.RegistryException;
import io.thingcore.registry.Tag;
import io.thingcore.registry.ThingPrincipalType;
import io.thingcore.registry.ThingRecord;
import io.thingcore.registry.ThingTypeRecord;
import io.thingcore.registry.UpdateCaCertificateRequest;
import io.thingcore.registry.UpdateThingRequest;
import io.thingcore.registry.readmodel.CaSnapshot;
import io.thingcore.registry.readmodel.CertificateEntry;
import io.thingcore.registry.readmodel.DeviceDirectory;
import io.thingcore.registry.readmodel.InMemoryDeviceDirectory;
import io.thingcore.registry.readmodel.ThingSnapshot;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Registry} on SQLite or PostgreSQL through JDBC.
 *
 * <p>Every operation is one database transaction: its checks read inside the same transaction that writes, under the
 * registry write lock (see {@link Database}), so a refused request changes nothing and two requests never interleave.
 * After commit, still under the lock (so effects are published in commit order), the changed rows are re-read into
 * the {@link DeviceDirectory} and then the {@link RegistryEvent}s go to the listeners.
 *
 * <p>Choices where AWS's behaviour is not documented (aws-iot-facts marks them unverified) are noted at each rule.
 */
public final class JdbcRegistry implements Registry {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcRegistry.class);

    static final int MAX_CAS_PER_SUBJECT = 10;
    static final int MAX_POLICY_VERSIONS = 5;
    static final int MAX_POLICIES_PER_TARGET = 10;
    static final int MAX_ATTRIBUTES_WITHOUT_TYPE = 3;
    static final int MAX_ATTRIBUTES_WITH_TYPE = 50;
    static final int MAX_AUTH_INFOS = 10;
    static final int MAX_PEM_LENGTH = 65536;
    static final int MAX_CSR_LENGTH = 4096;
    static final int MAX_TAGS = 50;
    /** AWS-issued certificates end at 2049-12-31T23:59:59Z (aws-iot-facts 2.4). */
    static final Instant AWS_ISSUED_NOT_AFTER = Instant.parse("2049-12-31T23:59:59Z");

    static final String AWS_ISSUED_SUBJECT = "CN=AWS IoT Certificate";

    private static final Pattern THING_NAME = Pattern.compile("[a-zA-Z0-9:_-]{1,128}");
    private static final Pattern POLICY_NAME = Pattern.compile("[\\w+=,.@-]{1,128}");
    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[a-zA-Z0-9_.,@/:#-]{1,128}");
    private static final Pattern ATTRIBUTE_VALUE = Pattern.compile("[a-zA-Z0-9_.,@/:#=\\[\\]-]{0,800}");
    private static final Pattern CERTIFICATE_ID = Pattern.compile("[a-fA-F0-9]{64}");
    private static final Pattern POLICY_VERSION_ID = Pattern.compile("[0-9]{1,18}");
    private static final Pattern TEMPLATE_NAME = Pattern.compile("[0-9A-Za-z_-]{1,36}");
    private static final Pattern TAG_KEY = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]{1,128}");
    private static final Pattern ANY_CERTIFICATE_ARN =
            Pattern.compile("arn:aws[a-z-]*:iot:[a-z0-9-]+:[0-9]{12}:cert/[a-fA-F0-9]{64}");

    private static final Map<String, String> ACTIONS = Map.of(
            "CONNECT", "iot:Connect",
            "PUBLISH", "iot:Publish",
            "SUBSCRIBE", "iot:Subscribe",
            "RECEIVE", "iot:Receive");

    private static final String CA_COLUMNS = "id, seq, pem, subject, status, auto_registration, mode, created_at,"
            + " modified_at, customer_version, generation_id, not_before, not_after, template_body, role_arn,"
            + " template_name";
    private static final String CERT_COLUMNS = "id, seq, ca_id, pem, status, mode, created_at, modified_at,"
            + " customer_version, generation_id, not_before, not_after";
    private static final String POLICY_COLUMNS =
            "p.name, p.seq, p.default_version, p.created_at, p.modified_at," + " p.generation_id, v.document";
    private static final String POLICY_FROM =
            " FROM policies p JOIN policy_versions v ON v.policy_name = p.name AND v.version = p.default_version";

    private final Database database;
    private final Account account;
    private final CertificateAuthority deviceCa;
    private final Clock clock;
    private final InMemoryDeviceDirectory directory = new InMemoryDeviceDirectory();
    private final List<Consumer<RegistryEvent>> listeners = new CopyOnWriteArrayList<>();
    private final SecureRandom random = new SecureRandom();
    private volatile boolean closed;

    private JdbcRegistry(Database database, Account account, CertificateAuthority deviceCa, Clock clock) {
        this.database = database;
        this.account = account;
        this.deviceCa = deviceCa;
        this.clock = clock;
    }

    /**
     * Opens (creating or migrating) the registry database.
     *
     * @param databaseUrl {@code jdbc:sqlite:/path/file.db}, {@code jdbc:postgresql://host:port/db?user=..&password=..}
     *     or {@code postgresql://user:password@host:port/db}
     * @param deviceCa the gateway's CA that signs CreateKeysAndCertificate and CreateCertificateFromCsr certificates
     * @throws IllegalArgumentException for an unsupported URL
     * @throws IllegalStateException when the database cannot be opened or has a newer schema than this build
     */
    public static JdbcRegistry open(String databaseUrl, Account account, CertificateAuthority deviceCa, Clock clock) {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(deviceCa, "deviceCa");
        Objects.requireNonNull(clock, "clock");
        DatabaseUrl url = DatabaseUrl.parse(databaseUrl);
        Database database = Database.open(url);
        try {
            Migrations.apply(database);
            JdbcRegistry registry = new JdbcRegistry(database, account, deviceCa, clock);
            registry.loadDirectory();
            LOG.info("registry open on {} ({})", url, registry.directory);
            return registry;
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /** The in-memory view for the broker's connect path, current as of the last commit. */
    public DeviceDirectory deviceDirectory() {
        return directory;
    }

    @Override
    public Account account() {
        return account;
    }

    // ---- transactions ----

    @FunctionalInterface
    private interface TxWork<T> {
        T run(Sql sql, Changes changes) throws SQLException;
    }

    /** What a write changed, to refresh the directory and notify listeners after commit. */
    private static final class Changes {
        final Set<String> certificates = new LinkedHashSet<>();
        final Set<String> cas = new LinkedHashSet<>();
        final Set<String> things = new LinkedHashSet<>();
        final Set<String> policies = new LinkedHashSet<>();
        final List<RegistryEvent> events = new ArrayList<>();
        boolean reset;

        void event(RegistryEvent event) {
            events.add(event);
        }
    }

    private <T> T write(TxWork<T> work) {
        ensureOpen();
        ReentrantLock lock = database.writeLock();
        lock.lock();
        try {
            Changes changes = new Changes();
            T result = database.write(sql -> work.run(sql, changes));
            publish(changes);
            return result;
        } finally {
            lock.unlock();
        }
    }

    private <T> T read(Database.Work<T> work) {
        ensureOpen();
        return database.read(work);
    }

    private void ensureOpen() {
        if (closed) {
            throw new RegistryException(ErrorType.SERVICE_UNAVAILABLE, "the registry is closed");
        }
    }

    private void publish(Changes changes) {
        try {
            if (changes.reset) {
                directory.clear();
            } else if (!changes.certificates.isEmpty()
                    || !changes.cas.isEmpty()
                    || !changes.things.isEmpty()
                    || !changes.policies.isEmpty()) {
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

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static String generationId() {
        return UUID.randomUUID().toString();
    }

    // ---- registration code ----

    @Override
    public String getRegistrationCode() {
        return write((sql, changes) -> registrationCode(sql, true));
    }

    private String registrationCode(Sql sql, boolean create) throws SQLException {
        Optional<String> code =
                sql.one("SELECT value FROM account_settings WHERE name = 'registration_code'", rs -> rs.getString(1));
        if (code.isPresent() || !create) {
            return code.orElse(null);
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String fresh = HexFormat.of().formatHex(bytes);
        sql.update("INSERT INTO account_settings (name, value) VALUES ('registration_code', ?)", fresh);
        return fresh;
    }

    @Override
    public void deleteRegistrationCode() {
        write((sql, changes) -> sql.update("DELETE FROM account_settings WHERE name = 'registration_code'"));
    }

    // ---- CA certificates ----

    @Override
    public CaCertificateRecord registerCaCertificate(RegisterCaCertificateRequest request) {
        if (request == null) {
            throw RegistryException.invalid("caCertificate is required");
        }
        X509Certificate ca = readCertificate(request.caCertificatePem(), "caCertificate");
        if (!CertificateChecks.isCertificateAuthority(ca)) {
            throw certificateInvalid(
                    "The CA certificate does not have the basicConstraints extension as true (CA:TRUE).");
        }
        Instant now = now();
        if (!CertificateChecks.isValidAt(ca, now)) {
            throw certificateInvalid("The CA certificate is expired or not yet valid (valid from "
                    + ca.getNotBefore().toInstant() + " to " + ca.getNotAfter().toInstant() + ").");
        }
        CertificateMode mode = request.certificateMode() == null ? CertificateMode.DEFAULT : request.certificateMode();
        String verificationPem = request.verificationCertificatePem();
        boolean hasVerification = verificationPem != null && !verificationPem.isBlank();
        X509Certificate verification = null;
        if (mode == CertificateMode.SNI_ONLY && hasVerification) {
            throw RegistryException.invalid("verificationCertificate must not be given when certificateMode is "
                    + "SNI_ONLY (multi-account mode needs no proof of possession)");
        }
        if (mode == CertificateMode.DEFAULT) {
            if (!hasVerification) {
                throw RegistryException.invalid("verificationCertificate is required when certificateMode is "
                        + "DEFAULT: a certificate signed by the CA whose CN is the registration code");
            }
            verification = readCertificate(verificationPem, "verificationCertificate");
        }
        validate(request.registrationConfig());
        validateTags(request.tags());
        String id = CertificateIds.of(ca);
        String arn = account.caCertificateArn(id);
        String subject = ca.getSubjectX500Principal().getName(javax.security.auth.x500.X500Principal.CANONICAL);
        X509Certificate verificationCertificate = verification;
        return write((sql, changes) -> {
            if (verificationCertificate != null) {
                String code = registrationCode(sql, false);
                String cn = CertificateFields.commonName(verificationCertificate.getSubjectX500Principal());
                if (code == null || !code.equalsIgnoreCase(cn)) {
                    throw new RegistryException(
                            ErrorType.REGISTRATION_CODE_VALIDATION,
                            "The verification certificate's common name (CN) is not the registration code of this"
                                    + " account (see GetRegistrationCode).");
                }
                if (!CertificateChecks.isSignedBy(verificationCertificate, ca)) {
                    throw certificateInvalid("The verification certificate is not signed by the CA certificate.");
                }
            }
            if (sql.count("SELECT COUNT(*) FROM ca_certificates WHERE id = ?", id) > 0) {
                throw new RegistryException(
                        ErrorType.RESOURCE_ALREADY_EXISTS,
                        "The certificate is already provisioned or registered",
                        id,
                        arn);
            }
            if (sql.count("SELECT COUNT(*) FROM ca_certificates WHERE subject = ?", subject) >= MAX_CAS_PER_SUBJECT) {
                throw new RegistryException(
                        ErrorType.LIMIT_EXCEEDED,
                        "At most " + MAX_CAS_PER_SUBJECT + " CA certificates with the same subject field can be"
                                + " registered in an account (subject: "
                                + ca.getSubjectX500Principal().getName()
                                + ")");
            }
            RegistrationConfig config = request.registrationConfig();
            sql.update(
                    "INSERT INTO ca_certificates (" + CA_COLUMNS
                            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    id,
                    sql.nextSeq("ca_certificates"),
                    Pem.write(ca),
                    subject,
                    request.setAsActive() ? CaCertificateStatus.ACTIVE : CaCertificateStatus.INACTIVE,
                    request.allowAutoRegistration() ? AutoRegistrationStatus.ENABLE : AutoRegistrationStatus.DISABLE,
                    mode,
                    now,
                    now,
                    1L,
                    generationId(),
                    ca.getNotBefore().toInstant(),
                    ca.getNotAfter().toInstant(),
                    config == null ? null : config.templateBody(),
                    config == null ? null : config.roleArn(),
                    config == null ? null : config.templateName());
            insertTags(sql, arn, request.tags());
            changes.cas.add(id);
            changes.event(new RegistryEvent.CaCertificateChanged(id));
            return findCa(sql, id).orElseThrow();
        });
    }

    @Override
    public CaCertificateRecord describeCaCertificate(String caCertificateId) {
        String id = certificateId(caCertificateId, "caCertificateId");
        return read(sql -> findCa(sql, id)).orElseThrow(() -> caNotFound(id));
    }

    @Override
    public Page<CaCertificateRecord> listCaCertificates(PageRequest page, String templateName) {
        Paging paging = Paging.marker(page);
        return read(sql -> paging.page(sql.list(
                "SELECT " + CA_COLUMNS + " FROM ca_certificates WHERE " + paging.condition("seq")
                        + (templateName == null ? "" : " AND template_name = ?") + paging.orderAndLimit("seq"),
                rs -> new Paging.Keyed<>(rs.getLong("seq"), caRecord(rs)),
                templateName == null
                        ? new Object[] {paging.after(), paging.limit()}
                        : new Object[] {paging.after(), templateName, paging.limit()})));
    }

    @Override
    public void updateCaCertificate(UpdateCaCertificateRequest request) {
        if (request == null) {
            throw RegistryException.invalid("caCertificateId is required");
        }
        String id = certificateId(request.certificateId(), "caCertificateId");
        if (request.registrationConfig() != null && request.removeAutoRegistration()) {
            throw RegistryException.invalid("registrationConfig and removeAutoRegistration cannot be used together");
        }
        validate(request.registrationConfig());
        write((sql, changes) -> {
            CaCertificateRecord ca = findCa(sql, id).orElseThrow(() -> caNotFound(id));
            CaCertificateStatus status = request.newStatus() == null ? ca.status() : request.newStatus();
            AutoRegistrationStatus auto = request.newAutoRegistrationStatus() == null
                    ? ca.autoRegistrationStatus()
                    : request.newAutoRegistrationStatus();
            RegistrationConfig config = request.removeAutoRegistration()
                    ? null
                    : request.registrationConfig() != null ? request.registrationConfig() : ca.registrationConfig();
            sql.update(
                    "UPDATE ca_certificates SET status = ?, auto_registration = ?, template_body = ?, role_arn = ?,"
                            + " template_name = ?, modified_at = ?, customer_version = customer_version + 1,"
                            + " generation_id = ? WHERE id = ?",
                    status,
                    auto,
                    config == null ? null : config.templateBody(),
                    config == null ? null : config.roleArn(),
                    config == null ? null : config.templateName(),
                    now(),
                    generationId(),
                    id);
            changes.cas.add(id);
            changes.event(new RegistryEvent.CaCertificateChanged(id));
            return null;
        });
    }

    /**
     * Only an INACTIVE CA can be deleted. Certificates registered under it stay registered (AWS does not document a
     * cascade or a refusal; keeping them mirrors "registered client certificates ... continue to work").
     */
    @Override
    public void deleteCaCertificate(String caCertificateId) {
        String id = certificateId(caCertificateId, "caCertificateId");
        write((sql, changes) -> {
            CaCertificateRecord ca = findCa(sql, id).orElseThrow(() -> caNotFound(id));
            if (ca.status() == CaCertificateStatus.ACTIVE) {
                throw new RegistryException(
                        ErrorType.CERTIFICATE_STATE,
                        "The CA certificate must be deactivated (not ACTIVE) before deletion. Id: " + id);
            }
            sql.update("DELETE FROM ca_certificates WHERE id = ?", id);
            sql.update("DELETE FROM tags WHERE resource_arn = ?", ca.certificateArn());
            changes.cas.add(id);
            changes.event(new RegistryEvent.CaCertificateChanged(id));
            return null;
        });
    }

    private Optional<CaCertificateRecord> findCa(Sql sql, String id) throws SQLException {
        return sql.one("SELECT " + CA_COLUMNS + " FROM ca_certificates WHERE id = ?", this::caRecord, id);
    }

    private CaCertificateRecord caRecord(ResultSet rs) throws SQLException {
        String id = rs.getString("id");
        String templateBody = rs.getString("template_body");
        String roleArn = rs.getString("role_arn");
        String templateName = rs.getString("template_name");
        RegistrationConfig config = templateBody == null && roleArn == null && templateName == null
                ? null
                : new RegistrationConfig(templateBody, roleArn, templateName);
        return new CaCertificateRecord(
                id,
                account.caCertificateArn(id),
                rs.getString("pem"),
                CaCertificateStatus.valueOf(rs.getString("status")),
                AutoRegistrationStatus.valueOf(rs.getString("auto_registration")),
                CertificateMode.valueOf(rs.getString("mode")),
                account.accountId(),
                Sql.instant(rs, "created_at"),
                Sql.instant(rs, "modified_at"),
                (int) rs.getLong("customer_version"),
                rs.getString("generation_id"),
                Sql.instant(rs, "not_before"),
                Sql.instant(rs, "not_after"),
                config);
    }

    private static RegistryException caNotFound(String id) {
        return RegistryException.notFound("The CA certificate " + id + " does not exist");
    }

    private static void validate(RegistrationConfig config) {
        if (config == null) {
            return;
        }
        if (config.templateBody() != null && config.templateBody().length() > 10240) {
            throw RegistryException.invalid("registrationConfig.templateBody is longer than 10240 characters");
        }
        if (config.roleArn() != null
                && (config.roleArn().length() < 20 || config.roleArn().length() > 2048)) {
            throw RegistryException.invalid("registrationConfig.roleArn must be 20 to 2048 characters long");
        }
        if (config.templateName() != null
                && !TEMPLATE_NAME.matcher(config.templateName()).matches()) {
            throw RegistryException.invalid("registrationConfig.templateName must match [0-9A-Za-z_-]{1,36}");
        }
    }

    // ---- certificates ----

    /**
     * Error choices: a CA that is registered but INACTIVE gives CertificateStateException (406, listed for this
     * operation; AWS: "The CA certificate must be active before you can register any client certificates"); an
     * unknown issuer, a {@code caCertificatePem} that is not registered, or a signature that does not verify give
     * CertificateValidationException. A certificate that is expired or not yet valid is refused the same way.
     */
    @Override
    public CertificateRecord registerCertificate(
            String certificatePem, String caCertificatePem, CertificateStatus status, boolean setAsActive) {
        CertificateStatus initial = initialStatus(status, setAsActive);
        X509Certificate certificate = readCertificate(certificatePem, "certificatePem");
        Instant now = now();
        requireCurrentlyValid(certificate, now);
        X509Certificate givenCa = caCertificatePem == null || caCertificatePem.isBlank()
                ? null
                : readCertificate(caCertificatePem, "caCertificatePem");
        String id = CertificateIds.of(certificate);
        return write((sql, changes) -> {
            CaCertificateRecord ca;
            X509Certificate caCertificate;
            if (givenCa != null) {
                String caId = CertificateIds.of(givenCa);
                ca = findCa(sql, caId)
                        .orElseThrow(() -> certificateInvalid(
                                "The CA certificate given in caCertificatePem is not registered in this account (id: "
                                        + caId + ")."));
                caCertificate = givenCa;
            } else {
                String issuer =
                        certificate.getIssuerX500Principal().getName(javax.security.auth.x500.X500Principal.CANONICAL);
                List<CaCertificateRecord> candidates = sql.list(
                        "SELECT " + CA_COLUMNS + " FROM ca_certificates WHERE subject = ? ORDER BY seq",
                        this::caRecord,
                        issuer);
                if (candidates.isEmpty()) {
                    throw certificateInvalid("The certificate is not signed by a CA certificate registered in this"
                            + " account (issuer: "
                            + certificate.getIssuerX500Principal().getName() + ").");
                }
                if (candidates.size() > 1) {
                    throw new RegistryException(
                            ErrorType.CERTIFICATE_CONFLICT,
                            "There is more than one registered CA certificate with the subject field of this"
                                    + " certificate's issuer; give the signing CA in caCertificatePem.");
                }
                ca = candidates.get(0);
                caCertificate = Pem.readCertificate(ca.certificatePem());
            }
            if (!CertificateChecks.isSignedBy(certificate, caCertificate)) {
                throw certificateInvalid(
                        "The certificate is not signed by the CA certificate " + ca.certificateId() + ".");
            }
            if (ca.status() != CaCertificateStatus.ACTIVE) {
                throw new RegistryException(
                        ErrorType.CERTIFICATE_STATE,
                        "The CA certificate " + ca.certificateId() + " is not ACTIVE; a CA must be active before"
                                + " certificates it signed can be registered.");
            }
            requireNew(sql, id);
            insertCertificate(sql, changes, id, ca.certificateId(), certificate, initial, ca.certificateMode(), now);
            return findCertificate(sql, id).orElseThrow();
        });
    }

    @Override
    public CertificateRecord registerCertificateWithoutCa(String certificatePem, CertificateStatus status) {
        CertificateStatus initial = initialStatus(status, false);
        X509Certificate certificate = readCertificate(certificatePem, "certificatePem");
        Instant now = now();
        requireCurrentlyValid(certificate, now);
        String id = CertificateIds.of(certificate);
        return write((sql, changes) -> {
            requireNew(sql, id);
            insertCertificate(sql, changes, id, null, certificate, initial, CertificateMode.SNI_ONLY, now);
            return findCertificate(sql, id).orElseThrow();
        });
    }

    /**
     * A 2048-bit RSA key pair, as AWS makes; the certificate (subject {@code CN=AWS IoT Certificate}, client profile,
     * valid until 2049-12-31T23:59:59Z) is signed by the gateway's device CA. The private key is returned as PKCS#1
     * ({@code BEGIN RSA PRIVATE KEY}), the form AWS returns. The certificate has no {@code caCertificateId} and mode
     * DEFAULT, like AWS-issued certificates.
     */
    @Override
    public CreatedCertificate createKeysAndCertificate(boolean setAsActive) {
        ensureOpen();
        KeyPair keys = Keys.generate(KeyAlgorithm.RSA_2048);
        CertificateRecord record = issue(keys.getPublic(), setAsActive);
        return new CreatedCertificate(
                record, Pem.writePublicKey(keys.getPublic()), Pem.writeTraditional(keys.getPrivate()));
    }

    /**
     * The certificate certifies the CSR's key; its subject is {@code CN=AWS IoT Certificate} like every AWS-issued
     * certificate (the CSR's subject is not copied; unverified for AWS). Each call issues a new certificate (fresh
     * serial number), so the same CSR twice yields two certificates, as on AWS.
     */
    @Override
    public CreatedCertificate createCertificateFromCsr(String certificateSigningRequestPem, boolean setAsActive) {
        ensureOpen();
        if (certificateSigningRequestPem == null || certificateSigningRequestPem.isBlank()) {
            throw RegistryException.invalid("certificateSigningRequest is required");
        }
        if (certificateSigningRequestPem.length() > MAX_CSR_LENGTH) {
            throw RegistryException.invalid(
                    "certificateSigningRequest is longer than " + MAX_CSR_LENGTH + " characters");
        }
        CertificateRequest csr;
        try {
            csr = Pem.readCsr(certificateSigningRequestPem);
            // AWS: RSA of at least 2048 bits or EC on P-256, P-384 or P-521; anything else is refused here.
            Keys.algorithmOf(csr.publicKey());
        } catch (PkiException e) {
            throw RegistryException.invalid("The certificate signing request is invalid: " + e.getMessage());
        }
        return new CreatedCertificate(issue(csr.publicKey(), setAsActive), null, null);
    }

    private CertificateRecord issue(java.security.PublicKey key, boolean setAsActive) {
        Instant now = now();
        X509Certificate certificate = deviceCa.issue(
                new LeafRequest(key, AWS_ISSUED_SUBJECT, now, AWS_ISSUED_NOT_AFTER, LeafProfile.CLIENT, List.of()));
        String id = CertificateIds.of(certificate);
        CertificateStatus status = setAsActive ? CertificateStatus.ACTIVE : CertificateStatus.INACTIVE;
        return write((sql, changes) -> {
            requireNew(sql, id);
            insertCertificate(sql, changes, id, null, certificate, status, CertificateMode.DEFAULT, now);
            return findCertificate(sql, id).orElseThrow();
        });
    }

    @Override
    public CertificateRecord describeCertificate(String certificateId) {
        String id = certificateId(certificateId, "certificateId");
        return read(sql -> findCertificate(sql, id)).orElseThrow(() -> certificateNotFound(id));
    }

    @Override
    public Page<CertificateRecord> listCertificates(PageRequest page) {
        Paging paging = Paging.marker(page);
        return read(sql -> paging.page(sql.list(
                "SELECT " + CERT_COLUMNS + " FROM certificates WHERE " + paging.condition("seq")
                        + paging.orderAndLimit("seq"),
                rs -> new Paging.Keyed<>(rs.getLong("seq"), certificateRecord(rs)),
                paging.after(),
                paging.limit())));
    }

    /** An unknown CA gives an empty list (the operation models no ResourceNotFoundException). */
    @Override
    public Page<CertificateRecord> listCertificatesByCa(String caCertificateId, PageRequest page) {
        String caId = certificateId(caCertificateId, "caCertificateId");
        Paging paging = Paging.marker(page);
        return read(sql -> paging.page(sql.list(
                "SELECT " + CERT_COLUMNS + " FROM certificates WHERE ca_id = ? AND " + paging.condition("seq")
                        + paging.orderAndLimit("seq"),
                rs -> new Paging.Keyed<>(rs.getLong("seq"), certificateRecord(rs)),
                caId,
                paging.after(),
                paging.limit())));
    }

    /**
     * Error choices (AWS unverified): a status that is not client-settable (PENDING_TRANSFER, PENDING_ACTIVATION,
     * the deprecated REGISTER_INACTIVE) is an InvalidRequestException; leaving REVOKED or PENDING_TRANSFER is a
     * CertificateStateException. Setting the current status again succeeds and changes nothing.
     */
    @Override
    public void updateCertificate(String certificateId, CertificateStatus newStatus) {
        String id = certificateId(certificateId, "certificateId");
        if (newStatus == null) {
            throw RegistryException.invalid("newStatus is required");
        }
        if (newStatus != CertificateStatus.ACTIVE
                && newStatus != CertificateStatus.INACTIVE
                && newStatus != CertificateStatus.REVOKED) {
            throw RegistryException.invalid(
                    "newStatus " + newStatus + " cannot be set; use ACTIVE, INACTIVE or REVOKED");
        }
        write((sql, changes) -> {
            CertificateRecord certificate = findCertificate(sql, id).orElseThrow(() -> certificateNotFound(id));
            if (certificate.status() == newStatus) {
                return null;
            }
            if (certificate.status() == CertificateStatus.REVOKED) {
                throw new RegistryException(
                        ErrorType.CERTIFICATE_STATE,
                        "The certificate " + id + " is REVOKED; a revoked certificate cannot be changed.");
            }
            if (certificate.status() == CertificateStatus.PENDING_TRANSFER) {
                throw new RegistryException(
                        ErrorType.CERTIFICATE_STATE,
                        "The certificate " + id + " is PENDING_TRANSFER; its status cannot be changed.");
            }
            sql.update(
                    "UPDATE certificates SET status = ?, modified_at = ?, customer_version = customer_version + 1,"
                            + " generation_id = ? WHERE id = ?",
                    newStatus,
                    now(),
                    generationId(),
                    id);
            changes.certificates.add(id);
            changes.event(new RegistryEvent.CertificateChanged(id, newStatus));
            return null;
        });
    }

    /**
     * Checks in this order: ACTIVE (CertificateStateException), policies attached unless {@code forceDelete}
     * (DeleteConflictException), things attached (DeleteConflictException, also with {@code forceDelete}, which AWS
     * documents as "if it is inactive and is not attached to an IoT thing"). With {@code forceDelete} the policy
     * attachments are removed with the certificate.
     */
    @Override
    public void deleteCertificate(String certificateId, boolean forceDelete) {
        String id = certificateId(certificateId, "certificateId");
        write((sql, changes) -> {
            CertificateRecord certificate = findCertificate(sql, id).orElseThrow(() -> certificateNotFound(id));
            if (certificate.status() == CertificateStatus.ACTIVE) {
                throw new RegistryException(
                        ErrorType.CERTIFICATE_STATE,
                        "Certificate must be deactivated (not ACTIVE) before deletion. Id: " + id);
            }
            long policies = sql.count("SELECT COUNT(*) FROM policy_attachments WHERE cert_id = ?", id);
            if (policies > 0 && !forceDelete) {
                throw new RegistryException(
                        ErrorType.DELETE_CONFLICT,
                        "Certificate policies must be detached before deletion (arn: " + certificate.certificateArn()
                                + ")");
            }
            if (sql.count("SELECT COUNT(*) FROM thing_principals WHERE cert_id = ?", id) > 0) {
                throw new RegistryException(
                        ErrorType.DELETE_CONFLICT,
                        "Things must be detached before deletion (arn: " + certificate.certificateArn() + ")");
            }
            sql.update("DELETE FROM policy_attachments WHERE cert_id = ?", id);
            sql.update("DELETE FROM certificates WHERE id = ?", id);
            changes.certificates.add(id);
            if (policies > 0) {
                changes.event(new RegistryEvent.AttachmentChanged(certificate.certificateArn()));
            }
            changes.event(new RegistryEvent.CertificateChanged(id, null));
            return null;
        });
    }

    /**
     * {@code status} wins over {@code setAsActive}. PENDING_TRANSFER and PENDING_ACTIVATION are service-internal:
     * InvalidRequestException. The deprecated REGISTER_INACTIVE is stored as given.
     */
    private static CertificateStatus initialStatus(CertificateStatus status, boolean setAsActive) {
        if (status == CertificateStatus.PENDING_TRANSFER || status == CertificateStatus.PENDING_ACTIVATION) {
            throw RegistryException.invalid("status " + status + " cannot be set; use ACTIVE, INACTIVE or REVOKED");
        }
        if (status != null) {
            return status;
        }
        return setAsActive ? CertificateStatus.ACTIVE : CertificateStatus.INACTIVE;
    }

    private static void requireCurrentlyValid(X509Certificate certificate, Instant now) {
        if (!CertificateChecks.isValidAt(certificate, now)) {
            throw certificateInvalid("The certificate is expired or not yet valid (valid from "
                    + certificate.getNotBefore().toInstant() + " to "
                    + certificate.getNotAfter().toInstant() + ").");
        }
    }

    private void requireNew(Sql sql, String id) throws SQLException {
        if (sql.count("SELECT COUNT(*) FROM certificates WHERE id = ?", id) > 0) {
            throw new RegistryException(
                    ErrorType.RESOURCE_ALREADY_EXISTS,
                    "The certificate is already provisioned or registered",
                    id,
                    account.certificateArn(id));
        }
    }

    private void insertCertificate(
            Sql sql,
            Changes changes,
            String id,
            String caId,
            X509Certificate certificate,
            CertificateStatus status,
            CertificateMode mode,
            Instant now)
            throws SQLException {
        sql.update(
                "INSERT INTO certificates (" + CERT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                id,
                sql.nextSeq("certificates"),
                caId,
                Pem.write(certificate),
                status,
                mode,
                now,
                now,
                1L,
                generationId(),
                certificate.getNotBefore().toInstant(),
                certificate.getNotAfter().toInstant());
        changes.certificates.add(id);
        changes.event(new RegistryEvent.CertificateChanged(id, status));
    }

    private Optional<CertificateRecord> findCertificate(Sql sql, String id) throws SQLException {
        return sql.one("SELECT " + CERT_COLUMNS + " FROM certificates WHERE id = ?", this::certificateRecord, id);
    }

    private CertificateRecord certificateRecord(ResultSet rs) throws SQLException {
        String id = rs.getString("id");
        return new CertificateRecord(
                id,
                account.certificateArn(id),
                rs.getString("ca_id"),
                CertificateStatus.valueOf(rs.getString("status")),
                rs.getString("pem"),
                CertificateMode.valueOf(rs.getString("mode")),
                account.accountId(),
                Sql.instant(rs, "created_at"),
                Sql.instant(rs, "modified_at"),
                (int) rs.getLong("customer_version"),
                rs.getString("generation_id"),
                Sql.instant(rs, "not_before"),
                Sql.instant(rs, "not_after"));
    }

    private static RegistryException certificateNotFound(String id) {
        return RegistryException.notFound("The certificate " + id + " does not exist");
    }

    private static RegistryException certificateInvalid(String reason) {
        return new RegistryException(ErrorType.CERTIFICATE_VALIDATION, "The certificate is invalid. " + reason);
    }

    private static X509Certificate readCertificate(String pem, String member) {
        if (pem == null || pem.isBlank()) {
            throw RegistryException.invalid(member + " is required");
        }
        if (pem.length() > MAX_PEM_LENGTH) {
            throw RegistryException.invalid(member + " is longer than " + MAX_PEM_LENGTH + " characters");
        }
        try {
            return Pem.readCertificate(pem);
        } catch (PkiException e) {
            throw certificateInvalid("(" + member + ") " + e.getMessage());
        }
    }

    /** A certificate ID as the API receives it: 64 hex digits, compared in lowercase. */
    private static String certificateId(String id, String member) {
        if (id == null || !CERTIFICATE_ID.matcher(id).matches()) {
            throw RegistryException.invalid(member + " must be 64 hexadecimal characters, got: " + id);
        }
        return id.toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The certificate ID named by a principal or target ARN. A string that is no certificate ARN at all is an
     * InvalidRequestException (thing groups and Cognito identities are not supported); a certificate ARN of another
     * account or region names nothing here: ResourceNotFoundException.
     */
    private String certificateIdOfArn(String arn, String member) {
        if (arn == null || arn.isBlank()) {
            throw RegistryException.invalid(member + " is required");
        }
        if (!ANY_CERTIFICATE_ARN.matcher(arn).matches()) {
            throw RegistryException.invalid(member + " must be a certificate ARN (" + account.arnPrefix()
                    + "cert/<certificateId>); thing groups and Cognito identities are not supported: " + arn);
        }
        String prefix = account.arnPrefix() + "cert/";
        if (!arn.startsWith(prefix)) {
            throw RegistryException.notFound("The certificate " + arn + " does not exist in this account");
        }
        return arn.substring(prefix.length()).toLowerCase(java.util.Locale.ROOT);
    }

    /** As {@link #certificateIdOfArn}, and the certificate must exist. */
    private String existingCertificate(Sql sql, String arn, String member) throws SQLException {
        String id = certificateIdOfArn(arn, member);
        if (sql.count("SELECT COUNT(*) FROM certificates WHERE id = ?", id) == 0) {
            throw RegistryException.notFound("The certificate " + account.certificateArn(id) + " does not exist");
        }
        return id;
    }

    // ---- policies ----

    @Override
    public PolicyVersionRecord createPolicy(String policyName, String policyDocument, List<Tag> tags) {
        String name = policyName(policyName);
        parsePolicy(policyDocument);
        validateTags(tags);
        return write((sql, changes) -> {
            if (sql.count("SELECT COUNT(*) FROM policies WHERE name = ?", name) > 0) {
                throw new RegistryException(
                        ErrorType.RESOURCE_ALREADY_EXISTS,
                        "Policy " + name + " already exists",
                        name,
                        account.policyArn(name));
            }
            Instant now = now();
            sql.update(
                    "INSERT INTO policies (name, seq, default_version, next_version, created_at, modified_at,"
                            + " generation_id) VALUES (?, ?, 1, 2, ?, ?, ?)",
                    name,
                    sql.nextSeq("policies"),
                    now,
                    now,
                    generationId());
            sql.update(
                    "INSERT INTO policy_versions (policy_name, version, document, created_at, generation_id)"
                            + " VALUES (?, 1, ?, ?, ?)",
                    name,
                    policyDocument,
                    now,
                    generationId());
            insertTags(sql, account.policyArn(name), tags);
            changes.policies.add(name);
            changes.event(new RegistryEvent.PolicyChanged(name));
            return findVersion(sql, name, 1).orElseThrow();
        });
    }

    @Override
    public PolicyRecord getPolicy(String policyName) {
        String name = policyName(policyName);
        return read(sql -> findPolicy(sql, name)).orElseThrow(() -> policyNotFound(name));
    }

    @Override
    public Page<PolicyRecord> listPolicies(PageRequest page) {
        Paging paging = Paging.marker(page);
        return read(sql -> paging.page(sql.list(
                "SELECT " + POLICY_COLUMNS + POLICY_FROM + " WHERE " + paging.condition("p.seq")
                        + paging.orderAndLimit("p.seq"),
                rs -> new Paging.Keyed<>(rs.getLong("seq"), policyRecord(rs)),
                paging.after(),
                paging.limit())));
    }

    /** Refused while attached (checked first) or while versions other than the default exist. */
    @Override
    public void deletePolicy(String policyName) {
        String name = policyName(policyName);
        write((sql, changes) -> {
            PolicyRecord policy = findPolicy(sql, name).orElseThrow(() -> policyNotFound(name));
            if (sql.count("SELECT COUNT(*) FROM policy_attachments WHERE policy_name = ?", name) > 0) {
                throw new RegistryException(
                        ErrorType.DELETE_CONFLICT,
                        "The policy cannot be deleted as the policy is attached to one or more principals (name=" + name
                                + ")");
            }
            if (sql.count(
                            "SELECT COUNT(*) FROM policy_versions WHERE policy_name = ? AND version <> ?",
                            name,
                            Long.parseLong(policy.defaultVersionId()))
                    > 0) {
                throw new RegistryException(
                        ErrorType.DELETE_CONFLICT,
                        "The policy cannot be deleted as versions other than the default version exist (name=" + name
                                + ")");
            }
            sql.update("DELETE FROM policy_versions WHERE policy_name = ?", name);
            sql.update("DELETE FROM policies WHERE name = ?", name);
            sql.update("DELETE FROM tags WHERE resource_arn = ?", policy.policyArn());
            changes.policies.add(name);
            changes.event(new RegistryEvent.PolicyChanged(name));
            return null;
        });
    }

    @Override
    public PolicyVersionRecord createPolicyVersion(String policyName, String policyDocument, boolean setAsDefault) {
        String name = policyName(policyName);
        parsePolicy(policyDocument);
        return write((sql, changes) -> {
            long next = sql.one("SELECT next_version FROM policies WHERE name = ?", rs -> rs.getLong(1), name)
                    .orElseThrow(() -> policyNotFound(name));
            if (sql.count("SELECT COUNT(*) FROM policy_versions WHERE policy_name = ?", name) >= MAX_POLICY_VERSIONS) {
                throw new RegistryException(
                        ErrorType.VERSIONS_LIMIT_EXCEEDED,
                        "The policy " + name + " already has the maximum number of versions (" + MAX_POLICY_VERSIONS
                                + "); delete a version that is not the default first");
            }
            Instant now = now();
            sql.update(
                    "INSERT INTO policy_versions (policy_name, version, document, created_at, generation_id)"
                            + " VALUES (?, ?, ?, ?, ?)",
                    name,
                    next,
                    policyDocument,
                    now,
                    generationId());
            sql.update(
                    "UPDATE policies SET next_version = ?, modified_at = ?, generation_id = ?"
                            + (setAsDefault ? ", default_version = ?" : "") + " WHERE name = ?",
                    setAsDefault
                            ? new Object[] {next + 1, now, generationId(), next, name}
                            : new Object[] {next + 1, now, generationId(), name});
            if (setAsDefault) {
                changes.policies.add(name);
            }
            changes.event(new RegistryEvent.PolicyChanged(name));
            return findVersion(sql, name, next).orElseThrow();
        });
    }

    @Override
    public PolicyVersionRecord getPolicyVersion(String policyName, String policyVersionId) {
        String name = policyName(policyName);
        long version = versionId(policyVersionId);
        return read(sql -> {
                    requirePolicy(sql, name);
                    return findVersion(sql, name, version);
                })
                .orElseThrow(() -> versionNotFound(name, policyVersionId));
    }

    /** Newest version first (what AWS's CLI shows; the order is not documented). */
    @Override
    public List<PolicyVersionRecord> listPolicyVersions(String policyName) {
        String name = policyName(policyName);
        return read(sql -> {
            requirePolicy(sql, name);
            return sql.list(
                    "SELECT v.version, v.document, v.created_at, v.generation_id, p.default_version, p.modified_at"
                            + " FROM policy_versions v JOIN policies p ON p.name = v.policy_name"
                            + " WHERE v.policy_name = ? ORDER BY v.version DESC",
                    rs -> versionRecord(name, rs),
                    name);
        });
    }

    @Override
    public void setDefaultPolicyVersion(String policyName, String policyVersionId) {
        String name = policyName(policyName);
        long version = versionId(policyVersionId);
        write((sql, changes) -> {
            requirePolicy(sql, name);
            if (findVersion(sql, name, version).isEmpty()) {
                throw versionNotFound(name, policyVersionId);
            }
            sql.update(
                    "UPDATE policies SET default_version = ?, modified_at = ?, generation_id = ? WHERE name = ?",
                    version,
                    now(),
                    generationId(),
                    name);
            changes.policies.add(name);
            changes.event(new RegistryEvent.PolicyChanged(name));
            return null;
        });
    }

    @Override
    public void deletePolicyVersion(String policyName, String policyVersionId) {
        String name = policyName(policyName);
        long version = versionId(policyVersionId);
        write((sql, changes) -> {
            requirePolicy(sql, name);
            PolicyVersionRecord record =
                    findVersion(sql, name, version).orElseThrow(() -> versionNotFound(name, policyVersionId));
            if (record.defaultVersion()) {
                throw new RegistryException(
                        ErrorType.DELETE_CONFLICT,
                        "Cannot delete the default version " + record.versionId() + " of policy " + name
                                + "; set another default version first, or delete the policy");
            }
            sql.update("DELETE FROM policy_versions WHERE policy_name = ? AND version = ?", name, version);
            changes.event(new RegistryEvent.PolicyChanged(name));
            return null;
        });
    }

    /** Attaching an attached policy again succeeds and changes nothing. */
    @Override
    public void attachPolicy(String policyName, String target) {
        String name = policyName(policyName);
        write((sql, changes) -> {
            requirePolicy(sql, name);
            String certId = existingCertificate(sql, target, "target");
            if (sql.count("SELECT COUNT(*) FROM policy_attachments WHERE policy_name = ? AND cert_id = ?", name, certId)
                    > 0) {
                return null;
            }
            if (sql.count("SELECT COUNT(*) FROM policy_attachments WHERE cert_id = ?", certId)
                    >= MAX_POLICIES_PER_TARGET) {
                throw new RegistryException(
                        ErrorType.LIMIT_EXCEEDED,
                        "At most " + MAX_POLICIES_PER_TARGET + " policies can be attached to " + target);
            }
            sql.update(
                    "INSERT INTO policy_attachments (policy_name, cert_id, seq) VALUES (?, ?, ?)",
                    name,
                    certId,
                    sql.nextSeq("policy_attachments"));
            changes.certificates.add(certId);
            changes.event(new RegistryEvent.AttachmentChanged(account.certificateArn(certId)));
            return null;
        });
    }

    /** Detaching a policy that is not attached succeeds and changes nothing. */
    @Override
    public void detachPolicy(String policyName, String target) {
        String name = policyName(policyName);
        write((sql, changes) -> {
            requirePolicy(sql, name);
            String certId = existingCertificate(sql, target, "target");
            if (sql.update("DELETE FROM policy_attachments WHERE policy_name = ? AND cert_id = ?", name, certId) > 0) {
                changes.certificates.add(certId);
                changes.event(new RegistryEvent.AttachmentChanged(account.certificateArn(certId)));
            }
            return null;
        });
    }

    /** {@code recursive} has no effect: there are no thing groups yet. */
    @Override
    public Page<PolicyRecord> listAttachedPolicies(String target, boolean recursive, PageRequest page) {
        Paging paging = Paging.marker(page);
        return read(sql -> {
            String certId = existingCertificate(sql, target, "target");
            return paging.page(sql.list(
                    "SELECT " + POLICY_COLUMNS + ", a.seq AS attachment_seq" + POLICY_FROM
                            + " JOIN policy_attachments a ON a.policy_name = p.name WHERE a.cert_id = ? AND "
                            + paging.condition("a.seq") + paging.orderAndLimit("a.seq"),
                    rs -> new Paging.Keyed<>(rs.getLong("attachment_seq"), policyRecord(rs)),
                    certId,
                    paging.after(),
                    paging.limit()));
        });
    }

    @Override
    public Page<String> listTargetsForPolicy(String policyName, PageRequest page) {
        String name = policyName(policyName);
        Paging paging = Paging.marker(page);
        return read(sql -> {
            requirePolicy(sql, name);
            return paging.page(sql.list(
                    "SELECT cert_id, seq FROM policy_attachments WHERE policy_name = ? AND " + paging.condition("seq")
                            + paging.orderAndLimit("seq"),
                    rs -> new Paging.Keyed<>(rs.getLong("seq"), account.certificateArn(rs.getString("cert_id"))),
                    name,
                    paging.after(),
                    paging.limit()));
        });
    }

    private static String policyName(String name) {
        if (name == null || !POLICY_NAME.matcher(name).matches()) {
            throw RegistryException.invalid("policyName must match [\\w+=,.@-]{1,128}, got: " + name);
        }
        return name;
    }

    private static long versionId(String versionId) {
        if (versionId == null || !POLICY_VERSION_ID.matcher(versionId).matches()) {
            throw RegistryException.invalid("policyVersionId must be a decimal number, got: " + versionId);
        }
        return Long.parseLong(versionId);
    }

    private static PolicyDocument parsePolicy(String document) {
        if (document == null) {
            throw new RegistryException(ErrorType.MALFORMED_POLICY, "policyDocument is required");
        }
        try {
            return PolicyDocument.parse(document);
        } catch (MalformedPolicyException e) {
            throw new RegistryException(ErrorType.MALFORMED_POLICY, e.getMessage());
        }
    }

    private void requirePolicy(Sql sql, String name) throws SQLException {
        if (sql.count("SELECT COUNT(*) FROM policies WHERE name = ?", name) == 0) {
            throw policyNotFound(name);
        }
    }

    private Optional<PolicyRecord> findPolicy(Sql sql, String name) throws SQLException {
        return sql.one("SELECT " + POLICY_COLUMNS + POLICY_FROM + " WHERE p.name = ?", this::policyRecord, name);
    }

    private PolicyRecord policyRecord(ResultSet rs) throws SQLException {
        String name = rs.getString("name");
        return new PolicyRecord(
                name,
                account.policyArn(name),
                Long.toString(rs.getLong("default_version")),
                rs.getString("document"),
                Sql.instant(rs, "created_at"),
                Sql.instant(rs, "modified_at"),
                rs.getString("generation_id"));
    }

    private Optional<PolicyVersionRecord> findVersion(Sql sql, String name, long version) throws SQLException {
        return sql.one(
                "SELECT v.version, v.document, v.created_at, v.generation_id, p.default_version, p.modified_at"
                        + " FROM policy_versions v JOIN policies p ON p.name = v.policy_name"
                        + " WHERE v.policy_name = ? AND v.version = ?",
                rs -> versionRecord(name, rs),
                name,
                version);
    }

    private PolicyVersionRecord versionRecord(String name, ResultSet rs) throws SQLException {
        long version = rs.getLong("version");
        Instant created = Sql.instant(rs, "created_at");
        return new PolicyVersionRecord(
                name,
                account.policyArn(name),
                Long.toString(version),
                rs.getString("document"),
                version == rs.getLong("default_version"),
                created,
                created,
                rs.getString("generation_id"));
    }

    private static RegistryException policyNotFound(String name) {
        return RegistryException.notFound("Policy not found (name=" + name + ")");
    }

    private static RegistryException versionNotFound(String name, String versionId) {
        return RegistryException.notFound("Policy version " + versionId + " of policy " + name + " not found");
    }

    // ---- things ----

    @Override
    public ThingRecord createThing(CreateThingRequest request) {
        if (request == null) {
            throw RegistryException.invalid("thingName is required");
        }
        String name = thingName(request.thingName(), "thingName");
        String typeName = request.thingTypeName() == null ? null : thingName(request.thingTypeName(), "thingTypeName");
        validateAttributes(request.attributes(), typeName != null);
        return write((sql, changes) -> {
            Optional<ThingRecord> existing = findThing(sql, name);
            if (existing.isPresent()) {
                ThingRecord thing = existing.get();
                if (Objects.equals(thing.thingTypeName(), typeName)
                        && thing.attributes().equals(request.attributes())) {
                    return thing;
                }
                throw new RegistryException(
                        ErrorType.RESOURCE_ALREADY_EXISTS,
                        "Thing " + name + " already exists in account with different attributes",
                        thing.thingId(),
                        thing.thingArn());
            }
            if (typeName != null) {
                requireUsableType(sql, typeName);
            }
            sql.update(
                    "INSERT INTO things (name, seq, id, type_name, version, created_at) VALUES (?, ?, ?, ?, 1, ?)",
                    name,
                    sql.nextSeq("things"),
                    UUID.randomUUID().toString(),
                    typeName,
                    now());
            for (Map.Entry<String, String> attribute : new TreeMap<>(request.attributes()).entrySet()) {
                sql.update(
                        "INSERT INTO thing_attributes (thing_name, name, value) VALUES (?, ?, ?)",
                        name,
                        attribute.getKey(),
                        attribute.getValue());
            }
            changes.things.add(name);
            changes.event(new RegistryEvent.ThingChanged(name));
            return findThing(sql, name).orElseThrow();
        });
    }

    @Override
    public ThingRecord describeThing(String thingName) {
        String name = thingName(thingName, "thingName");
        return read(sql -> findThing(sql, name)).orElseThrow(() -> thingNotFound(name));
    }

    /**
     * Filters: thing type; attribute name with an exact value, a value prefix ({@code usePrefixAttributeValue}), or
     * (value absent) any value.
     */
    @Override
    public Page<ThingRecord> listThings(ListThingsRequest filter, PageRequest page) {
        ListThingsRequest f = filter == null ? ListThingsRequest.all() : filter;
        if (f.attributeValue() != null && f.attributeName() == null) {
            throw RegistryException.invalid("attributeValue needs attributeName");
        }
        Paging paging = Paging.token(page);
        StringBuilder where = new StringBuilder(paging.condition("t.seq"));
        List<Object> args = new ArrayList<>();
        args.add(paging.after());
        if (f.thingTypeName() != null) {
            where.append(" AND t.type_name = ?");
            args.add(f.thingTypeName());
        }
        if (f.attributeName() != null) {
            where.append(" AND EXISTS (SELECT 1 FROM thing_attributes a WHERE a.thing_name = t.name AND a.name = ?");
            args.add(f.attributeName());
            if (f.attributeValue() != null) {
                if (f.usePrefixAttributeValue()) {
                    where.append(" AND substr(a.value, 1, ?) = ?");
                    args.add(f.attributeValue().length());
                } else {
                    where.append(" AND a.value = ?");
                }
                args.add(f.attributeValue());
            }
            where.append(')');
        }
        args.add(paging.limit());
        return read(sql -> {
            List<Paging.Keyed<ThingRecord>> rows = new ArrayList<>();
            for (Paging.Keyed<String> keyed : sql.list(
                    "SELECT t.name, t.seq FROM things t WHERE " + where + paging.orderAndLimit("t.seq"),
                    rs -> new Paging.Keyed<>(rs.getLong("seq"), rs.getString("name")),
                    args.toArray())) {
                rows.add(new Paging.Keyed<>(
                        keyed.seq(), findThing(sql, keyed.value()).orElseThrow()));
            }
            return paging.page(rows);
        });
    }

    /**
     * The version grows by one on every successful update. Attribute limits are checked against the resulting
     * attributes and thing type; a thing can be moved to a deprecated type only if it already has that type.
     */
    @Override
    public void updateThing(UpdateThingRequest request) {
        if (request == null) {
            throw RegistryException.invalid("thingName is required");
        }
        String name = thingName(request.thingName(), "thingName");
        if (request.removeThingType() && request.thingTypeName() != null) {
            throw RegistryException.invalid("thingTypeName and removeThingType cannot be used together");
        }
        String newType = request.thingTypeName() == null ? null : thingName(request.thingTypeName(), "thingTypeName");
        if (request.attributes() != null) {
            for (Map.Entry<String, String> attribute : request.attributes().entrySet()) {
                validateAttribute(attribute.getKey(), attribute.getValue());
            }
        }
        write((sql, changes) -> {
            ThingRecord thing = findThing(sql, name).orElseThrow(() -> thingNotFound(name));
            if (request.expectedVersion() != null && request.expectedVersion() != thing.version()) {
                throw new RegistryException(
                        ErrorType.VERSION_CONFLICT,
                        "The version for thing " + name + " does not match the expected version (expected "
                                + request.expectedVersion() + ", current " + thing.version() + ").");
            }
            String type = request.removeThingType() ? null : newType != null ? newType : thing.thingTypeName();
            if (newType != null && !newType.equals(thing.thingTypeName())) {
                requireUsableType(sql, newType);
            }
            Map<String, String> attributes = new TreeMap<>(thing.attributes());
            if (request.attributes() != null) {
                if (!request.merge()) {
                    attributes.clear();
                }
                request.attributes().forEach((key, value) -> {
                    if (value == null || value.isEmpty()) {
                        attributes.remove(key);
                    } else {
                        attributes.put(key, value);
                    }
                });
            }
            requireAttributeCount(attributes.size(), type != null);
            sql.update("UPDATE things SET type_name = ?, version = version + 1 WHERE name = ?", type, name);
            sql.update("DELETE FROM thing_attributes WHERE thing_name = ?", name);
            for (Map.Entry<String, String> attribute : attributes.entrySet()) {
                sql.update(
                        "INSERT INTO thing_attributes (thing_name, name, value) VALUES (?, ?, ?)",
                        name,
                        attribute.getKey(),
                        attribute.getValue());
            }
            changes.things.add(name);
            changes.event(new RegistryEvent.ThingChanged(name));
            return null;
        });
    }

    @Override
    public void deleteThing(String thingName, Long expectedVersion) {
        String name = thingName(thingName, "thingName");
        write((sql, changes) -> {
            Optional<ThingRecord> thing = findThing(sql, name);
            if (thing.isEmpty()) {
                return null;
            }
            if (expectedVersion != null && expectedVersion != thing.get().version()) {
                throw new RegistryException(
                        ErrorType.VERSION_CONFLICT,
                        "The version for thing " + name + " does not match the expected version (expected "
                                + expectedVersion + ", current " + thing.get().version() + ").");
            }
            if (sql.count("SELECT COUNT(*) FROM thing_principals WHERE thing_name = ?", name) > 0) {
                throw RegistryException.invalid(
                        "Cannot delete. Thing " + name + " is still attached to one or more principals");
            }
            sql.update("DELETE FROM thing_attributes WHERE thing_name = ?", name);
            sql.update("DELETE FROM things WHERE name = ?", name);
            changes.things.add(name);
            changes.event(new RegistryEvent.ThingChanged(name));
            return null;
        });
    }

    private static String thingName(String name, String member) {
        if (name == null || !THING_NAME.matcher(name).matches()) {
            throw RegistryException.invalid(member + " must match [a-zA-Z0-9:_-]{1,128}, got: " + name);
        }
        return name;
    }

    private static void validateAttributes(Map<String, String> attributes, boolean hasType) {
        for (Map.Entry<String, String> attribute : attributes.entrySet()) {
            validateAttribute(attribute.getKey(), attribute.getValue());
        }
        requireAttributeCount(attributes.size(), hasType);
    }

    private static void validateAttribute(String name, String value) {
        if (name == null || !ATTRIBUTE_NAME.matcher(name).matches()) {
            throw RegistryException.invalid("attribute name must match [a-zA-Z0-9_.,@/:#-]{1,128}, got: " + name);
        }
        if (value != null && !ATTRIBUTE_VALUE.matcher(value).matches()) {
            throw RegistryException.invalid(
                    "attribute value of " + name + " must match [a-zA-Z0-9_.,@/:#=\\[\\]-]{0,800}, got: " + value);
        }
    }

    private static void requireAttributeCount(int count, boolean hasType) {
        int max = hasType ? MAX_ATTRIBUTES_WITH_TYPE : MAX_ATTRIBUTES_WITHOUT_TYPE;
        if (count > max) {
            throw RegistryException.invalid("a thing " + (hasType ? "with" : "without") + " a thing type can have at"
                    + " most " + max + " attributes, got " + count);
        }
    }

    private void requireUsableType(Sql sql, String typeName) throws SQLException {
        boolean deprecated = sql.one(
                        "SELECT deprecated FROM thing_types WHERE name = ?", rs -> Sql.bool(rs, "deprecated"), typeName)
                .orElseThrow(() -> thingTypeNotFound(typeName));
        if (deprecated) {
            throw RegistryException.invalid(
                    "Can not create or update a thing with the deprecated thing type " + typeName);
        }
    }

    private Optional<ThingRecord> findThing(Sql sql, String name) throws SQLException {
        Optional<ThingRecord> thing = sql.one(
                "SELECT name, id, type_name, version FROM things WHERE name = ?",
                rs -> new ThingRecord(
                        rs.getString("name"),
                        rs.getString("id"),
                        account.thingArn(rs.getString("name")),
                        rs.getString("type_name"),
                        Map.of(),
                        rs.getLong("version")),
                name);
        if (thing.isEmpty()) {
            return thing;
        }
        Map<String, String> attributes = attributes(sql, name);
        ThingRecord t = thing.get();
        return Optional.of(
                new ThingRecord(t.thingName(), t.thingId(), t.thingArn(), t.thingTypeName(), attributes, t.version()));
    }

    private static Map<String, String> attributes(Sql sql, String thingName) throws SQLException {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (String[] row : sql.list(
                "SELECT name, value FROM thing_attributes WHERE thing_name = ? ORDER BY name",
                rs -> new String[] {rs.getString(1), rs.getString(2)},
                thingName)) {
            attributes.put(row[0], row[1]);
        }
        return attributes;
    }

    private static RegistryException thingNotFound(String name) {
        return RegistryException.notFound("Thing " + name + " cannot be found.");
    }

    // ---- thing types ----

    @Override
    public ThingTypeRecord createThingType(CreateThingTypeRequest request) {
        if (request == null) {
            throw RegistryException.invalid("thingTypeName is required");
        }
        String name = thingName(request.thingTypeName(), "thingTypeName");
        if (request.description() != null && request.description().length() > 2028) {
            throw RegistryException.invalid("thingTypeDescription is longer than 2028 characters");
        }
        for (String attribute : request.searchableAttributes()) {
            if (attribute == null || !ATTRIBUTE_NAME.matcher(attribute).matches()) {
                throw RegistryException.invalid(
                        "searchable attribute names must match [a-zA-Z0-9_.,@/:#-]{1,128}, got: " + attribute);
            }
        }
        validateTags(request.tags());
        return write((sql, changes) -> {
            Optional<ThingTypeRecord> existing = findThingType(sql, name);
            if (existing.isPresent()) {
                ThingTypeRecord type = existing.get();
                if (Objects.equals(type.description(), request.description())
                        && type.searchableAttributes().equals(request.searchableAttributes())) {
                    return type;
                }
                throw new RegistryException(
                        ErrorType.RESOURCE_ALREADY_EXISTS,
                        "Thing type " + name + " already exists with different properties",
                        type.thingTypeId(),
                        type.thingTypeArn());
            }
            sql.update(
                    "INSERT INTO thing_types (name, seq, id, description, searchable_attributes, deprecated,"
                            + " deprecation_date, created_at) VALUES (?, ?, ?, ?, ?, 0, NULL, ?)",
                    name,
                    sql.nextSeq("thing_types"),
                    UUID.randomUUID().toString(),
                    request.description(),
                    String.join("\n", request.searchableAttributes()),
                    now());
            insertTags(sql, account.thingTypeArn(name), request.tags());
            return findThingType(sql, name).orElseThrow();
        });
    }

    @Override
    public ThingTypeRecord describeThingType(String thingTypeName) {
        String name = thingName(thingTypeName, "thingTypeName");
        return read(sql -> findThingType(sql, name)).orElseThrow(() -> thingTypeNotFound(name));
    }

    @Override
    public Page<ThingTypeRecord> listThingTypes(String thingTypeName, PageRequest page) {
        Paging paging = Paging.token(page);
        return read(sql -> paging.page(sql.list(
                "SELECT * FROM thing_types WHERE " + paging.condition("seq")
                        + (thingTypeName == null ? "" : " AND name = ?") + paging.orderAndLimit("seq"),
                rs -> new Paging.Keyed<>(rs.getLong("seq"), thingTypeRecord(rs)),
                thingTypeName == null
                        ? new Object[] {paging.after(), paging.limit()}
                        : new Object[] {paging.after(), thingTypeName, paging.limit()})));
    }

    @Override
    public void deprecateThingType(String thingTypeName, boolean undoDeprecate) {
        String name = thingName(thingTypeName, "thingTypeName");
        write((sql, changes) -> {
            findThingType(sql, name).orElseThrow(() -> thingTypeNotFound(name));
            sql.update(
                    "UPDATE thing_types SET deprecated = ?, deprecation_date = ? WHERE name = ?",
                    !undoDeprecate,
                    undoDeprecate ? null : now(),
                    name);
            return null;
        });
    }

    /**
     * AWS requires the type to be deprecated first (and, on AWS, five minutes to pass; not enforced here) and no
     * thing to have it: both InvalidRequestException.
     */
    @Override
    public void deleteThingType(String thingTypeName) {
        String name = thingName(thingTypeName, "thingTypeName");
        write((sql, changes) -> {
            ThingTypeRecord type = findThingType(sql, name).orElseThrow(() -> thingTypeNotFound(name));
            if (!type.deprecated()) {
                throw RegistryException.invalid(
                        "Thing type " + name + " must be deprecated (DeprecateThingType) before it can be deleted");
            }
            if (sql.count("SELECT COUNT(*) FROM things WHERE type_name = ?", name) > 0) {
                throw RegistryException.invalid(
                        "Can not delete thing type " + name + " as it is still associated with one or more things");
            }
            sql.update("DELETE FROM thing_types WHERE name = ?", name);
            sql.update("DELETE FROM tags WHERE resource_arn = ?", type.thingTypeArn());
            return null;
        });
    }

    private Optional<ThingTypeRecord> findThingType(Sql sql, String name) throws SQLException {
        return sql.one("SELECT * FROM thing_types WHERE name = ?", this::thingTypeRecord, name);
    }

    private ThingTypeRecord thingTypeRecord(ResultSet rs) throws SQLException {
        String name = rs.getString("name");
        String searchable = rs.getString("searchable_attributes");
        return new ThingTypeRecord(
                name,
                rs.getString("id"),
                account.thingTypeArn(name),
                rs.getString("description"),
                searchable == null || searchable.isEmpty() ? List.of() : List.of(searchable.split("\n")),
                Sql.bool(rs, "deprecated"),
                Sql.instant(rs, "deprecation_date"),
                Sql.instant(rs, "created_at"));
    }

    private static RegistryException thingTypeNotFound(String name) {
        return RegistryException.notFound("Thing type " + name + " cannot be found.");
    }

    // ---- principals ----

    /**
     * EXCLUSIVE_THING: the certificate may be attached to this thing only. Attaching it exclusively while it is
     * attached to another thing, or attaching it to another thing while it has an exclusive attachment, is an
     * InvalidRequestException (AWS's type is not documented; the operation models no conflict error). Attaching it
     * again to the same thing succeeds and takes the new type.
     */
    @Override
    public void attachThingPrincipal(String thingName, String principal, ThingPrincipalType type) {
        String name = thingName(thingName, "thingName");
        ThingPrincipalType attachment = type == null ? ThingPrincipalType.NON_EXCLUSIVE_THING : type;
        write((sql, changes) -> {
            findThing(sql, name).orElseThrow(() -> thingNotFound(name));
            String certId = existingCertificate(sql, principal, "principal");
            List<String[]> current = sql.list(
                    "SELECT thing_name, type FROM thing_principals WHERE cert_id = ?",
                    rs -> new String[] {rs.getString(1), rs.getString(2)},
                    certId);
            Optional<String[]> same =
                    current.stream().filter(row -> row[0].equals(name)).findFirst();
            for (String[] row : current) {
                if (row[0].equals(name)) {
                    continue;
                }
                if (attachment == ThingPrincipalType.EXCLUSIVE_THING) {
                    throw RegistryException.invalid("The principal " + principal + " is attached to thing " + row[0]
                            + "; it cannot be attached exclusively to " + name);
                }
                if (ThingPrincipalType.EXCLUSIVE_THING.name().equals(row[1])) {
                    throw RegistryException.invalid("The principal " + principal + " is attached exclusively to thing "
                            + row[0] + "; it cannot be attached to " + name);
                }
            }
            if (same.isPresent()) {
                if (same.get()[1].equals(attachment.name())) {
                    return null;
                }
                sql.update(
                        "UPDATE thing_principals SET type = ? WHERE thing_name = ? AND cert_id = ?",
                        attachment,
                        name,
                        certId);
            } else {
                sql.update(
                        "INSERT INTO thing_principals (thing_name, cert_id, type, seq) VALUES (?, ?, ?, ?)",
                        name,
                        certId,
                        attachment,
                        sql.nextSeq("thing_principals"));
            }
            changes.certificates.add(certId);
            changes.things.add(name);
            changes.event(new RegistryEvent.AttachmentChanged(account.certificateArn(certId)));
            return null;
        });
    }

    /** Detaching a principal that is not attached succeeds and changes nothing. */
    @Override
    public void detachThingPrincipal(String thingName, String principal) {
        String name = thingName(thingName, "thingName");
        write((sql, changes) -> {
            findThing(sql, name).orElseThrow(() -> thingNotFound(name));
            String certId = existingCertificate(sql, principal, "principal");
            if (sql.update("DELETE FROM thing_principals WHERE thing_name = ? AND cert_id = ?", name, certId) > 0) {
                changes.certificates.add(certId);
                changes.things.add(name);
                changes.event(new RegistryEvent.AttachmentChanged(account.certificateArn(certId)));
            }
            return null;
        });
    }

    @Override
    public Page<String> listThingPrincipals(String thingName, PageRequest page) {
        String name = thingName(thingName, "thingName");
        Paging paging = Paging.token(page);
        return read(sql -> {
            findThing(sql, name).orElseThrow(() -> thingNotFound(name));
            return paging.page(sql.list(
                    "SELECT cert_id, seq FROM thing_principals WHERE thing_name = ? AND " + paging.condition("seq")
                            + paging.orderAndLimit("seq"),
                    rs -> new Paging.Keyed<>(rs.getLong("seq"), account.certificateArn(rs.getString("cert_id"))),
                    name,
                    paging.after(),
                    paging.limit()));
        });
    }

    @Override
    public Page<String> listPrincipalThings(String principal, PageRequest page) {
        Paging paging = Paging.token(page);
        return read(sql -> {
            String certId = existingCertificate(sql, principal, "principal");
            return paging.page(sql.list(
                    "SELECT thing_name, seq FROM thing_principals WHERE cert_id = ? AND " + paging.condition("seq")
                            + paging.orderAndLimit("seq"),
                    rs -> new Paging.Keyed<>(rs.getLong("seq"), rs.getString("thing_name")),
                    certId,
                    paging.after(),
                    paging.limit()));
        });
    }

    // ---- authorization ----

    /**
     * Evaluates each AuthInfo with the principal's attached policies, plus {@code policyNamesToAdd} (which must
     * exist), minus {@code policyNamesToSkip}. The context is the one the broker builds on connect: the client ID, the
     * certificate's subject and issuer fields and serial number, and the thing named by the client ID when it is
     * attached to the principal. An AuthInfo is ALLOWED only if every resource is allowed, EXPLICIT_DENY if any
     * resource is explicitly denied, IMPLICIT_DENY otherwise.
     */
    @Override
    public List<AuthorizationResult> testAuthorization(AuthorizationTest test) {
        if (test == null) {
            throw RegistryException.invalid("authInfos is required");
        }
        if (test.authInfos().isEmpty() || test.authInfos().size() > MAX_AUTH_INFOS) {
            throw RegistryException.invalid("authInfos must have 1 to " + MAX_AUTH_INFOS + " items, got "
                    + test.authInfos().size());
        }
        for (AuthorizationTest.AuthInfo info : test.authInfos()) {
            if (info == null || info.actionType() == null || !ACTIONS.containsKey(info.actionType())) {
                throw RegistryException.invalid("authInfos actionType must be one of PUBLISH, SUBSCRIBE, RECEIVE,"
                        + " CONNECT, got: " + (info == null ? null : info.actionType()));
            }
            if (info.resources().isEmpty()) {
                throw RegistryException.invalid("authInfos resources must not be empty");
            }
            for (String resource : info.resources()) {
                if (resource == null || resource.length() > 2048) {
                    throw RegistryException.invalid("authInfos resources must be ARNs of at most 2048 characters");
                }
            }
        }
        test.policyNamesToAdd().forEach(JdbcRegistry::policyName);
        test.policyNamesToSkip().forEach(JdbcRegistry::policyName);
        record Subject(List<PolicyRef> policies, AuthorizationContext context) {}
        Subject subject = read(sql -> {
            String certId = existingCertificate(sql, test.principal(), "principal");
            LinkedHashMap<String, PolicyRef> policies = new LinkedHashMap<>();
            for (PolicyRecord policy : attachedPolicies(sql, certId)) {
                policies.put(policy.policyName(), policyRef(policy));
            }
            for (String name : test.policyNamesToAdd()) {
                PolicyRecord policy = findPolicy(sql, name).orElseThrow(() -> policyNotFound(name));
                policies.putIfAbsent(name, policyRef(policy));
            }
            test.policyNamesToSkip().forEach(policies::remove);
            X509Certificate certificate = Pem.readCertificate(
                    findCertificate(sql, certId).orElseThrow().certificatePem());
            AuthorizationContext.Builder context = AuthorizationContext.builder()
                    .clientId(test.clientId())
                    .certificateSubject(CertificateFields.subject(certificate))
                    .certificateIssuer(CertificateFields.issuer(certificate))
                    .certificateSerialNumber(certificate.getSerialNumber().toString());
            boolean attached = test.clientId() != null
                    && sql.count(
                                    "SELECT COUNT(*) FROM thing_principals WHERE thing_name = ? AND cert_id = ?",
                                    test.clientId(),
                                    certId)
                            > 0;
            if (attached) {
                ThingRecord thing = findThing(sql, test.clientId()).orElseThrow();
                context.thing(thing.thingName(), thing.thingTypeName(), thing.attributes());
            } else {
                context.thingAttached(false);
            }
            return new Subject(List.copyOf(policies.values()), context.build());
        });
        List<AuthorizationResult> results = new ArrayList<>();
        for (AuthorizationTest.AuthInfo info : test.authInfos()) {
            String action = ACTIONS.get(info.actionType());
            List<Decision> decisions = new ArrayList<>();
            for (String resource : info.resources()) {
                decisions.add(PolicyEvaluator.evaluate(
                        subject.policies(), new AuthorizationRequest(action, resource), subject.context()));
            }
            results.add(new AuthorizationResult(info, combine(decisions)));
        }
        return results;
    }

    /** One decision for several resources: any explicit deny wins, then any implicit deny, else allowed. */
    private static Decision combine(List<Decision> decisions) {
        if (decisions.size() == 1) {
            return decisions.get(0);
        }
        Decision deciding = decisions.stream()
                .filter(d -> d.outcome() == Decision.Outcome.EXPLICIT_DENY)
                .findFirst()
                .or(() -> decisions.stream()
                        .filter(d -> d.outcome() == Decision.Outcome.IMPLICIT_DENY)
                        .findFirst())
                .orElse(decisions.get(0));
        Map<String, PolicyRef> allowed = new LinkedHashMap<>();
        Map<String, PolicyRef> explicit = new LinkedHashMap<>();
        Map<String, PolicyRef> implicit = new LinkedHashMap<>();
        Set<String> missing = new LinkedHashSet<>();
        for (Decision decision : decisions) {
            decision.allowedBy().forEach(p -> allowed.putIfAbsent(p.name(), p));
            decision.explicitlyDeniedBy().forEach(p -> explicit.putIfAbsent(p.name(), p));
            decision.implicitlyDeniedBy().forEach(p -> implicit.putIfAbsent(p.name(), p));
            missing.addAll(decision.missingContextValues());
        }
        return new Decision(
                deciding.outcome(),
                List.copyOf(allowed.values()),
                List.copyOf(explicit.values()),
                List.copyOf(implicit.values()),
                deciding.reason(),
                missing,
                deciding.decidingStatement());
    }

    /** The policies attached to the certificate principal; a given {@code thingName} must exist (no groups yet). */
    @Override
    public List<PolicyRecord> getEffectivePolicies(String principal, String thingName) {
        String name = thingName == null ? null : thingName(thingName, "thingName");
        return read(sql -> {
            String certId = existingCertificate(sql, principal, "principal");
            if (name != null && findThing(sql, name).isEmpty()) {
                throw thingNotFound(name);
            }
            return attachedPolicies(sql, certId);
        });
    }

    private List<PolicyRecord> attachedPolicies(Sql sql, String certId) throws SQLException {
        return sql.list(
                "SELECT " + POLICY_COLUMNS + POLICY_FROM
                        + " JOIN policy_attachments a ON a.policy_name = p.name WHERE a.cert_id = ? ORDER BY a.seq",
                this::policyRecord,
                certId);
    }

    private static PolicyRef policyRef(PolicyRecord policy) {
        return new PolicyRef(policy.policyName(), policy.policyArn(), PolicyDocument.parse(policy.policyDocument()));
    }

    // ---- tags ----

    private static void validateTags(List<Tag> tags) {
        if (tags == null) {
            return;
        }
        if (tags.size() > MAX_TAGS) {
            throw RegistryException.invalid("at most " + MAX_TAGS + " tags can be given");
        }
        Set<String> keys = new HashSet<>();
        for (Tag tag : tags) {
            if (tag == null || tag.key() == null || !TAG_KEY.matcher(tag.key()).matches()) {
                throw RegistryException.invalid("tag keys must be 1 to 128 letters, digits, spaces or _.:/=+-@");
            }
            if (tag.value() != null && tag.value().length() > 256) {
                throw RegistryException.invalid("tag values must be at most 256 characters (key " + tag.key() + ")");
            }
            if (!keys.add(tag.key())) {
                throw RegistryException.invalid("tag key " + tag.key() + " is given twice");
            }
        }
    }

    private static void insertTags(Sql sql, String arn, List<Tag> tags) throws SQLException {
        if (tags == null) {
            return;
        }
        for (Tag tag : tags) {
            sql.update(
                    "INSERT INTO tags (resource_arn, tag_key, tag_value) VALUES (?, ?, ?)",
                    arn,
                    tag.key(),
                    tag.value() == null ? "" : tag.value());
        }
    }

    // ---- lifecycle ----

    @Override
    public void addListener(Consumer<RegistryEvent> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Deletes every row (the registration code too: the account starts over); the schema stays. */
    @Override
    public void reset() {
        write((sql, changes) -> {
            for (String table : List.of(
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
                    "account_settings")) {
                sql.update("DELETE FROM " + table);
            }
            changes.reset = true;
            changes.event(new RegistryEvent.Reset());
            return null;
        });
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        ReentrantLock lock = database.writeLock();
        lock.lock();
        try {
            closed = true;
            database.close();
        } finally {
            lock.unlock();
        }
    }

    // ---- directory ----

    private void loadDirectory() {
        database.read(sql -> {
            Map<String, List<String>> thingsByCert = new HashMap<>();
            for (String[] row : sql.list("SELECT cert_id, thing_name FROM thing_principals ORDER BY seq", rs ->
                    new String[] {rs.getString(1), rs.getString(2)})) {
                thingsByCert.computeIfAbsent(row[0], k -> new ArrayList<>()).add(row[1]);
            }
            Map<String, List<String>> policiesByCert = new HashMap<>();
            for (String[] row : sql.list("SELECT cert_id, policy_name FROM policy_attachments ORDER BY seq", rs ->
                    new String[] {rs.getString(1), rs.getString(2)})) {
                policiesByCert.computeIfAbsent(row[0], k -> new ArrayList<>()).add(row[1]);
            }
            for (CertificateRecord certificate :
                    sql.list("SELECT " + CERT_COLUMNS + " FROM certificates", this::certificateRecord)) {
                String id = certificate.certificateId();
                directory.putCertificate(entry(
                        certificate,
                        thingsByCert.getOrDefault(id, List.of()),
                        policiesByCert.getOrDefault(id, List.of())));
            }
            for (CaCertificateRecord ca : sql.list("SELECT " + CA_COLUMNS + " FROM ca_certificates", this::caRecord)) {
                directory.putCa(caSnapshot(ca));
            }
            for (String name : sql.list("SELECT name FROM things", rs -> rs.getString(1))) {
                refreshThing(sql, name);
            }
            for (PolicyRecord policy : sql.list("SELECT " + POLICY_COLUMNS + POLICY_FROM, this::policyRecord)) {
                putPolicy(policy);
            }
            return null;
        });
    }

    private void refresh(Sql sql, Changes changes) throws SQLException {
        for (String name : changes.policies) {
            Optional<PolicyRecord> policy = findPolicy(sql, name);
            if (policy.isPresent()) {
                putPolicy(policy.get());
            } else {
                directory.removePolicy(name);
            }
        }
        for (String id : changes.cas) {
            Optional<CaCertificateRecord> ca = findCa(sql, id);
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
            Optional<CertificateRecord> certificate = findCertificate(sql, id);
            if (certificate.isEmpty()) {
                directory.removeCertificate(id);
                continue;
            }
            List<String> things = sql.list(
                    "SELECT thing_name FROM thing_principals WHERE cert_id = ? ORDER BY seq",
                    rs -> rs.getString(1),
                    id);
            List<String> policies = sql.list(
                    "SELECT policy_name FROM policy_attachments WHERE cert_id = ? ORDER BY seq",
                    rs -> rs.getString(1),
                    id);
            directory.putCertificate(entry(certificate.get(), things, policies));
        }
    }

    private void refreshThing(Sql sql, String name) throws SQLException {
        Optional<ThingRecord> thing = findThing(sql, name);
        if (thing.isPresent()) {
            ThingRecord t = thing.get();
            directory.putThing(new ThingSnapshot(t.thingName(), t.thingTypeName(), t.attributes(), t.version()));
        } else {
            directory.removeThing(name);
        }
    }

    private void putPolicy(PolicyRecord policy) {
        try {
            directory.putPolicy(policyRef(policy));
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
