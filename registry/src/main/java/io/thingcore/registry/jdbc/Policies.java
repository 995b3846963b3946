package io.thingcore.registry.jdbc;

import io.thingcore.policy.MalformedPolicyException;
import io.thingcore.policy.PolicyDocument;
import io.thingcore.policy.PolicyRef;
import io.thingcore.registry.Account;
import io.thingcore.registry.ErrorType;
import io.thingcore.registry.Page;
import io.thingcore.registry.PageRequest;
import io.thingcore.registry.PolicyRecord;
import io.thingcore.registry.PolicyStore;
import io.thingcore.registry.PolicyVersionRecord;
import io.thingcore.registry.RegistryEvent;
import io.thingcore.registry.RegistryException;
import io.thingcore.registry.Tag;
import io.thingcore.storage.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Policies, their versions, and their attachments to certificate targets. */
final class Policies implements PolicyStore {
    static final int MAX_POLICY_VERSIONS = 5;
    static final int MAX_POLICIES_PER_TARGET = 10;

    private static final Pattern POLICY_VERSION_ID = Pattern.compile("[0-9]{1,18}");

    /** A policy with its default version's document. */
    private static final String COLUMNS =
            "p.name, p.seq, p.default_version, p.created_at, p.modified_at, p.generation_id, v.document";

    private static final String FROM =
            " FROM policies p JOIN policy_versions v ON v.account_id = p.account_id AND v.region = p.region"
                    + " AND v.policy_name = p.name AND v.version = p.default_version";
    private static final String VERSION_COLUMNS_FROM =
            "v.version, v.document, v.created_at, v.generation_id, p.default_version, p.modified_at"
                    + " FROM policy_versions v JOIN policies p ON p.account_id = v.account_id AND p.region = v.region"
                    + " AND p.name = v.policy_name";
    private static final String ATTACHED = " JOIN policy_attachments a ON a.account_id = p.account_id"
            + " AND a.region = p.region AND a.policy_name = p.name";

    private final Transactions transactions;
    private final Account account;
    private final Clock clock;
    private final Certificates certificates;

    Policies(Transactions transactions, Account account, Clock clock, Certificates certificates) {
        this.transactions = transactions;
        this.account = account;
        this.clock = clock;
        this.certificates = certificates;
    }

    @Override
    public PolicyVersionRecord createPolicy(String policyName, String policyDocument, List<Tag> tags) {
        String name = Inputs.policyName(policyName);
        parse(policyDocument);
        Tags.validate(tags);
        return transactions.write((sql, changes) -> {
            if (exists(sql, name)) {
                throw new RegistryException(
                        ErrorType.RESOURCE_ALREADY_EXISTS,
                        "Policy " + name + " already exists",
                        name,
                        account.policyArn(name));
            }
            Instant now = Stamps.now(clock);
            int inserted = sql.update(
                    "INSERT INTO policies (account_id, region, name, seq, default_version, next_version, created_at,"
                            + " modified_at, generation_id) VALUES ({nsv}, ?, ?, 1, 2, ?, ?, ?) ON CONFLICT DO NOTHING",
                    name,
                    sql.nextSeq("policies"),
                    now,
                    now,
                    Stamps.generationId());
            if (inserted == 0) {
                // Created by a concurrent request since the check above (its row's primary key).
                throw new RegistryException(
                        ErrorType.RESOURCE_ALREADY_EXISTS,
                        "Policy " + name + " already exists",
                        name,
                        account.policyArn(name));
            }
            insertVersion(sql, name, 1, policyDocument, now);
            Tags.insert(sql, account.policyArn(name), tags);
            changes.event(new RegistryEvent.PolicyChanged(name));
            return findVersion(sql, name, 1).orElseThrow();
        });
    }

    @Override
    public PolicyRecord getPolicy(String policyName) {
        String name = Inputs.policyName(policyName);
        return transactions.read(sql -> require(sql, name));
    }

    @Override
    public Page<PolicyRecord> listPolicies(PageRequest page) {
        Paging paging = Paging.marker(page);
        return transactions.read(sql -> paging.select(sql, COLUMNS + FROM, "", "p.seq", this::record));
    }

    /** Refused while attached (checked first) or while versions other than the default exist. */
    @Override
    public void deletePolicy(String policyName) {
        String name = Inputs.policyName(policyName);
        transactions.write((sql, changes) -> {
            lock(sql, name, sql.forUpdate());
            PolicyRecord policy = require(sql, name);
            if (sql.count("SELECT COUNT(*) FROM policy_attachments WHERE {ns} AND policy_name = ?", name) > 0) {
                throw new RegistryException(
                        ErrorType.DELETE_CONFLICT,
                        "The policy cannot be deleted as the policy is attached to one or more principals (name=" + name
                                + ")");
            }
            if (sql.count(
                            "SELECT COUNT(*) FROM policy_versions WHERE {ns} AND policy_name = ? AND version <> ?",
                            name,
                            Long.parseLong(policy.defaultVersionId()))
                    > 0) {
                throw new RegistryException(
                        ErrorType.DELETE_CONFLICT,
                        "The policy cannot be deleted as versions other than the default version exist (name=" + name
                                + ")");
            }
            sql.update("DELETE FROM policy_versions WHERE {ns} AND policy_name = ?", name);
            sql.update("DELETE FROM policies WHERE {ns} AND name = ?", name);
            Tags.delete(sql, policy.policyArn());
            changes.event(new RegistryEvent.PolicyChanged(name));
            return null;
        });
    }

    @Override
    public PolicyVersionRecord createPolicyVersion(String policyName, String policyDocument, boolean setAsDefault) {
        String name = Inputs.policyName(policyName);
        parse(policyDocument);
        return transactions.write((sql, changes) -> {
            long next = sql.one(
                            "SELECT next_version FROM policies WHERE {ns} AND name = ?" + sql.forUpdate(),
                            rs -> rs.getLong(1),
                            name)
                    .orElseThrow(() -> notFound(name));
            if (sql.count("SELECT COUNT(*) FROM policy_versions WHERE {ns} AND policy_name = ?", name)
                    >= MAX_POLICY_VERSIONS) {
                throw new RegistryException(
                        ErrorType.VERSIONS_LIMIT_EXCEEDED,
                        "The policy " + name + " already has the maximum number of versions (" + MAX_POLICY_VERSIONS
                                + "); delete a version that is not the default first");
            }
            Instant now = Stamps.now(clock);
            insertVersion(sql, name, next, policyDocument, now);
            sql.update(
                    "UPDATE policies SET next_version = ?, modified_at = ?, generation_id = ?"
                            + (setAsDefault ? ", default_version = ?" : "") + " WHERE {ns} AND name = ?",
                    setAsDefault
                            ? new Object[] {next + 1, now, Stamps.generationId(), next, name}
                            : new Object[] {next + 1, now, Stamps.generationId(), name});
            changes.event(new RegistryEvent.PolicyChanged(name));
            return findVersion(sql, name, next).orElseThrow();
        });
    }

    private static void insertVersion(ScopedSql sql, String name, long version, String document, Instant now)
            throws SQLException {
        sql.update(
                "INSERT INTO policy_versions (account_id, region, policy_name, version, document, created_at,"
                        + " generation_id) VALUES ({nsv}, ?, ?, ?, ?, ?)",
                name,
                version,
                document,
                now,
                Stamps.generationId());
    }

    @Override
    public PolicyVersionRecord getPolicyVersion(String policyName, String policyVersionId) {
        String name = Inputs.policyName(policyName);
        long version = versionId(policyVersionId);
        return transactions.read(sql -> requireVersion(sql, name, version, policyVersionId));
    }

    /** Newest version first (what AWS's CLI shows; the order is not documented). */
    @Override
    public List<PolicyVersionRecord> listPolicyVersions(String policyName) {
        String name = Inputs.policyName(policyName);
        return transactions.read(sql -> {
            requireExists(sql, name);
            return sql.list(
                    "SELECT " + VERSION_COLUMNS_FROM + " WHERE {ns:v} AND v.policy_name = ? ORDER BY v.version DESC",
                    rs -> versionRecord(name, rs),
                    name);
        });
    }

    @Override
    public void setDefaultPolicyVersion(String policyName, String policyVersionId) {
        String name = Inputs.policyName(policyName);
        long version = versionId(policyVersionId);
        transactions.write((sql, changes) -> {
            lock(sql, name, sql.forUpdate());
            requireVersion(sql, name, version, policyVersionId);
            sql.update(
                    "UPDATE policies SET default_version = ?, modified_at = ?, generation_id = ? WHERE {ns} AND name = ?",
                    version,
                    Stamps.now(clock),
                    Stamps.generationId(),
                    name);
            changes.event(new RegistryEvent.PolicyChanged(name));
            return null;
        });
    }

    @Override
    public void deletePolicyVersion(String policyName, String policyVersionId) {
        String name = Inputs.policyName(policyName);
        long version = versionId(policyVersionId);
        transactions.write((sql, changes) -> {
            lock(sql, name, sql.forUpdate());
            PolicyVersionRecord record = requireVersion(sql, name, version, policyVersionId);
            if (record.defaultVersion()) {
                throw new RegistryException(
                        ErrorType.DELETE_CONFLICT,
                        "Cannot delete the default version " + record.versionId() + " of policy " + name
                                + "; set another default version first, or delete the policy");
            }
            sql.update("DELETE FROM policy_versions WHERE {ns} AND policy_name = ? AND version = ?", name, version);
            changes.event(new RegistryEvent.PolicyChanged(name));
            return null;
        });
    }

    /** Attaching an attached policy again succeeds and changes nothing. */
    @Override
    public void attachPolicy(String policyName, String target) {
        String name = Inputs.policyName(policyName);
        transactions.write((sql, changes) -> {
            requireExists(sql, name);
            String certId = certificates.existing(sql, target, "target");
            certificates.requireLocked(sql, certId);
            lock(sql, name, sql.forShare());
            if (sql.count(
                            "SELECT COUNT(*) FROM policy_attachments WHERE {ns} AND policy_name = ? AND cert_id = ?",
                            name,
                            certId)
                    > 0) {
                return null;
            }
            if (sql.count("SELECT COUNT(*) FROM policy_attachments WHERE {ns} AND cert_id = ?", certId)
                    >= MAX_POLICIES_PER_TARGET) {
                throw new RegistryException(
                        ErrorType.LIMIT_EXCEEDED,
                        "At most " + MAX_POLICIES_PER_TARGET + " policies can be attached to " + target);
            }
            sql.update(
                    "INSERT INTO policy_attachments (account_id, region, policy_name, cert_id, seq) VALUES ({nsv}, ?, ?, ?)",
                    name,
                    certId,
                    sql.nextSeq("policy_attachments"));
            attachmentChanged(changes, certId);
            return null;
        });
    }

    /** Detaching a policy that is not attached succeeds and changes nothing. */
    @Override
    public void detachPolicy(String policyName, String target) {
        String name = Inputs.policyName(policyName);
        transactions.write((sql, changes) -> {
            requireExists(sql, name);
            String certId = certificates.existing(sql, target, "target");
            certificates.requireLocked(sql, certId);
            lock(sql, name, sql.forShare());
            if (sql.update(
                            "DELETE FROM policy_attachments WHERE {ns} AND policy_name = ? AND cert_id = ?",
                            name,
                            certId)
                    > 0) {
                attachmentChanged(changes, certId);
            }
            return null;
        });
    }

    private void attachmentChanged(Changes changes, String certId) {
        changes.event(new RegistryEvent.AttachmentChanged(account.certificateArn(certId)));
    }

    /** {@code recursive} has no effect: there are no thing groups yet. */
    @Override
    public Page<PolicyRecord> listAttachedPolicies(String target, boolean recursive, PageRequest page) {
        Paging paging = Paging.marker(page);
        return transactions.read(sql -> {
            String certId = certificates.existing(sql, target, "target");
            return paging.select(sql, COLUMNS + FROM + ATTACHED, "a.cert_id = ?", "a.seq", this::record, certId);
        });
    }

    @Override
    public Page<String> listTargetsForPolicy(String policyName, PageRequest page) {
        String name = Inputs.policyName(policyName);
        Paging paging = Paging.marker(page);
        return transactions.read(sql -> {
            requireExists(sql, name);
            return certificates.attachedArns(sql, paging, "policy_attachments", "policy_name", name);
        });
    }

    /** The policies attached to a certificate, in attachment order. */
    List<PolicyRecord> attachedTo(ScopedSql sql, String certId) throws SQLException {
        return sql.list(
                "SELECT " + COLUMNS + FROM + ATTACHED + " WHERE {ns:a} AND a.cert_id = ? ORDER BY a.seq",
                this::record,
                certId);
    }

    List<PolicyRecord> all(ScopedSql sql) throws SQLException {
        return sql.list("SELECT " + COLUMNS + FROM + " WHERE {ns:p}", this::record);
    }

    Optional<PolicyRecord> find(ScopedSql sql, String name) throws SQLException {
        return sql.one("SELECT " + COLUMNS + FROM + " WHERE {ns:p} AND p.name = ?", this::record, name);
    }

    PolicyRecord require(ScopedSql sql, String name) throws SQLException {
        return find(sql, name).orElseThrow(() -> notFound(name));
    }

    private static boolean exists(ScopedSql sql, String name) throws SQLException {
        return sql.count("SELECT COUNT(*) FROM policies WHERE {ns} AND name = ?", name) > 0;
    }

    /**
     * Locks the policy's row ({@link ScopedSql#forShare()} to attach it, {@link ScopedSql#forUpdate()} to change or
     * delete it); NotFound if it is gone. Lock order: see {@link CaCertificates#findLocked}.
     */
    private static void lock(ScopedSql sql, String name, String lock) throws SQLException {
        if (sql.one("SELECT name FROM policies WHERE {ns} AND name = ?" + lock, rs -> rs.getString(1), name)
                .isEmpty()) {
            throw notFound(name);
        }
    }

    /** As {@link #require} where the policy itself is not needed: one COUNT instead of a join. */
    private static void requireExists(ScopedSql sql, String name) throws SQLException {
        if (!exists(sql, name)) {
            throw notFound(name);
        }
    }

    /** NotFound for the policy first, then for the version. */
    private PolicyVersionRecord requireVersion(ScopedSql sql, String name, long version, String versionId)
            throws SQLException {
        requireExists(sql, name);
        return findVersion(sql, name, version)
                .orElseThrow(() -> RegistryException.notFound(
                        "Policy version " + versionId + " of policy " + name + " not found"));
    }

    private Optional<PolicyVersionRecord> findVersion(ScopedSql sql, String name, long version) throws SQLException {
        return sql.one(
                "SELECT " + VERSION_COLUMNS_FROM + " WHERE {ns:v} AND v.policy_name = ? AND v.version = ?",
                rs -> versionRecord(name, rs),
                name,
                version);
    }

    private PolicyRecord record(ResultSet rs) throws SQLException {
        String name = rs.getString("name");
        return new PolicyRecord(
                name,
                account.policyArn(name),
                Long.toString(rs.getLong("default_version")),
                rs.getString("document"),
                Sql.requiredInstant(rs, "created_at"),
                Sql.requiredInstant(rs, "modified_at"),
                rs.getString("generation_id"));
    }

    private PolicyVersionRecord versionRecord(String name, ResultSet rs) throws SQLException {
        long version = rs.getLong("version");
        Instant created = Sql.requiredInstant(rs, "created_at");
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

    /** The compiled form the evaluator takes; the document was validated when it was stored. */
    static PolicyRef ref(PolicyRecord policy) {
        return new PolicyRef(policy.policyName(), policy.policyArn(), PolicyDocument.parse(policy.policyDocument()));
    }

    private static PolicyDocument parse(String document) {
        if (document == null) {
            throw new RegistryException(ErrorType.MALFORMED_POLICY, "policyDocument is required");
        }
        try {
            return PolicyDocument.parse(document);
        } catch (MalformedPolicyException e) {
            throw new RegistryException(ErrorType.MALFORMED_POLICY, String.valueOf(e.getMessage()));
        }
    }

    private static long versionId(String versionId) {
        if (versionId == null || !POLICY_VERSION_ID.matcher(versionId).matches()) {
            throw RegistryException.invalid("policyVersionId must be a decimal number, got: " + versionId);
        }
        return Long.parseLong(versionId);
    }

    private static RegistryException notFound(String name) {
        return RegistryException.notFound("Policy not found (name=" + name + ")");
    }
}
