package io.thingcore.policy;

import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A validated and compiled AWS IoT policy document. Parse it once (when a policy version is created or loaded) and
 * share it: it is immutable and thread-safe, and evaluation uses only the compiled form.
 */
public final class PolicyDocument {
    /**
     * AWS's limit on a policy document, counted without whitespace (AWS General Reference, "AWS IoT Core endpoints and
     * quotas").
     */
    public static final int MAX_SIZE_EXCLUDING_WHITESPACE = PolicyParser.MAX_SIZE;

    private final String json;
    private final @Nullable String version;
    private final int size;
    private final Statement[] statements;

    PolicyDocument(String json, @Nullable String version, int size, Statement[] statements) {
        this.json = json;
        this.version = version;
        this.size = size;
        this.statements = statements;
    }

    /**
     * Parses, validates and compiles a policy document.
     *
     * @throws MalformedPolicyException when AWS IoT would refuse the document; the message names the problem
     */
    public static PolicyDocument parse(String json) {
        return PolicyParser.parse(json);
    }

    /** The document as given. */
    public String json() {
        return json;
    }

    /** {@code Version}, or null when the document has none. */
    public @Nullable String version() {
        return version;
    }

    /** The size AWS limits: characters excluding whitespace. */
    public int sizeExcludingWhitespace() {
        return size;
    }

    public int statementCount() {
        return statements.length;
    }

    /** The {@code Sid} of each statement, null where there is none; for explanations. */
    public List<@Nullable String> statementIds() {
        return Arrays.stream(statements).<@Nullable String>map(s -> s.sid).toList();
    }

    Statement[] statements() {
        return statements;
    }

    @Override
    public String toString() {
        return json;
    }
}
