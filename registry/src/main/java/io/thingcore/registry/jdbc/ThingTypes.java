package io.thingcore.registry.jdbc;

import io.thingcore.registry.Account;
import io.thingcore.registry.CreateThingTypeRequest;
import io.thingcore.registry.ErrorType;
import io.thingcore.registry.Page;
import io.thingcore.registry.PageRequest;
import io.thingcore.registry.RegistryException;
import io.thingcore.registry.ThingTypeRecord;
import io.thingcore.registry.ThingTypeStore;
import io.thingcore.storage.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Thing types and their deprecation. They change no device's access, so they are not in the device directory and
 * send no events.
 */
final class ThingTypes implements ThingTypeStore {
    private final Transactions transactions;
    private final Account account;
    private final Clock clock;

    ThingTypes(Transactions transactions, Account account, Clock clock) {
        this.transactions = transactions;
        this.account = account;
        this.clock = clock;
    }

    @Override
    public ThingTypeRecord createThingType(CreateThingTypeRequest request) {
        if (request == null) {
            throw RegistryException.invalid("thingTypeName is required");
        }
        String name = Inputs.thingName(request.thingTypeName(), "thingTypeName");
        if (request.description() != null && request.description().length() > 2028) {
            throw RegistryException.invalid("thingTypeDescription is longer than 2028 characters");
        }
        for (String attribute : request.searchableAttributes()) {
            Inputs.matching(Things.ATTRIBUTE_NAME, attribute, "searchable attribute names");
        }
        Tags.validate(request.tags());
        return transactions.write((sql, changes) -> {
            Optional<ThingTypeRecord> existing = find(sql, name);
            if (existing.isPresent()) {
                return sameOrConflict(existing.get(), request);
            }
            int inserted = sql.update(
                    "INSERT INTO thing_types (account_id, region, name, seq, id, description, searchable_attributes,"
                            + " deprecated, deprecation_date, created_at) VALUES ({nsv}, ?, ?, ?, ?, ?, 0, NULL, ?)"
                            + " ON CONFLICT DO NOTHING",
                    name,
                    sql.nextSeq("thing_types"),
                    UUID.randomUUID().toString(),
                    request.description(),
                    String.join("\n", request.searchableAttributes()),
                    Stamps.now(clock));
            if (inserted == 0) {
                // Created by a concurrent request since the check above: the same answer as if it had come first.
                return sameOrConflict(find(sql, name).orElseThrow(), request);
            }
            Tags.insert(sql, account.thingTypeArn(name), request.tags());
            return find(sql, name).orElseThrow();
        });
    }

    @Override
    public ThingTypeRecord describeThingType(String thingTypeName) {
        String name = Inputs.thingName(thingTypeName, "thingTypeName");
        return transactions.read(sql -> require(sql, name));
    }

    @Override
    public Page<ThingTypeRecord> listThingTypes(@Nullable String thingTypeName, PageRequest page) {
        Paging paging = Paging.token(page);
        return transactions.read(
                sql -> paging.selectEqual(sql, "* FROM thing_types", "name", thingTypeName, "seq", this::record));
    }

    @Override
    public void deprecateThingType(String thingTypeName, boolean undoDeprecate) {
        String name = Inputs.thingName(thingTypeName, "thingTypeName");
        transactions.write((sql, changes) -> {
            requireLocked(sql, name, sql.forUpdate());
            sql.update(
                    "UPDATE thing_types SET deprecated = ?, deprecation_date = ? WHERE {ns} AND name = ?",
                    !undoDeprecate,
                    undoDeprecate ? null : Stamps.now(clock),
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
        String name = Inputs.thingName(thingTypeName, "thingTypeName");
        transactions.write((sql, changes) -> {
            ThingTypeRecord type = requireLocked(sql, name, sql.forUpdate());
            if (!type.deprecated()) {
                throw RegistryException.invalid(
                        "Thing type " + name + " must be deprecated (DeprecateThingType) before it can be deleted");
            }
            if (sql.count("SELECT COUNT(*) FROM things WHERE {ns} AND type_name = ?", name) > 0) {
                throw RegistryException.invalid(
                        "Can not delete thing type " + name + " as it is still associated with one or more things");
            }
            sql.update("DELETE FROM thing_types WHERE {ns} AND name = ?", name);
            Tags.delete(sql, type.thingTypeArn());
            return null;
        });
    }

    /** CreateThingType again: the existing type if the request describes it, else ResourceAlreadyExists. */
    private static ThingTypeRecord sameOrConflict(ThingTypeRecord type, CreateThingTypeRequest request) {
        if (Objects.equals(type.description(), request.description())
                && type.searchableAttributes().equals(request.searchableAttributes())) {
            return type;
        }
        throw new RegistryException(
                ErrorType.RESOURCE_ALREADY_EXISTS,
                "Thing type " + type.thingTypeName() + " already exists with different properties",
                type.thingTypeId(),
                type.thingTypeArn());
    }

    /**
     * A thing can be given a type only if the type exists and is not deprecated; the type's row stays share-locked
     * until the commit, so it cannot be deprecated or deleted meanwhile. Lock order: see
     * {@link CaCertificates#findLocked}.
     */
    void requireUsable(ScopedSql sql, String typeName) throws SQLException {
        if (requireLocked(sql, typeName, sql.forShare()).deprecated()) {
            throw RegistryException.invalid(
                    "Can not create or update a thing with the deprecated thing type " + typeName);
        }
    }

    private Optional<ThingTypeRecord> find(ScopedSql sql, String name) throws SQLException {
        return sql.one("SELECT * FROM thing_types WHERE {ns} AND name = ?", this::record, name);
    }

    /** The type exists; share-locked until the commit (a thing is about to take it). */
    void requireExistsLocked(ScopedSql sql, String name) throws SQLException {
        requireLocked(sql, name, sql.forShare());
    }

    private ThingTypeRecord requireLocked(ScopedSql sql, String name, String lock) throws SQLException {
        return sql.one("SELECT * FROM thing_types WHERE {ns} AND name = ?" + lock, this::record, name)
                .orElseThrow(() -> RegistryException.notFound("Thing type " + name + " cannot be found."));
    }

    private ThingTypeRecord require(ScopedSql sql, String name) throws SQLException {
        return find(sql, name)
                .orElseThrow(() -> RegistryException.notFound("Thing type " + name + " cannot be found."));
    }

    private ThingTypeRecord record(ResultSet rs) throws SQLException {
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
                Sql.requiredInstant(rs, "created_at"));
    }
}
