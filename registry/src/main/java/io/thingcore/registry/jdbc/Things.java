package io.thingcore.registry.jdbc;

import io.thingcore.registry.Account;
import io.thingcore.registry.CreateThingRequest;
import io.thingcore.registry.ErrorType;
import io.thingcore.registry.ListThingsRequest;
import io.thingcore.registry.Page;
import io.thingcore.registry.PageRequest;
import io.thingcore.registry.RegistryEvent;
import io.thingcore.registry.RegistryException;
import io.thingcore.registry.ThingPrincipalType;
import io.thingcore.registry.ThingRecord;
import io.thingcore.registry.ThingStore;
import io.thingcore.registry.UpdateThingRequest;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Things with their attributes, and the certificate principals attached to them. */
final class Things implements ThingStore {
    static final int MAX_ATTRIBUTES_WITHOUT_TYPE = 3;
    static final int MAX_ATTRIBUTES_WITH_TYPE = 50;

    /** Also the rule for a thing type's searchable attribute names. */
    static final Pattern ATTRIBUTE_NAME = Pattern.compile("[a-zA-Z0-9_.,@/:#-]{1,128}");

    private static final Pattern ATTRIBUTE_VALUE = Pattern.compile("[a-zA-Z0-9_.,@/:#=\\[\\]-]{0,800}");

    private final Transactions transactions;
    private final Account account;
    private final Clock clock;
    private final ThingTypes thingTypes;
    private final Certificates certificates;

    Things(Transactions transactions, Account account, Clock clock, ThingTypes thingTypes, Certificates certificates) {
        this.transactions = transactions;
        this.account = account;
        this.clock = clock;
        this.thingTypes = thingTypes;
        this.certificates = certificates;
    }

    // ---- things ----

    @Override
    public ThingRecord createThing(CreateThingRequest request) {
        if (request == null) {
            throw RegistryException.invalid("thingName is required");
        }
        String name = Inputs.thingName(request.thingName(), "thingName");
        String typeName =
                request.thingTypeName() == null ? null : Inputs.thingName(request.thingTypeName(), "thingTypeName");
        validateAttributes(request.attributes());
        requireAttributeCount(request.attributes().size(), typeName != null);
        return transactions.write((sql, changes) -> {
            Optional<ThingRecord> existing = find(sql, name);
            if (existing.isPresent()) {
                return sameOrConflict(existing.get(), typeName, request.attributes());
            }
            if (typeName != null) {
                thingTypes.requireUsable(sql, typeName);
            }
            int inserted = sql.update(
                    "INSERT INTO things (account_id, region, name, seq, id, type_name, version, created_at)"
                            + " VALUES ({nsv}, ?, ?, ?, ?, 1, ?) ON CONFLICT DO NOTHING",
                    name,
                    sql.nextSeq("things"),
                    UUID.randomUUID().toString(),
                    typeName,
                    Stamps.now(clock));
            if (inserted == 0) {
                // Created by a concurrent request since the check above (the insert waited for its commit): the
                // same answer as if it had come first.
                return sameOrConflict(find(sql, name).orElseThrow(), typeName, request.attributes());
            }
            insertAttributes(sql, name, new TreeMap<>(request.attributes()));
            thingChanged(changes, name);
            return find(sql, name).orElseThrow();
        });
    }

    @Override
    public ThingRecord describeThing(String thingName) {
        String name = Inputs.thingName(thingName, "thingName");
        return transactions.read(sql -> require(sql, name));
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
        List<String> where = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        if (f.thingTypeName() != null) {
            where.add("t.type_name = ?");
            args.add(f.thingTypeName());
        }
        if (f.attributeName() != null) {
            StringBuilder exists = new StringBuilder(
                    "EXISTS (SELECT 1 FROM thing_attributes a WHERE a.account_id = t.account_id AND a.region = t.region"
                            + " AND a.thing_name = t.name AND a.name = ?");
            args.add(f.attributeName());
            if (f.attributeValue() != null) {
                if (f.usePrefixAttributeValue()) {
                    exists.append(" AND substr(a.value, 1, ?) = ?");
                    args.add(f.attributeValue().length());
                } else {
                    exists.append(" AND a.value = ?");
                }
                args.add(f.attributeValue());
            }
            where.add(exists.append(')').toString());
        }
        return transactions.read(sql -> {
            Page<String> names = paging.select(
                    sql,
                    "t.name FROM things t",
                    String.join(" AND ", where),
                    "t.seq",
                    rs -> rs.getString("name"),
                    args.toArray());
            List<ThingRecord> things = new ArrayList<>();
            for (String name : names.items()) {
                things.add(find(sql, name).orElseThrow());
            }
            return new Page<>(things, names.nextToken());
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
        String name = Inputs.thingName(request.thingName(), "thingName");
        if (request.removeThingType() && request.thingTypeName() != null) {
            throw RegistryException.invalid("thingTypeName and removeThingType cannot be used together");
        }
        String newType =
                request.thingTypeName() == null ? null : Inputs.thingName(request.thingTypeName(), "thingTypeName");
        if (request.attributes() != null) {
            validateAttributes(request.attributes());
        }
        transactions.write((sql, changes) -> {
            if (newType != null) {
                // Lock order: the thing type before the thing.
                thingTypes.requireExistsLocked(sql, newType);
            }
            ThingRecord thing = requireLocked(sql, name);
            requireVersion(thing, request.expectedVersion());
            String type = request.removeThingType() ? null : newType != null ? newType : thing.thingTypeName();
            if (newType != null && !newType.equals(thing.thingTypeName())) {
                thingTypes.requireUsable(sql, newType);
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
            sql.update("UPDATE things SET type_name = ?, version = version + 1 WHERE {ns} AND name = ?", type, name);
            sql.update("DELETE FROM thing_attributes WHERE {ns} AND thing_name = ?", name);
            insertAttributes(sql, name, attributes);
            thingChanged(changes, name);
            return null;
        });
    }

    /** Deleting a thing that does not exist succeeds (as on AWS). */
    @Override
    public void deleteThing(String thingName, @Nullable Long expectedVersion) {
        String name = Inputs.thingName(thingName, "thingName");
        transactions.write((sql, changes) -> {
            if (!lock(sql, name, sql.forUpdate())) {
                return null;
            }
            Optional<ThingRecord> thing = find(sql, name);
            requireVersion(thing.orElseThrow(), expectedVersion);
            if (sql.count("SELECT COUNT(*) FROM thing_principals WHERE {ns} AND thing_name = ?", name) > 0) {
                throw RegistryException.invalid(
                        "Cannot delete. Thing " + name + " is still attached to one or more principals");
            }
            sql.update("DELETE FROM thing_attributes WHERE {ns} AND thing_name = ?", name);
            sql.update("DELETE FROM things WHERE {ns} AND name = ?", name);
            thingChanged(changes, name);
            return null;
        });
    }

    private static void thingChanged(Changes changes, String name) {
        changes.event(new RegistryEvent.ThingChanged(name));
    }

    /** CreateThing again: the existing thing if the request describes it, else ResourceAlreadyExists. */
    private static ThingRecord sameOrConflict(
            ThingRecord thing, @Nullable String typeName, Map<String, String> attributes) {
        if (Objects.equals(thing.thingTypeName(), typeName)
                && thing.attributes().equals(attributes)) {
            return thing;
        }
        throw new RegistryException(
                ErrorType.RESOURCE_ALREADY_EXISTS,
                "Thing " + thing.thingName() + " already exists in account with different attributes",
                thing.thingId(),
                thing.thingArn());
    }

    /**
     * Locks the thing's row ({@code lock}: {@link ScopedSql#forShare()} or {@link ScopedSql#forUpdate()}); false if
     * there is no such thing. Lock order: see {@link CaCertificates#findLocked}.
     */
    private static boolean lock(ScopedSql sql, String name, String lock) throws SQLException {
        return sql.one("SELECT name FROM things WHERE {ns} AND name = ?" + lock, rs -> rs.getString(1), name)
                .isPresent();
    }

    private ThingRecord requireLocked(ScopedSql sql, String name) throws SQLException {
        if (!lock(sql, name, sql.forUpdate())) {
            throw RegistryException.notFound("Thing " + name + " cannot be found.");
        }
        return require(sql, name);
    }

    private static void requireShareLocked(ScopedSql sql, String name) throws SQLException {
        if (!lock(sql, name, sql.forShare())) {
            throw RegistryException.notFound("Thing " + name + " cannot be found.");
        }
    }

    /**
     * Optimistic concurrency as AWS exposes it (AWS IoT API Reference, UpdateThing and DeleteThing
     * {@code expectedVersion}): a given {@code expectedVersion} must be the thing's current version, read under the
     * thing's row lock, else VersionConflictException (HTTP 409); of concurrent writers that expect one version,
     * exactly one wins.
     */
    private static void requireVersion(ThingRecord thing, @Nullable Long expectedVersion) {
        if (expectedVersion != null && expectedVersion != thing.version()) {
            throw new RegistryException(
                    ErrorType.VERSION_CONFLICT,
                    "The version for thing " + thing.thingName() + " does not match the expected version (expected "
                            + expectedVersion + ", current " + thing.version() + ").");
        }
    }

    private static void insertAttributes(ScopedSql sql, String thingName, Map<String, String> attributes)
            throws SQLException {
        for (Map.Entry<String, String> attribute : attributes.entrySet()) {
            sql.update(
                    "INSERT INTO thing_attributes (account_id, region, thing_name, name, value) VALUES ({nsv}, ?, ?, ?)",
                    thingName,
                    attribute.getKey(),
                    attribute.getValue());
        }
    }

    /** Names and values; a null value is allowed here (on update it removes the attribute). */
    private static void validateAttributes(Map<String, String> attributes) {
        for (Map.Entry<String, String> attribute : attributes.entrySet()) {
            String name = Inputs.matching(ATTRIBUTE_NAME, attribute.getKey(), "attribute name");
            String value = attribute.getValue();
            if (value != null) {
                Inputs.matching(ATTRIBUTE_VALUE, value, "attribute value of " + name);
            }
        }
    }

    private static void requireAttributeCount(int count, boolean hasType) {
        int max = hasType ? MAX_ATTRIBUTES_WITH_TYPE : MAX_ATTRIBUTES_WITHOUT_TYPE;
        if (count > max) {
            throw RegistryException.invalid("a thing " + (hasType ? "with" : "without") + " a thing type can have at"
                    + " most " + max + " attributes, got " + count);
        }
    }

    Optional<ThingRecord> find(ScopedSql sql, String name) throws SQLException {
        Optional<ThingRecord> thing = sql.one(
                "SELECT name, id, type_name, version FROM things WHERE {ns} AND name = ?",
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
        ThingRecord t = thing.get();
        return Optional.of(new ThingRecord(
                t.thingName(), t.thingId(), t.thingArn(), t.thingTypeName(), attributes(sql, name), t.version()));
    }

    ThingRecord require(ScopedSql sql, String name) throws SQLException {
        return find(sql, name).orElseThrow(() -> RegistryException.notFound("Thing " + name + " cannot be found."));
    }

    List<String> allNames(ScopedSql sql) throws SQLException {
        return sql.list("SELECT name FROM things WHERE {ns}", rs -> rs.getString(1));
    }

    private static Map<String, String> attributes(ScopedSql sql, String thingName) throws SQLException {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (String[] row : sql.list(
                "SELECT name, value FROM thing_attributes WHERE {ns} AND thing_name = ? ORDER BY name",
                rs -> new String[] {rs.getString(1), rs.getString(2)},
                thingName)) {
            attributes.put(row[0], row[1]);
        }
        return attributes;
    }

    // ---- principals ----

    /**
     * EXCLUSIVE_THING: the certificate may be attached to this thing only. Attaching it exclusively while it is
     * attached to another thing, or attaching it to another thing while it has an exclusive attachment, is an
     * InvalidRequestException (AWS's type is not documented; the operation models no conflict error). Attaching it
     * again to the same thing succeeds and takes the new type.
     */
    @Override
    public void attachThingPrincipal(String thingName, String principal, @Nullable ThingPrincipalType type) {
        String name = Inputs.thingName(thingName, "thingName");
        ThingPrincipalType attachment = type == null ? ThingPrincipalType.NON_EXCLUSIVE_THING : type;
        transactions.write((sql, changes) -> {
            require(sql, name);
            String certId = certificates.existing(sql, principal, "principal");
            // Lock order: the certificate (its attachments are checked below), then the thing (no DeleteThing).
            certificates.requireLocked(sql, certId);
            requireShareLocked(sql, name);
            List<String[]> current = sql.list(
                    "SELECT thing_name, type FROM thing_principals WHERE {ns} AND cert_id = ?",
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
                        "UPDATE thing_principals SET type = ? WHERE {ns} AND thing_name = ? AND cert_id = ?",
                        attachment,
                        name,
                        certId);
            } else {
                sql.update(
                        "INSERT INTO thing_principals (account_id, region, thing_name, cert_id, type, seq)"
                                + " VALUES ({nsv}, ?, ?, ?, ?)",
                        name,
                        certId,
                        attachment,
                        sql.nextSeq("thing_principals"));
            }
            attachmentChanged(changes, name, certId);
            return null;
        });
    }

    /** Detaching a principal that is not attached succeeds and changes nothing. */
    @Override
    public void detachThingPrincipal(String thingName, String principal) {
        String name = Inputs.thingName(thingName, "thingName");
        transactions.write((sql, changes) -> {
            require(sql, name);
            String certId = certificates.existing(sql, principal, "principal");
            certificates.requireLocked(sql, certId);
            requireShareLocked(sql, name);
            if (sql.update("DELETE FROM thing_principals WHERE {ns} AND thing_name = ? AND cert_id = ?", name, certId)
                    > 0) {
                attachmentChanged(changes, name, certId);
            }
            return null;
        });
    }

    private void attachmentChanged(Changes changes, String thingName, String certId) {
        changes.event(new RegistryEvent.AttachmentChanged(account.certificateArn(certId)));
    }

    @Override
    public Page<String> listThingPrincipals(String thingName, PageRequest page) {
        String name = Inputs.thingName(thingName, "thingName");
        Paging paging = Paging.token(page);
        return transactions.read(sql -> {
            require(sql, name);
            return certificates.attachedArns(sql, paging, "thing_principals", "thing_name", name);
        });
    }

    @Override
    public Page<String> listPrincipalThings(String principal, PageRequest page) {
        Paging paging = Paging.token(page);
        return transactions.read(sql -> {
            String certId = certificates.existing(sql, principal, "principal");
            return paging.select(
                    sql,
                    "thing_name FROM thing_principals",
                    "cert_id = ?",
                    "seq",
                    rs -> rs.getString("thing_name"),
                    certId);
        });
    }

    /** Whether the certificate is attached to the thing (a thing that does not exist is attached to nothing). */
    boolean isAttached(ScopedSql sql, String thingName, String certId) throws SQLException {
        return sql.count(
                        "SELECT COUNT(*) FROM thing_principals WHERE {ns} AND thing_name = ? AND cert_id = ?",
                        thingName,
                        certId)
                > 0;
    }
}
