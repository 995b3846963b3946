package io.thingcore.broker.refusals;

import io.thingcore.broker.logging.PacedLog;
import io.thingcore.logtext.LogText;
import java.net.SocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The refused connections of one broker: each refusal is written as one WARN line ({@link #refuse}) and kept in a
 * ring of the last {@link #DEFAULT_CAPACITY} (constant memory: client values are cut to {@link #MAX_VALUE_CHARS}
 * characters, so no client can grow it), with a counter per reason. The lines are paced per reason
 * ({@link PacedLog}): anyone who reaches the port can cause refusals, and a flood of one kind must neither fill the
 * disk nor hide the other kinds. Thread-safe.
 */
public final class RefusedConnections {
    private static final Logger LOG = LoggerFactory.getLogger(RefusedConnections.class);

    /** How many refusals the ring keeps. */
    public static final int DEFAULT_CAPACITY = 500;

    /** The longest client value (SNI, subject CN, library message) the ring keeps. */
    public static final int MAX_VALUE_CHARS = 256;

    private static final int SHORT_ID_CHARS = 12;

    private final Clock clock;
    private final PacedLog paced;
    private final RefusedConnection[] ring;
    private final LongAdder[] counts = new LongAdder[RefusalReason.values().length];
    private int next;
    private long total;

    public RefusedConnections(Clock clock) {
        this(clock, DEFAULT_CAPACITY, new PacedLog(LOG));
    }

    public RefusedConnections(Clock clock, int capacity, PacedLog paced) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.clock = clock;
        this.paced = paced;
        this.ring = new RefusedConnection[capacity];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new LongAdder();
        }
    }

    /**
     * Records a refusal and writes its one line: {@code connection from <address> refused (certificate <id>, CN=<cn>,
     * SNI '<sni>'): <detail>. Fix: <fix>}; every client value is escaped ({@link LogText}).
     *
     * @param detail what happened, in words; client values in it must already be escaped
     */
    public RefusedConnection refuse(
            @Nullable SocketAddress remote,
            @Nullable String certificateId,
            @Nullable String subjectCommonName,
            @Nullable String sni,
            RefusalReason reason,
            String detail) {
        RefusedConnection refused = record(remote, certificateId, subjectCommonName, sni, reason, detail);
        paced.warn(reason.kind(), "{}", line(refused));
        return refused;
    }

    /**
     * Records a refusal that its caller has logged itself in its own words (a CONNECT denied by policy), so that the
     * connection still has exactly one line.
     */
    public RefusedConnection record(
            @Nullable SocketAddress remote,
            @Nullable String certificateId,
            @Nullable String subjectCommonName,
            @Nullable String sni,
            RefusalReason reason,
            String detail) {
        RefusedConnection refused = new RefusedConnection(
                clock.instant(),
                remote == null ? "unknown" : cut(remote.toString()),
                certificateId,
                subjectCommonName == null ? null : cut(subjectCommonName),
                sni == null ? null : cut(sni),
                reason,
                cut(detail));
        counts[reason.ordinal()].increment();
        synchronized (ring) {
            ring[next] = refused;
            next = (next + 1) % ring.length;
            total++;
        }
        return refused;
    }

    /** The log line of {@code refused}. */
    public static String line(RefusedConnection refused) {
        StringBuilder line = new StringBuilder("connection from ")
                .append(refused.remoteAddress())
                .append(" refused");
        List<String> about = new ArrayList<>(3);
        if (refused.certificateId() != null) {
            about.add("certificate " + abbreviate(refused.certificateId()));
        }
        if (refused.subjectCommonName() != null) {
            about.add("CN=" + LogText.of(refused.subjectCommonName()));
        }
        if (refused.sni() != null) {
            about.add("SNI '" + LogText.of(refused.sni()) + "'");
        }
        if (!about.isEmpty()) {
            line.append(" (").append(String.join(", ", about)).append(')');
        }
        return line.append(": ")
                .append(LogText.line(refused.detail()))
                .append(". Fix: ")
                .append(refused.fix())
                .toString();
    }

    /** The refusals kept, newest first. */
    public List<RefusedConnection> recent() {
        synchronized (ring) {
            int kept = (int) Math.min(total, ring.length);
            List<RefusedConnection> out = new ArrayList<>(kept);
            for (int i = 1; i <= kept; i++) {
                out.add(ring[Math.floorMod(next - i, ring.length)]);
            }
            return out;
        }
    }

    /** Refusals since the broker started, by reason (every reason present, zero included). */
    public Map<RefusalReason, Long> countsByReason() {
        Map<RefusalReason, Long> out = new EnumMap<>(RefusalReason.class);
        for (RefusalReason reason : RefusalReason.values()) {
            out.put(reason, counts[reason.ordinal()].sum());
        }
        return out;
    }

    /** A certificate ID as the log lines show it: its first 12 hex digits. */
    public static String abbreviate(String certificateId) {
        return certificateId.length() > SHORT_ID_CHARS
                ? certificateId.substring(0, SHORT_ID_CHARS) + "…"
                : certificateId;
    }

    private static String cut(String value) {
        return value.length() > MAX_VALUE_CHARS ? value.substring(0, MAX_VALUE_CHARS) + "…" : value;
    }
}
