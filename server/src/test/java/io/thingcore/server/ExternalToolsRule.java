package io.thingcore.server;

import org.junit.jupiter.api.Assumptions;

/**
 * The project's rule for tests that need something outside the JVM (here: a PostgreSQL server): fail in CI, where
 * {@code .ci/run} provides it, skip with a message elsewhere.
 */
final class ExternalToolsRule {
    private ExternalToolsRule() {}

    static void requirePostgres(String url) {
        if (url != null && !url.isBlank()) {
            return;
        }
        String ci = System.getenv("CI");
        String message = "THINGCORE_TEST_POSTGRES_URL is not set (a jdbc:postgresql:// URL; .ci/run sets it)";
        if (ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false")) {
            throw new AssertionError(message);
        }
        Assumptions.abort(message + "; skipping");
    }
}
