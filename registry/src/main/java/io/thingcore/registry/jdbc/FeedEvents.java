package io.thingcore.registry.jdbc;

import io.thingcore.registry.Account;
import io.thingcore.registry.CertificateStatus;
import io.thingcore.registry.RegistryEvent;
import io.thingcore.registry.feed.ChangeFeed;
import io.thingcore.registry.feed.FeedEntry;
import io.thingcore.storage.Sql;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link RegistryEvent} as a change-feed row and back: the family names the resource kind, the key the resource, and
 * the kind what happened to it (a certificate's new status, {@code deleted}, or {@code changed}).
 */
final class FeedEvents {
    private static final Logger LOG = LoggerFactory.getLogger(FeedEvents.class);

    static final String CERTIFICATE = "certificate";
    static final String CA_CERTIFICATE = "ca_certificate";
    static final String POLICY = "policy";
    static final String ATTACHMENT = "attachment";
    static final String THING = "thing";
    static final String NAMESPACE = "namespace";

    private static final String CHANGED = "changed";
    private static final String DELETED = "deleted";
    private static final String RESET = "reset";

    private FeedEvents() {}

    /** Appends {@code event} to the feed in the caller's transaction; returns the row's id. */
    static long append(Sql sql, Account namespace, RegistryEvent event, long now) throws SQLException {
        return switch (event) {
            case RegistryEvent.CertificateChanged c ->
                ChangeFeed.append(
                        sql,
                        namespace,
                        CERTIFICATE,
                        c.certificateId(),
                        c.status() == null ? DELETED : c.status().name(),
                        now);
            case RegistryEvent.CaCertificateChanged c ->
                ChangeFeed.append(sql, namespace, CA_CERTIFICATE, c.caCertificateId(), CHANGED, now);
            case RegistryEvent.PolicyChanged p ->
                ChangeFeed.append(sql, namespace, POLICY, p.policyName(), CHANGED, now);
            case RegistryEvent.AttachmentChanged a ->
                ChangeFeed.append(sql, namespace, ATTACHMENT, a.principal(), CHANGED, now);
            case RegistryEvent.ThingChanged t -> ChangeFeed.append(sql, namespace, THING, t.thingName(), CHANGED, now);
            case RegistryEvent.Reset r -> ChangeFeed.append(sql, namespace, NAMESPACE, "", RESET, now);
        };
    }

    /** The event a row records; empty for a row this build does not know (written by a newer node), which is logged. */
    static Optional<RegistryEvent> event(FeedEntry entry) {
        RegistryEvent event = switch (entry.family()) {
            case CERTIFICATE ->
                new RegistryEvent.CertificateChanged(
                        entry.key(), entry.kind().equals(DELETED) ? null : status(entry.kind()));
            case CA_CERTIFICATE -> new RegistryEvent.CaCertificateChanged(entry.key());
            case POLICY -> new RegistryEvent.PolicyChanged(entry.key());
            case ATTACHMENT -> new RegistryEvent.AttachmentChanged(entry.key());
            case THING -> new RegistryEvent.ThingChanged(entry.key());
            case NAMESPACE -> new RegistryEvent.Reset();
            default -> null;
        };
        if (event == null) {
            LOG.warn("change feed row {} of unknown family {} ignored", entry.id(), entry.family());
        }
        return Optional.ofNullable(event);
    }

    private static CertificateStatus status(String kind) {
        return CertificateStatus.valueOf(kind.toUpperCase(Locale.ROOT));
    }
}
