package io.thingcore.registry.jdbc;

import io.thingcore.pki.CertificateChecks;
import io.thingcore.pki.CertificateIds;
import io.thingcore.pki.Pem;
import io.thingcore.registry.Account;
import io.thingcore.registry.AutoRegistrationStatus;
import io.thingcore.registry.CaCertificateRecord;
import io.thingcore.registry.CaCertificateStatus;
import io.thingcore.registry.CaCertificateStore;
import io.thingcore.registry.CertificateMode;
import io.thingcore.registry.ErrorType;
import io.thingcore.registry.Page;
import io.thingcore.registry.PageRequest;
import io.thingcore.registry.RegisterCaCertificateRequest;
import io.thingcore.registry.RegistrationConfig;
import io.thingcore.registry.RegistryEvent;
import io.thingcore.registry.RegistryException;
import io.thingcore.registry.UpdateCaCertificateRequest;
import io.thingcore.storage.Sql;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.security.auth.x500.X500Principal;
import org.jspecify.annotations.Nullable;

/** CA certificates (register, describe, list, update, delete) and the account's registration code that proves them. */
final class CaCertificates implements CaCertificateStore {
    static final int MAX_CAS_PER_SUBJECT = 10;

    static final String COLUMNS = "id, seq, pem, subject, status, auto_registration, mode, created_at,"
            + " modified_at, customer_version, generation_id, not_before, not_after, template_body, role_arn,"
            + " template_name";

    private static final Pattern TEMPLATE_NAME = Pattern.compile("[0-9A-Za-z_-]{1,36}");

    private final Transactions transactions;
    private final Account account;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    CaCertificates(Transactions transactions, Account account, Clock clock) {
        this.transactions = transactions;
        this.account = account;
        this.clock = clock;
    }

    // ---- registration code ----

    @Override
    public String getRegistrationCode() {
        return transactions.write((sql, changes) -> Objects.requireNonNull(registrationCode(sql, true)));
    }

    @Override
    public void deleteRegistrationCode() {
        transactions.write(
                (sql, changes) -> sql.update("DELETE FROM account_settings WHERE {ns} AND name = 'registration_code'"));
    }

    private @Nullable String registrationCode(ScopedSql sql, boolean create) throws SQLException {
        Optional<String> code = sql.one(
                "SELECT value FROM account_settings WHERE {ns} AND name = 'registration_code'", rs -> rs.getString(1));
        if (code.isPresent() || !create) {
            return code.orElse(null);
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        // Two first calls at once: the one whose row lands first wins, and both answer its code.
        sql.update(
                "INSERT INTO account_settings (account_id, region, name, value) VALUES ({nsv}, 'registration_code', ?)"
                        + " ON CONFLICT DO NOTHING",
                HexFormat.of().formatHex(bytes));
        return registrationCode(sql, false);
    }

    // ---- CA certificates ----

    @Override
    public CaCertificateRecord registerCaCertificate(RegisterCaCertificateRequest request) {
        if (request == null) {
            throw RegistryException.invalid("caCertificate is required");
        }
        X509Certificate ca = Inputs.readCertificate(request.caCertificatePem(), "caCertificate");
        if (!CertificateChecks.isCertificateAuthority(ca)) {
            throw Inputs.certificateInvalid(
                    "The CA certificate does not have the basicConstraints extension as true (CA:TRUE).");
        }
        Instant now = Stamps.now(clock);
        if (!CertificateChecks.isValidAt(ca, now)) {
            throw Inputs.certificateInvalid("The CA certificate is expired or not yet valid (valid from "
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
            if (verificationPem == null || !hasVerification) {
                throw RegistryException.invalid("verificationCertificate is required when certificateMode is "
                        + "DEFAULT: a certificate signed by the CA whose CN is the registration code");
            }
            verification = Inputs.readCertificate(verificationPem, "verificationCertificate");
        }
        validate(request.registrationConfig());
        Tags.validate(request.tags());
        String id = CertificateIds.of(ca);
        String arn = account.caCertificateArn(id);
        String subject = ca.getSubjectX500Principal().getName(X500Principal.CANONICAL);
        X509Certificate verificationCertificate = verification;
        return transactions.write((sql, changes) -> {
            if (verificationCertificate != null) {
                requireProofOfPossession(sql, verificationCertificate, ca);
            }
            if (sql.count("SELECT COUNT(*) FROM ca_certificates WHERE {ns} AND id = ?", id) > 0) {
                throw new RegistryException(
                        ErrorType.RESOURCE_ALREADY_EXISTS,
                        "The certificate is already provisioned or registered",
                        id,
                        arn);
            }
            if (sql.count("SELECT COUNT(*) FROM ca_certificates WHERE {ns} AND subject = ?", subject)
                    >= MAX_CAS_PER_SUBJECT) {
                throw new RegistryException(
                        ErrorType.LIMIT_EXCEEDED,
                        "At most " + MAX_CAS_PER_SUBJECT + " CA certificates with the same subject field can be"
                                + " registered in an account (subject: "
                                + ca.getSubjectX500Principal().getName()
                                + ")");
            }
            RegistrationConfig config = request.registrationConfig();
            int inserted = sql.update(
                    "INSERT INTO ca_certificates (account_id, region, " + COLUMNS
                            + ") VALUES ({nsv}, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
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
                    Stamps.generationId(),
                    ca.getNotBefore().toInstant(),
                    ca.getNotAfter().toInstant(),
                    config == null ? null : config.templateBody(),
                    config == null ? null : config.roleArn(),
                    config == null ? null : config.templateName());
            if (inserted == 0) {
                // Registered by a concurrent request since the check above (its row's primary key).
                throw new RegistryException(
                        ErrorType.RESOURCE_ALREADY_EXISTS,
                        "The certificate is already provisioned or registered",
                        id,
                        arn);
            }
            Tags.insert(sql, arn, request.tags());
            changed(changes, id);
            return find(sql, id).orElseThrow();
        });
    }

    /** DEFAULT mode: the verification certificate is signed by the CA and its CN is this account's registration code. */
    private void requireProofOfPossession(ScopedSql sql, X509Certificate verification, X509Certificate ca)
            throws SQLException {
        String code = registrationCode(sql, false);
        String cn = CertificateFields.commonName(verification.getSubjectX500Principal());
        if (code == null || !code.equalsIgnoreCase(cn)) {
            throw new RegistryException(
                    ErrorType.REGISTRATION_CODE_VALIDATION,
                    "The verification certificate's common name (CN) is not the registration code of this"
                            + " account (see GetRegistrationCode).");
        }
        if (!CertificateChecks.isSignedBy(verification, ca)) {
            throw Inputs.certificateInvalid("The verification certificate is not signed by the CA certificate.");
        }
    }

    @Override
    public CaCertificateRecord describeCaCertificate(String caCertificateId) {
        String id = Inputs.certificateId(caCertificateId, "caCertificateId");
        return transactions.read(sql -> require(sql, id));
    }

    @Override
    public Page<CaCertificateRecord> listCaCertificates(PageRequest page, @Nullable String templateName) {
        Paging paging = Paging.marker(page);
        return transactions.read(sql -> paging.selectEqual(
                sql, COLUMNS + " FROM ca_certificates", "template_name", templateName, "seq", this::record));
    }

    @Override
    public void updateCaCertificate(UpdateCaCertificateRequest request) {
        if (request == null) {
            throw RegistryException.invalid("caCertificateId is required");
        }
        String id = Inputs.certificateId(request.certificateId(), "caCertificateId");
        if (request.registrationConfig() != null && request.removeAutoRegistration()) {
            throw RegistryException.invalid("registrationConfig and removeAutoRegistration cannot be used together");
        }
        validate(request.registrationConfig());
        transactions.write((sql, changes) -> {
            CaCertificateRecord ca = requireLocked(sql, id, sql.forUpdate());
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
                            + " generation_id = ? WHERE {ns} AND id = ?",
                    status,
                    auto,
                    config == null ? null : config.templateBody(),
                    config == null ? null : config.roleArn(),
                    config == null ? null : config.templateName(),
                    Stamps.now(clock),
                    Stamps.generationId(),
                    id);
            changed(changes, id);
            return null;
        });
    }

    /**
     * Only an INACTIVE CA can be deleted. Certificates registered under it stay registered (AWS does not document a
     * cascade or a refusal; keeping them mirrors "registered client certificates ... continue to work").
     */
    @Override
    public void deleteCaCertificate(String caCertificateId) {
        String id = Inputs.certificateId(caCertificateId, "caCertificateId");
        transactions.write((sql, changes) -> {
            CaCertificateRecord ca = requireLocked(sql, id, sql.forUpdate());
            if (ca.status() == CaCertificateStatus.ACTIVE) {
                throw new RegistryException(
                        ErrorType.CERTIFICATE_STATE,
                        "The CA certificate must be deactivated (not ACTIVE) before deletion. Id: " + id);
            }
            sql.update("DELETE FROM ca_certificates WHERE {ns} AND id = ?", id);
            Tags.delete(sql, ca.certificateArn());
            changed(changes, id);
            return null;
        });
    }

    private static void changed(Changes changes, String id) {
        changes.event(new RegistryEvent.CaCertificateChanged(id));
    }

    Optional<CaCertificateRecord> find(ScopedSql sql, String id) throws SQLException {
        return sql.one("SELECT " + COLUMNS + " FROM ca_certificates WHERE {ns} AND id = ?", this::record, id);
    }

    /**
     * The CA read with a row lock, {@code lock} being {@link ScopedSql#forShare()} (registering a certificate under
     * it) or {@link ScopedSql#forUpdate()} (changing it). Lock order: CA certificates, certificates, policies, thing
     * types, things (docs/adr/0007-storage-core-namespaces-and-change-feed.md).
     */
    Optional<CaCertificateRecord> findLocked(ScopedSql sql, String id, String lock) throws SQLException {
        return sql.one("SELECT " + COLUMNS + " FROM ca_certificates WHERE {ns} AND id = ?" + lock, this::record, id);
    }

    private CaCertificateRecord requireLocked(ScopedSql sql, String id, String lock) throws SQLException {
        return findLocked(sql, id, lock)
                .orElseThrow(() -> RegistryException.notFound("The CA certificate " + id + " does not exist"));
    }

    CaCertificateRecord require(ScopedSql sql, String id) throws SQLException {
        return find(sql, id)
                .orElseThrow(() -> RegistryException.notFound("The CA certificate " + id + " does not exist"));
    }

    /** The registered CAs whose subject is {@code subject} (canonical form), oldest first. */
    List<CaCertificateRecord> withSubject(ScopedSql sql, String subject) throws SQLException {
        return sql.list(
                "SELECT " + COLUMNS + " FROM ca_certificates WHERE {ns} AND subject = ? ORDER BY seq",
                this::record,
                subject);
    }

    List<CaCertificateRecord> all(ScopedSql sql) throws SQLException {
        return sql.list("SELECT " + COLUMNS + " FROM ca_certificates WHERE {ns}", this::record);
    }

    private CaCertificateRecord record(ResultSet rs) throws SQLException {
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
                Sql.requiredInstant(rs, "created_at"),
                Sql.requiredInstant(rs, "modified_at"),
                (int) rs.getLong("customer_version"),
                rs.getString("generation_id"),
                Sql.requiredInstant(rs, "not_before"),
                Sql.requiredInstant(rs, "not_after"),
                config);
    }

    private static void validate(@Nullable RegistrationConfig config) {
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
}
