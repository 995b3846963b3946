package io.thingcore.console.dashboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.thingcore.api.http.Json;
import io.thingcore.console.messaging.ConsoleMessaging;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded ring of per-minute samples (the last {@link #MINUTES}) and of the last {@link #EVENTS} lifecycle events.
 * Memory is fixed whatever the traffic: 60 samples of three numbers and 20 short events. Counters are stored as the
 * difference from the previous sample, so a chart shows messages per second and refusals per minute directly.
 */
public final class DashboardHistory implements AutoCloseable {
    public static final int MINUTES = 60;
    public static final int EVENTS = 20;
    /** The lifecycle events AWS IoT publishes ("Lifecycle events", AWS IoT Core Developer Guide). */
    public static final String PRESENCE_FILTER = "$aws/events/presence/#";
    /** How far ahead the dashboard warns of expiring certificates. */
    public static final Duration EXPIRY_WARNING = Duration.ofDays(30);
    /** At most this many expiring certificates are listed; the page links to the full list for the rest. */
    public static final int EXPIRING_SHOWN = 20;

    private static final Logger LOG = LoggerFactory.getLogger(DashboardHistory.class);
    /** A lifecycle event is a small JSON object; anything longer is not one of ours and is cut. */
    private static final int MAX_EVENT_CHARS = 1024;

    private final GatewayReadings readings;
    private final CertificateExpiries expiries;
    private final Clock clock;
    private final Deque<MinuteSample> samples = new ArrayDeque<>();
    private final Deque<LifecycleEvent> events = new ArrayDeque<>();
    private GatewayReadings.Reading previous;
    private Instant previousAt;
    private @Nullable ScheduledExecutorService sampler;
    private @Nullable AutoCloseable presence;

    /** One minute: when it ended, clients connected then, and what happened during it. */
    public record MinuteSample(Instant at, int connectedClients, long messagesReceived, long connectionsRefused) {}

    /** A lifecycle event as published: its topic and its JSON text. */
    public record LifecycleEvent(String topic, String payload, Instant receivedAt) {}

    public DashboardHistory(GatewayReadings readings, CertificateExpiries expiries, Clock clock) {
        this.readings = readings;
        this.expiries = expiries;
        this.clock = clock;
        this.previous = readings.read();
        this.previousAt = clock.instant();
    }

    /** Samples once a minute on a daemon thread and records lifecycle events from {@code messaging} if present. */
    public synchronized DashboardHistory start(@Nullable ConsoleMessaging messaging) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "thingcore-console-dashboard");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleAtFixedRate(this::sampleQuietly, 1, 1, TimeUnit.MINUTES);
        sampler = executor;
        if (messaging != null) {
            presence = messaging.subscribe(
                    PRESENCE_FILTER,
                    message -> record(new LifecycleEvent(
                            message.topic(),
                            truncate(new String(message.payload(), StandardCharsets.UTF_8)),
                            message.receivedAt())));
        }
        return this;
    }

    private void sampleQuietly() {
        try {
            sample();
        } catch (RuntimeException e) {
            // a failed reading must not end the schedule (a scheduled task that throws is never run again)
            LOG.warn("console dashboard: cannot sample the gateway's readings", e);
        }
    }

    /** Takes the sample of the minute that just ended; the oldest falls out after {@link #MINUTES}. */
    public void sample() {
        GatewayReadings.Reading now = readings.read();
        Instant at = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        synchronized (this) {
            GatewayReadings.Reading before = previous;
            samples.addLast(new MinuteSample(
                    at,
                    now.connectedClients(),
                    Math.max(0, now.messagesReceived() - before.messagesReceived()),
                    Math.max(0, now.connectionsRefused() - before.connectionsRefused())));
            while (samples.size() > MINUTES) {
                samples.removeFirst();
            }
            previous = now;
            previousAt = at;
        }
    }

    /** Called on broker threads: an append under a short lock. */
    public synchronized void record(LifecycleEvent event) {
        events.addLast(event);
        while (events.size() > EVENTS) {
            events.removeFirst();
        }
    }

    public synchronized List<MinuteSample> samples() {
        return new ArrayList<>(samples);
    }

    /** Newest first. */
    public synchronized List<LifecycleEvent> events() {
        List<LifecycleEvent> newestFirst = new ArrayList<>(events);
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    /**
     * The dashboard's JSON: the reading now, the samples oldest first, the minute in progress, the events newest first,
     * the certificates that expire within {@link #EXPIRY_WARNING} soonest first. Reads the registry: call on a worker
     * thread.
     */
    public ObjectNode json() {
        GatewayReadings.Reading now = readings.read();
        Instant at = clock.instant();
        ObjectNode body = Json.object();
        Json.put(body, "at", at);
        body.put("connectedClients", now.connectedClients());
        body.put("messagesReceived", now.messagesReceived());
        body.put("connectionsRefused", now.connectionsRefused());
        body.put("sampleSeconds", 60);
        ArrayNode minutes = body.putArray("minutes");
        for (MinuteSample sample : samples()) {
            ObjectNode item = minutes.addObject();
            Json.put(item, "at", sample.at());
            item.put("connectedClients", sample.connectedClients());
            item.put("messagesReceived", sample.messagesReceived());
            item.put("connectionsRefused", sample.connectionsRefused());
        }
        // the minute in progress, so that the charts are live between samples (and from the start)
        ObjectNode current = body.putObject("currentMinute");
        synchronized (this) {
            Json.put(current, "since", previousAt);
            current.put("seconds", Math.max(1, Duration.between(previousAt, at).toSeconds()));
            current.put("messagesReceived", Math.max(0, now.messagesReceived() - previous.messagesReceived()));
            current.put("connectionsRefused", Math.max(0, now.connectionsRefused() - previous.connectionsRefused()));
        }
        ArrayNode expiring = body.putArray("expiringCertificates");
        // one more than shown tells the page that there are more
        for (CertificateExpiries.Expiring certificate :
                expiries.expiringBefore(at.plus(EXPIRY_WARNING), EXPIRING_SHOWN + 1)) {
            ObjectNode item = expiring.addObject();
            item.put("certificateId", certificate.certificateId());
            item.put("status", certificate.status());
            Json.put(item, "notAfter", certificate.notAfter());
        }
        body.put("expiringShown", EXPIRING_SHOWN);
        ArrayNode recent = body.putArray("lifecycleEvents");
        for (LifecycleEvent event : events()) {
            ObjectNode item = recent.addObject();
            item.put("topic", event.topic());
            item.put("payload", event.payload());
            Json.put(item, "receivedAt", event.receivedAt());
        }
        synchronized (this) {
            body.put("lifecycleEventsAvailable", presence != null);
        }
        return body;
    }

    private static String truncate(String text) {
        return text.length() <= MAX_EVENT_CHARS ? text : text.substring(0, MAX_EVENT_CHARS);
    }

    @Override
    public void close() {
        ScheduledExecutorService executor;
        AutoCloseable subscription;
        synchronized (this) {
            executor = sampler;
            subscription = presence;
            sampler = null;
            presence = null;
        }
        if (executor != null) {
            executor.shutdownNow();
        }
        if (subscription != null) {
            try {
                subscription.close();
            } catch (Exception ignored) {
                // the broker already forgot the subscription (it stopped first); nothing left to release
            }
        }
    }
}
