package io.thingcore.console.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The front end, read once from the jar into memory. A request names a file by its exact name in {@link #FILES};
 * nothing is ever resolved against a file system or a class-path directory, so no path (with {@code ..}, encoded
 * slashes or anything else) can reach another resource.
 */
public final class StaticFiles {
    static final String ROOT = "/io/thingcore/console/static/";

    /** Every file the console serves, by the name that follows {@code /console/assets/}. */
    public static final List<String> FILES = List.of(
            "index.html",
            "sign-in.html",
            "style.css",
            "api.js",
            "ui.js",
            "app.js",
            "sign-in.js",
            "pages/cas.js",
            "pages/certificates.js",
            "pages/policies.js",
            "pages/things.js",
            "pages/live.js",
            "pages/refused.js",
            "pages/settings.js",
            "pages/fields.js",
            "pages/dashboard.js",
            "pages/jobs.js",
            "pages/thing-wizard.js",
            "pages/paged.js",
            "pages/expiry.js",
            "pages/policy-lint.js",
            "pages/iot-actions.js",
            "favicon.svg");

    /** One file: its bytes, content type and a strong ETag. */
    public record File(String name, byte[] bytes, String contentType, String etag) {}

    private final Map<String, File> files = new LinkedHashMap<>();

    public StaticFiles() {
        for (String name : FILES) {
            byte[] bytes = read(name);
            files.put(
                    name,
                    new File(
                            name, bytes, contentType(name), "\"" + sha256(bytes).substring(0, 32) + "\""));
        }
    }

    public Optional<File> get(String name) {
        return Optional.ofNullable(files.get(name));
    }

    static String contentType(String name) {
        int dot = name.lastIndexOf('.');
        return switch (dot < 0 ? "" : name.substring(dot + 1)) {
            case "html" -> "text/html; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            case "js" -> "text/javascript; charset=utf-8";
            case "svg" -> "image/svg+xml";
            case "png" -> "image/png";
            default -> throw new IllegalArgumentException("no content type for " + name);
        };
    }

    private static byte[] read(String name) {
        try (InputStream in = StaticFiles.class.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                throw new IllegalStateException("console resource " + ROOT + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
