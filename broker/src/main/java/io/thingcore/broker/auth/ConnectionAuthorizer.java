package io.thingcore.broker.auth;

import io.thingcore.broker.spi.CertificateStatus;
import io.thingcore.broker.spi.DeviceDirectory;
import io.thingcore.broker.spi.DeviceRecord;
import io.thingcore.broker.spi.ThingRecord;
import io.thingcore.broker.tls.PeerCertificate;
import io.thingcore.policy.AuthorizationContext;
import io.thingcore.policy.AuthorizationRequest;
import io.thingcore.policy.PolicyEvaluator;
import io.thingcore.policy.PolicyRef;
import io.thingcore.policy.ResourceSet;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Authorizes one connection's operations (AWS IoT Developer Guide, "AWS IoT Core policy actions") against the policies
 * attached to its certificate, with the connection's policy variables: client ID, the thing named like the client ID
 * when it is attached to the certificate, certificate subject and issuer fields, SANs, serial number, SNI
 * ({@code iot:DomainName}) and source IP. Identity values are data: the policy engine never substitutes a value
 * containing a wildcard character, so a client ID {@code +} cannot widen a {@code ${iot:ClientId}} grant.
 *
 * <p>The compiled policies and the context are cached in an immutable snapshot, rebuilt from the directory when this
 * connection was {@linkplain #invalidate() invalidated} (a change of its certificate, of a policy attached to it, or
 * of its thing) or the broker-wide {@link AuthorizationGeneration} moved (a change that may concern every connection)
 * since it was built; so such changes apply to the next operation, and a change elsewhere leaves this cache alone.
 * Both counters are read before the directory, so an invalidation that races with a rebuild forces another rebuild.
 * Thread-safe: the snapshot is replaced atomically (a race rebuilds it twice, harmlessly).
 */
public final class ConnectionAuthorizer {
    /** How many subscription filters' receive proofs a snapshot keeps ({@link #receivesEveryTopicOf}). */
    public static final int RECEIVE_PROOFS_KEPT = FilterProofs.SLOTS;

    /**
     * What one connection's authorization rests on, immutable but for its decision caches. On the publish path every
     * object read is a likely cache miss (a thousand publishers take turns on one event loop, so a connection's state
     * has left the caches by its next message: issue 14), so the check reads as few as it can: {@link #active}
     * instead of the device record, and the most recent allowed publish topic here instead of in
     * {@link TopicDecisions}' slots.
     */
    private static final class Snapshot {
        final long generation;
        final long invalidations;
        final @Nullable DeviceRecord device;
        /** The certificate is registered and ACTIVE. */
        final boolean active;

        final @Nullable String thingName;
        final List<PolicyRef> policies;
        final AuthorizationContext ctx;
        final TopicDecisions topics = new TopicDecisions();
        final FilterProofs receiveProofs = new FilterProofs();
        /**
         * The topic of the most recent publish found allowed, read before {@link #topics}: a device publishes to the
         * same topic again and again. Written and read as one reference, so a race loses a hint, never a decision.
         */
        @Nullable
        String lastAllowedPublish;

        Snapshot(
                long generation,
                long invalidations,
                @Nullable DeviceRecord device,
                @Nullable String thingName,
                List<PolicyRef> policies,
                AuthorizationContext ctx) {
            this.generation = generation;
            this.invalidations = invalidations;
            this.device = device;
            this.active = device != null && device.status() == CertificateStatus.ACTIVE;
            this.thingName = thingName;
            this.policies = policies;
            this.ctx = ctx;
        }
    }

    private static final VarHandle INVALIDATIONS;

    static {
        try {
            INVALIDATIONS =
                    MethodHandles.lookup().findVarHandle(ConnectionAuthorizer.class, "invalidations", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final DeviceDirectory directory;
    private final AuthorizationGeneration generation;
    private final PeerCertificate peer;
    private final String clientId;
    private final String arnPrefix;
    private volatile @Nullable Snapshot snapshot;
    /**
     * How often this connection was {@linkplain #invalidate() invalidated}; a field rather than an {@code AtomicLong}
     * so that the check of every operation reads it from this object's cache line (issue 14). Updated through
     * {@link #INVALIDATIONS}.
     */
    private volatile long invalidations;

    public ConnectionAuthorizer(
            DeviceDirectory directory,
            AuthorizationGeneration generation,
            PeerCertificate peer,
            String clientId,
            String region,
            String accountId) {
        this.directory = directory;
        this.generation = generation;
        this.peer = peer;
        this.clientId = clientId;
        // One instance for every connection of the gateway (they all share a region and an account), not a copy each.
        this.arnPrefix = ("arn:aws:iot:" + region + ":" + accountId + ":").intern();
    }

    /** The full resource ARN for a resource such as {@code topic/light/state}. */
    public String arn(String resource) {
        return arnPrefix + resource;
    }

    /** Whether the certificate is still registered and ACTIVE according to the current snapshot. */
    public boolean certificateActive() {
        return current().active;
    }

    /**
     * The certificate's device record, or null when the certificate is no longer registered: the current snapshot's,
     * or else read from the directory without building a snapshot (listings of every connection should not give each
     * idle one a snapshot to keep, see {@link #releaseAndCheckActive()}).
     */
    public @Nullable DeviceRecord device() {
        Snapshot s = snapshot;
        if (s != null && s.generation == generation.current() && s.invalidations == invalidations) {
            return s.device;
        }
        return directory.findCertificate(peer.certificateId()).orElse(null);
    }

    /** The attached thing named like the client ID, or null. */
    public @Nullable String thingName() {
        return current().thingName;
    }

    /** Whether {@code action} on {@code resource} (e.g. {@code topic/a/b}) is allowed. */
    public boolean isAllowed(String action, String resource) {
        Snapshot s = current();
        if (!s.active) {
            return false;
        }
        return PolicyEvaluator.isAllowed(s.policies, action, arn(resource), s.ctx);
    }

    /**
     * Whether {@code iot:Publish} on {@code topic} is allowed: {@link #isAllowed} for the publish path, the decision
     * kept for this snapshot's life ({@link TopicDecisions}).
     */
    public boolean mayPublish(String topic) {
        Snapshot s = current();
        if (!s.active) {
            return false;
        }
        if (topic.equals(s.lastAllowedPublish)) {
            return true;
        }
        Boolean known = s.topics.publish(topic);
        boolean allowed;
        if (known != null) {
            allowed = known;
        } else {
            allowed = PolicyEvaluator.isAllowed(s.policies, Actions.PUBLISH, arn("topic/" + topic), s.ctx);
            s.topics.rememberPublish(topic, allowed);
        }
        if (allowed) {
            s.lastAllowedPublish = topic;
        }
        return allowed;
    }

    /** Whether {@code iot:Receive} on {@code topic} is allowed, as {@link #mayPublish} (checked per delivery). */
    public boolean mayReceive(String topic) {
        Snapshot s = current();
        if (!s.active) {
            return false;
        }
        Boolean known = s.topics.receive(topic);
        if (known != null) {
            return known;
        }
        boolean allowed = PolicyEvaluator.isAllowed(s.policies, Actions.RECEIVE, arn("topic/" + topic), s.ctx);
        s.topics.rememberReceive(topic, allowed);
        return allowed;
    }

    /**
     * Whether {@code iot:Receive} is proven allowed on every topic that the subscription filter {@code filter} matches
     * ({@link PolicyEvaluator#allowsEvery}), once per snapshot and filter ({@link FilterProofs}): a delivery under such
     * a filter needs no decision of its own, so a subscriber receiving from thousands of topics (a backend's
     * {@code devices/+/telemetry}) pays no policy evaluation per message. False means "not proven": ask
     * {@link #mayReceive} per topic.
     */
    public boolean receivesEveryTopicOf(String filter) {
        Snapshot s = current();
        if (!s.active) {
            return false;
        }
        Boolean known = s.receiveProofs.find(filter);
        if (known != null) {
            return known;
        }
        boolean proven = PolicyEvaluator.allowsEvery(
                s.policies, Actions.RECEIVE, ResourceSet.topicsOf(arn("topic/"), filter), s.ctx);
        s.receiveProofs.remember(filter, proven);
        return proven;
    }

    /** Why {@code action} on {@code resource} is denied, as the policy engine explains it; for logs. */
    public String explainDenial(String action, String resource) {
        Snapshot s = current();
        if (!s.active) {
            return "certificate is no longer ACTIVE";
        }
        return PolicyEvaluator.evaluate(s.policies, new AuthorizationRequest(action, arn(resource)), s.ctx)
                .reason();
    }

    /** Drops the cached snapshot: the next operation re-reads the directory. Any thread. */
    public void invalidate() {
        INVALIDATIONS.getAndAdd(this, 1L);
    }

    /**
     * Frees the cached snapshot and reads the certificate's status from the directory again, without building another
     * snapshot; the next operation builds one. The CONNECT stage calls this once the connection is registered: a
     * connection that then stays idle keeps no compiled context (its policy variables, the device record: about 0.7
     * KB of heap per connection, issue 14), and one that publishes or subscribes builds it on its first packet, as
     * the re-read after an {@link #invalidate()} would have. Any thread.
     *
     * @return whether the certificate is still registered and ACTIVE
     */
    public boolean releaseAndCheckActive() {
        // Counted as an invalidation too: a snapshot another thread is building from an older read of the directory
        // is rebuilt on its next use instead of being kept.
        INVALIDATIONS.getAndAdd(this, 1L);
        snapshot = null;
        Optional<DeviceRecord> device = directory.findCertificate(peer.certificateId());
        return device.isPresent() && device.get().status() == CertificateStatus.ACTIVE;
    }

    /**
     * Whether the cached authorization may depend on {@code policyName}: it is attached to the certificate, or nothing
     * is cached yet (a snapshot being built may be reading it).
     */
    public boolean dependsOnPolicy(String policyName) {
        Snapshot s = snapshot;
        if (s == null) {
            return true;
        }
        for (PolicyRef policy : s.policies) {
            if (policy.name().equals(policyName)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the policy variables may name {@code thingName}: only the thing named like the client ID can be. */
    public boolean dependsOnThing(String thingName) {
        return clientId.equals(thingName);
    }

    private Snapshot current() {
        Snapshot s = snapshot;
        long now = generation.current();
        long invalidated = invalidations;
        if (s == null || s.generation != now || s.invalidations != invalidated) {
            s = build(now, invalidated);
            snapshot = s;
        }
        return s;
    }

    private Snapshot build(long gen, long invalidated) {
        Optional<DeviceRecord> found = directory.findCertificate(peer.certificateId());
        AuthorizationContext.Builder b = AuthorizationContext.builder()
                .clientId(clientId)
                .domainName(peer.sni())
                .sourceIp(peer.remoteIp())
                .certificateSubject(peer.subject())
                .certificateIssuer(peer.issuer())
                .subjectAlternativeNames(peer.subjectAlternativeNames())
                .certificateSerialNumber(peer.serialNumber());
        if (found.isEmpty()) {
            return new Snapshot(gen, invalidated, null, null, List.of(), b.build());
        }
        DeviceRecord device = found.get();
        String thingName = null;
        if (device.thingNames().contains(clientId)) {
            Optional<ThingRecord> thing = directory.findThing(clientId);
            if (thing.isPresent()) {
                thingName = thing.get().thingName();
                b.thing(thingName, thing.get().thingTypeName(), thing.get().attributes());
            }
        }
        return new Snapshot(gen, invalidated, device, thingName, device.policies(), b.build());
    }
}
