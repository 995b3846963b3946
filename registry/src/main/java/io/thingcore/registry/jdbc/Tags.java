package io.thingcore.registry.jdbc;

import io.thingcore.registry.RegistryException;
import io.thingcore.registry.Tag;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The tags given when a CA certificate, policy or thing type is created, stored by resource ARN. */
final class Tags {
    static final int MAX_TAGS = 50;

    private static final Pattern TAG_KEY = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]{1,128}");

    private Tags() {}

    static void validate(List<Tag> tags) {
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

    static void insert(ScopedSql sql, String arn, List<Tag> tags) throws SQLException {
        if (tags == null) {
            return;
        }
        for (Tag tag : tags) {
            sql.update(
                    "INSERT INTO tags (account_id, region, resource_arn, tag_key, tag_value) VALUES ({nsv}, ?, ?, ?)",
                    arn,
                    tag.key(),
                    tag.value() == null ? "" : tag.value());
        }
    }

    static void delete(ScopedSql sql, String arn) throws SQLException {
        sql.update("DELETE FROM tags WHERE {ns} AND resource_arn = ?", arn);
    }
}
