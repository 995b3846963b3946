package io.thingcore.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The numbered schema scripts of one store family ("track"): {@code V001__name.sql}, {@code V002__name.sql}, ... in
 * the classpath directory {@code resourceDirectory}, applied in order by {@link Migrations} and recorded as
 * {@code (track, version)} in {@code schema_migrations}. A new store family ships its own track and never touches
 * another family's scripts (docs/adr/0007-storage-core-namespaces-and-change-feed.md).
 *
 * <p>A script is portable SQL for both engines; where the engines need different statements, a variant named after
 * the dialect ({@code V003__name.postgresql.sql} beside {@code V003__name.sql}) replaces it on that engine. Scripts
 * may contain {@code ${name}} placeholders, replaced by the values the store passes to
 * {@link Migrations#apply} (for example the configured default namespace an upgrade carries existing rows into).
 *
 * @param name the track's name, e.g. {@code registry}; lower case letters and underscores
 * @param resourceDirectory where the scripts are, e.g. {@code /io/thingcore/registry/migrations/}
 * @param scripts every script of the track in order; a listed script must exist (each track has a test)
 */
public record MigrationTrack(String name, String resourceDirectory, List<String> scripts) {
    private static final Pattern NAME = Pattern.compile("[a-z_]{1,32}");
    private static final Pattern SCRIPT = Pattern.compile("V(\\d{3})__([a-z0-9_]+)\\.sql");

    public MigrationTrack {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("track name must match " + NAME.pattern() + ", got: " + name);
        }
        Objects.requireNonNull(resourceDirectory, "resourceDirectory");
        scripts = List.copyOf(scripts);
        for (int i = 0; i < scripts.size(); i++) {
            if (version(scripts.get(i)) != i + 1) {
                throw new IllegalArgumentException(
                        "track " + name + ": script " + scripts.get(i) + " should be numbered " + (i + 1));
            }
        }
    }

    public int latestVersion() {
        return scripts.size();
    }

    /** The version a script name carries: {@code V007__x.sql} is 7. */
    public static int version(String script) {
        Matcher matcher = SCRIPT.matcher(script);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("migration name " + script + " does not match V000__name.sql");
        }
        return Integer.parseInt(matcher.group(1));
    }

    /** The text of one script of this track on {@code dialect}: its dialect variant if there is one. */
    public String read(String script, DatabaseUrl.Dialect dialect) {
        String variant =
                resourceDirectory + script.replace(".sql", "." + dialect.name().toLowerCase(Locale.ROOT) + ".sql");
        if (MigrationTrack.class.getResource(variant) != null) {
            return read(variant);
        }
        return read(resourceDirectory + script);
    }

    private static String read(String resource) {
        try (InputStream in = MigrationTrack.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("migration resource " + resource + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
