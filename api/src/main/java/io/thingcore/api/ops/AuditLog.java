package io.thingcore.api.ops;

import io.thingcore.logtext.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail: one INFO line on the {@code thingcore.audit} logger for every control-plane write (who, what,
 * result) and for every request whose SigV4 signature was refused, so that an operator can route these lines apart
 * from the rest of the log. Only the access key ID is named, never a secret, a signature or a request body; every
 * value that came from the client (claimed key, path) is escaped with {@link LogText} (threat: forged log lines).
 */
public final class AuditLog {
    /** The logger name, for logback configurations that route audit lines to their own file. */
    public static final String LOGGER = "thingcore.audit";

    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    public void record(CallOutcome outcome) {
        if (!outcome.signatureRefused() && !outcome.isWrite()) {
            return;
        }
        String principal = outcome.principal() == null ? "-" : LogText.of(outcome.principal());
        String result = outcome.errorType() == null
                ? String.valueOf(outcome.status())
                : outcome.status() + " " + outcome.errorType();
        if (outcome.signatureRefused()) {
            LOG.info(
                    "signature refused: who={} what={} {} result={} from={}",
                    principal,
                    LogText.of(outcome.method().name()),
                    LogText.of(outcome.rawPath()),
                    result,
                    outcome.remoteAddress());
        } else {
            LOG.info(
                    "write: who={} what={} {} result={} from={}",
                    principal,
                    outcome.operation(),
                    LogText.of(outcome.rawPath()),
                    result,
                    outcome.remoteAddress());
        }
    }
}
