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
import io.thingcore.registry.Account;
import io.thingcore.registry.AutoRegistrationStatus;
import io.thingcore.registry.CaCertificateRecord;
import io.thingcore.registry.CaCertificateStatus;
import io.thingcore.registry.CertificateMode;
import io.thingcore.registry.CertificateRecord;
import io.thingcore.registry.CertificateStatus;
import io.thingcore.registry.CertificateStore;
import io.thingcore.registry.CreatedCertificate;
import io.thingcore.registry.ErrorType;
import io.thingcore.registry.Page;
import io.thingcore.registry.PageRequest;
import io.thingcore.registry.RegistryEvent;
import io.thingcore.registry.RegistryException;
import io.thingcore.storage.Sql;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.security.auth.x500.X500Principal;
import org.jspecify.annotations.Nullable;

/**
 * Device certificates: registered (under a CA or without one), issued by the gateway's device CA, updated, deleted,
 * listed; and the certificate ARNs by which policies and things name their principals.
 */
final class Certificates implements CertificateStore {
    static final int MAX_CSR_LENGTH = 4096;
    /** AWS-issued certificates end at 2049-12-31T23:59:59Z (AWS IoT Developer Guide, "X.509 client certificates"). */
    static final Instant AWS_ISSUED_NOT_AFTER = Instant.parse("2049-12-31T23:59:59Z");

    static final String AWS_ISSUED_SUBJECT = "CN=AWS IoT Certificate";

    static final String COLUMNS = "id, seq, ca_id, pem, status, mode, created_at, modified_at,"
            + " customer_version, generation_id, not_before, not_after";

    private static final Pattern ANY_CERTIFICATE_ARN =
            Pattern.compile("arn:aws[a-z-]*:iot:[a-z0-9-]+:[0-9]{12}:cert/[a-fA-F0-9]{64}");

    private final Transactions transactions;
    private final Account account;
    private final Clock clock;
    private final CertificateAuthority deviceCa;
    private final CaCertificates cas;

    Certificates(
            Transactions transactions,
            Account account,
            Clock clock,
            CertificateAuthority deviceCa,
            CaCertificates cas) {
        this.transactions = transactions;
        this.account = account;
        this.clock = clock;
        this.deviceCa = deviceCa;
        this.cas = cas;
    }

    /**
     * Error choices: a CA that is registered but INACTIVE gives CertificateStateException (406, listed for this
     * operation; AWS: "The CA certificate must be active before you can register any client certificates"); an
     * unknown issuer, a {@code caCertificatePem} that is not registered, or a signature that does not verify give
     * CertificateValidationException. A certificate that is expired or not yet valid is refused the same way.
     */
    @Override
    public CertificateRecord registerCertificate(
            String certificatePem,
            @Nullable String caCertificatePem,
            @Nullable CertificateStatus status,
            boolean setAsActive) {
        CertificateStatus initial = initialStatus(status, setAsActive);
        X509Certificate certificate = Inputs.readCertificate(certificatePem, "certificatePem");
        Instant now = Stamps.now(clock);
        requireCurrentlyValid(certificate, now);
        X509Certificate givenCa = caCertificatePem == null || caCertificatePem.isBlank()
                ? null
                : Inputs.readCertificate(caCertificatePem, "caCertificatePem");
        String id = CertificateIds.of(certificate);
        return transactions.write((sql, changes) -> {
            CaCertificateRecord ca;
            X509Certificate caCertificate;
            if (givenCa != null) {
                String caId = CertificateIds.of(givenCa);
                ca = cas.find(sql, caId)
                        .orElseThrow(() -> Inputs.certificateInvalid(
                                "The CA certificate given in caCertificatePem is not registered in this account (id: "
                                        + caId + ")."));
                caCertificate = givenCa;
            } else {
                ca = issuerOf(sql, certificate);
                caCertificate = Pem.readCertificate(ca.certificatePem());
            }
            // Read again under a shared row lock: no UpdateCACertificate or DeleteCACertificate until the commit.
            String caId = ca.certificateId();
            ca = cas.findLocked(sql, caId, sql.forShare())
                    .orElseThrow(() -> Inputs.certificateInvalid(
                            "The CA certificate " + caId + " is not registered in this account."));
            if (!CertificateChecks.isSignedBy(certificate, caCertificate)) {
                throw Inputs.certificateInvalid(
                        "The certificate is not signed by the CA certificate " + ca.certificateId() + ".");
            }
            if (ca.status() != CaCertificateStatus.ACTIVE) {
                throw new RegistryException(
                        ErrorType.CERTIFICATE_STATE,
                        "The CA certificate " + ca.certificateId() + " is not ACTIVE; a CA must be active before"
                                + " certificates it signed can be registered.");
            }
            return insert(sql, changes, id, ca.certificateId(), certificate, initial, ca.certificateMode(), now);
        });
    }

    /**
     * Just-in-time registration (AWS IoT Developer Guide, auto-register-device-cert): a certificate a device presented
     * at connect time is registered PENDING_ACTIVATION under the CA, if that CA is registered, ACTIVE, has
     * auto-registration ENABLE and really signed it; anything else is refused with the same errors as
     * RegisterCertificate, so a stale broker snapshot can never register a certificate. Registering a certificate that
     * is already registered returns it unchanged: AWS republishes the event on every connect attempt of a
     * PENDING_ACTIVATION certificate.
     */
    @Override
    public CertificateRecord registerPendingActivation(String certificatePem, String caCertificateId) {
        X509Certificate certificate = Inputs.readCertificate(certificatePem, "certificatePem");
        Instant now = Stamps.now(clock);
        requireCurrentlyValid(certificate, now);
        String id = CertificateIds.of(certificate);
        return transactions.write((sql, changes) -> {
            Optional<CertificateRecord> existing = find(sql, id);
            if (existing.isPresent()) {
                return existing.get();
            }
            CaCertificateRecord ca = cas.findLocked(sql, caCertificateId, sql.forShare())
                    .orElseThrow(() -> Inputs.certificateInvalid(
                            "The CA certificate " + caCertificateId + " is not registered in this account."));
            if (!CertificateChecks.isSignedBy(certificate, Pem.readCertificate(ca.certificatePem()))) {
                throw Inputs.certificateInvalid(
                        "The certificate is not signed by the CA certificate " + ca.certificateId() + ".");
            }
            if (ca.status() != CaCertificateStatus.ACTIVE
                    || ca.autoRegistrationStatus() != AutoRegistrationStatus.ENABLE) {
                throw new RegistryException(
                        ErrorType.CERTIFICATE_STATE,
                        "The CA certificate " + ca.certificateId()
                                + " must be ACTIVE with auto-registration ENABLE to register certificates on connect.");
            }
            return insert(
                    sql,
                    changes,
                    id,
                    ca.certificateId(),
                    certificate,
                    CertificateStatus.PENDING_ACTIVATION,
                    ca.certificateMode(),
                    now);
        });
    }

    /** The one registered CA whose subject is the certificate's issuer (a signature check follows). */
    private CaCertificateRecord issuerOf(ScopedSql sql, X509Certificate certificate) throws SQLException {
        String issuer = certificate.getIssuerX500Principal().getName(X500Principal.CANONICAL);
        List<CaCertificateRecord> candidates = cas.withSubject(sql, issuer);
        if (candidates.isEmpty()) {
            throw Inputs.certificateInvalid("The certificate is not signed by a CA certificate registered in this"
                    + " account (issuer: "
                    + certificate.getIssuerX500Principal().getName() + ").");
        }
        if (candidates.size() > 1) {
            throw new RegistryException(
                    ErrorType.CERTIFICATE_CONFLICT,
                    "There is more than one registered CA certificate with the subject field of this"
                            + " certificate's issuer; give the signing CA in caCertificatePem.");
        }
        return candidates.get(0);
    }

    @Override
    public CertificateRecord registerCertificateWithoutCa(String certificatePem, @Nullable CertificateStatus status) {
        CertificateStatus initial = initialStatus(status, false);
        X509Certificate certificate = Inputs.readCertificate(certificatePem, "certificatePem");
        Instant now = Stamps.now(clock);
        requireCurrentlyValid(certificate, now);
        String id = CertificateIds.of(certificate);
        return transactions.write(
                (sql, changes) -> insert(sql, changes, id, null, certificate, initial, CertificateMode.SNI_ONLY, now));
    }

    /**
     * A 2048-bit RSA key pair, as AWS makes; the certificate (subject {@code CN=AWS IoT Certificate}, client profile,
     * valid until 2049-12-31T23:59:59Z) is signed by the gateway's device CA. The private key is returned as PKCS#1
     * ({@code BEGIN RSA PRIVATE KEY}), the form AWS returns. The certificate has no {@code caCertificateId} and mode
     * DEFAULT, like AWS-issued certificates.
     */
    @Override
    public CreatedCertificate createKeysAndCertificate(boolean setAsActive) {
        transactions.ensureOpen();
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
        transactions.ensureOpen();
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

    private CertificateRecord issue(PublicKey key, boolean setAsActive) {
        Instant now = Stamps.now(clock);
        X509Certificate certificate = deviceCa.issue(
                new LeafRequest(key, AWS_ISSUED_SUBJECT, now, AWS_ISSUED_NOT_AFTER, LeafProfile.CLIENT, List.of()));
        String id = CertificateIds.of(certificate);
        CertificateStatus status = setAsActive ? CertificateStatus.ACTIVE : CertificateStatus.INACTIVE;
        return transactions.write(
                (sql, changes) -> insert(sql, changes, id, null, certificate, status, CertificateMode.DEFAULT, now));
    }

    @Override
    public CertificateRecord describeCertificate(String certificateId) {
        String id = Inputs.certificateId(certificateId, "certificateId");
        return transactions.read(sql -> require(sql, id));
    }

    @Override
    public Page<CertificateRecord> listCertificates(PageRequest page) {
        Paging paging = Paging.marker(page);
        return transactions.read(sql -> paging.select(sql, COLUMNS + " FROM certificates", "", "seq", this::record));
    }

    /** An unknown CA gives an empty list (the operation models no ResourceNotFoundException). */
    @Override
    public Page<CertificateRecord> listCertificatesByCa(String caCertificateId, PageRequest page) {
        String caId = Inputs.certificateId(caCertificateId, "caCertificateId");
        Paging paging = Paging.marker(page);
        return transactions.read(
                sql -> paging.select(sql, COLUMNS + " FROM certificates", "ca_id = ?", "seq", this::record, caId));
    }

    /**
     * Error choices (AWS unverified): a status that is not client-settable (PENDING_TRANSFER, PENDING_ACTIVATION,
     * the deprecated REGISTER_INACTIVE) is an InvalidRequestException; leaving REVOKED or PENDING_TRANSFER is a
     * CertificateStateException. Setting the current status again succeeds and changes nothing.
     */
    @Override
    public void updateCertificate(String certificateId, CertificateStatus newStatus) {
        String id = Inputs.certificateId(certificateId, "certificateId");
        if (newStatus == null) {
            throw RegistryException.invalid("newStatus is required");
        }
        if (newStatus != CertificateStatus.ACTIVE
                && newStatus != CertificateStatus.INACTIVE
                && newStatus != CertificateStatus.REVOKED) {
            throw RegistryException.invalid(
                    "newStatus " + newStatus + " cannot be set; use ACTIVE, INACTIVE or REVOKED");
        }
        transactions.write((sql, changes) -> {
            CertificateRecord certificate = requireLocked(sql, id);
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
                            + " generation_id = ? WHERE {ns} AND id = ?",
                    newStatus,
                    Stamps.now(clock),
                    Stamps.generationId(),
                    id);
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
        String id = Inputs.certificateId(certificateId, "certificateId");
        transactions.write((sql, changes) -> {
            CertificateRecord certificate = requireLocked(sql, id);
            if (certificate.status() == CertificateStatus.ACTIVE) {
                throw new RegistryException(
                        ErrorType.CERTIFICATE_STATE,
                        "Certificate must be deactivated (not ACTIVE) before deletion. Id: " + id);
            }
            long policies = sql.count("SELECT COUNT(*) FROM policy_attachments WHERE {ns} AND cert_id = ?", id);
            if (policies > 0 && !forceDelete) {
                throw new RegistryException(
                        ErrorType.DELETE_CONFLICT,
                        "Certificate policies must be detached before deletion (arn: " + certificate.certificateArn()
                                + ")");
            }
            if (sql.count("SELECT COUNT(*) FROM thing_principals WHERE {ns} AND cert_id = ?", id) > 0) {
                throw new RegistryException(
                        ErrorType.DELETE_CONFLICT,
                        "Things must be detached before deletion (arn: " + certificate.certificateArn() + ")");
            }
            sql.update("DELETE FROM policy_attachments WHERE {ns} AND cert_id = ?", id);
            sql.update("DELETE FROM certificates WHERE {ns} AND id = ?", id);
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
    private static CertificateStatus initialStatus(@Nullable CertificateStatus status, boolean setAsActive) {
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
            throw Inputs.certificateInvalid("The certificate is expired or not yet valid (valid from "
                    + certificate.getNotBefore().toInstant() + " to "
                    + certificate.getNotAfter().toInstant() + ").");
        }
    }

    /** Inserts a certificate that must not be registered yet (ResourceAlreadyExistsException) and reads it back. */
    private CertificateRecord insert(
            ScopedSql sql,
            Changes changes,
            String id,
            @Nullable String caId,
            X509Certificate certificate,
            CertificateStatus status,
            CertificateMode mode,
            Instant now)
            throws SQLException {
        if (exists(sql, id)) {
            throw new RegistryException(
                    ErrorType.RESOURCE_ALREADY_EXISTS,
                    "The certificate is already provisioned or registered",
                    id,
                    account.certificateArn(id));
        }
        int inserted = sql.update(
                "INSERT INTO certificates (account_id, region, " + COLUMNS
                        + ") VALUES ({nsv}, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                id,
                sql.nextSeq("certificates"),
                caId,
                Pem.write(certificate),
                status,
                mode,
                now,
                now,
                1L,
                Stamps.generationId(),
                certificate.getNotBefore().toInstant(),
                certificate.getNotAfter().toInstant());
        if (inserted == 0) {
            // Registered by a concurrent request since the check above (its row's primary key).
            throw new RegistryException(
                    ErrorType.RESOURCE_ALREADY_EXISTS,
                    "The certificate is already provisioned or registered",
                    id,
                    account.certificateArn(id));
        }
        changes.event(new RegistryEvent.CertificateChanged(id, status));
        return find(sql, id).orElseThrow();
    }

    private static boolean exists(ScopedSql sql, String id) throws SQLException {
        return sql.count("SELECT COUNT(*) FROM certificates WHERE {ns} AND id = ?", id) > 0;
    }

    Optional<CertificateRecord> find(ScopedSql sql, String id) throws SQLException {
        return sql.one("SELECT " + COLUMNS + " FROM certificates WHERE {ns} AND id = ?", this::record, id);
    }

    /**
     * The certificate read with a row lock for update: every operation that changes a certificate or its attachments
     * holds it, so attachment checks and limits see no concurrent change. Lock order: see
     * {@link CaCertificates#findLocked}.
     */
    CertificateRecord requireLocked(ScopedSql sql, String id) throws SQLException {
        return sql.one(
                        "SELECT " + COLUMNS + " FROM certificates WHERE {ns} AND id = ?" + sql.forUpdate(),
                        this::record,
                        id)
                .orElseThrow(() -> RegistryException.notFound("The certificate " + id + " does not exist"));
    }

    private CertificateRecord require(ScopedSql sql, String id) throws SQLException {
        return find(sql, id).orElseThrow(() -> RegistryException.notFound("The certificate " + id + " does not exist"));
    }

    List<CertificateRecord> all(ScopedSql sql) throws SQLException {
        return sql.list("SELECT " + COLUMNS + " FROM certificates WHERE {ns}", this::record);
    }

    private CertificateRecord record(ResultSet rs) throws SQLException {
        String id = rs.getString("id");
        return new CertificateRecord(
                id,
                account.certificateArn(id),
                rs.getString("ca_id"),
                CertificateStatus.valueOf(rs.getString("status")),
                rs.getString("pem"),
                CertificateMode.valueOf(rs.getString("mode")),
                account.accountId(),
                Sql.requiredInstant(rs, "created_at"),
                Sql.requiredInstant(rs, "modified_at"),
                (int) rs.getLong("customer_version"),
                rs.getString("generation_id"),
                Sql.requiredInstant(rs, "not_before"),
                Sql.requiredInstant(rs, "not_after"));
    }

    /**
     * A page of the ARNs of the certificates attached, in attachment table {@code table} ({@code policy_attachments}
     * or {@code thing_principals}), to the policy or thing whose {@code column} is {@code value}; in attachment order.
     */
    Page<String> attachedArns(ScopedSql sql, Paging paging, String table, String column, String value)
            throws SQLException {
        return paging.selectEqual(
                sql,
                "cert_id FROM " + table,
                column,
                value,
                "seq",
                rs -> account.certificateArn(rs.getString("cert_id")));
    }

    /**
     * The ID of the existing certificate that a principal or target ARN names. A string that is no certificate ARN at
     * all is an InvalidRequestException (thing groups and Cognito identities are not supported); a certificate ARN of
     * another account or region, or of a certificate not registered here, names nothing: ResourceNotFoundException.
     */
    String existing(ScopedSql sql, @Nullable String arn, String member) throws SQLException {
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
        String id = arn.substring(prefix.length()).toLowerCase(Locale.ROOT);
        if (!exists(sql, id)) {
            throw RegistryException.notFound("The certificate " + account.certificateArn(id) + " does not exist");
        }
        return id;
    }
}
