package io.thingcore.broker.services;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.thingcore.broker.Semantics;
import io.thingcore.broker.auth.ConnectionAuthorizer;
import io.thingcore.broker.routing.Message;
import io.thingcore.broker.routing.Router;
import io.thingcore.broker.routing.Subscriber;
import io.thingcore.broker.routing.Subscription;
import io.thingcore.broker.routing.TopicRule;
import io.thingcore.broker.routing.Topics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registered {@link ReservedTopicService}s by family, the classification of a reserved topic
 * ({@link #route}), and the bounded executor that runs requests off the event loops ({@link #submit}).
 *
 * <p>Only {@code $aws/things/<thingName>/<family>/<suffix>} with a valid thing name (AWS IoT API Reference,
 * {@code CreateThing}: {@code [a-zA-Z0-9:_-]+}, 1 to 128 characters), a registered family, a non-empty suffix the
 * service {@linkplain ReservedTopicService#accepts accepts} is routed; everything else under {@code $} stays refused.
 * A thing name is data: one containing {@code +}, {@code #} or any other character outside that set names no thing.
 *
 * <p>Threads: the family map is fixed at construction and read lock-free from any event loop; requests run on the
 * executor's threads ({@value #DEFAULT_THREADS} by default) with at most {@value #DEFAULT_QUEUE} waiting; a request
 * beyond that is refused at once ({@link RejectedExecutionException}), never queued without bound and never run on
 * the event loop.
 */
public final class ReservedTopicServices implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReservedTopicServices.class);

    static final String THINGS_PREFIX = "$aws/things/";
    static final int DEFAULT_THREADS = 4;
    static final int DEFAULT_QUEUE = 1024;
    /** AWS IoT API Reference, {@code CreateThing}, {@code thingName}: length 1 to 128. */
    static final int MAX_THING_NAME = 128;

    /** No services: every {@code $} publish is refused, as before the SPI. */
    private static final Executor NO_SERVICE = task -> {
        throw new RejectedExecutionException("no reserved-topic service is registered");
    };

    public static final ReservedTopicServices NONE = new ReservedTopicServices(List.of(), 0, 0);

    private final Map<String, ReservedTopicService> byFamily;
    private final Executor executor;
    /** The executor this object made and stops on {@link #close}; null when the caller owns it. */
    private final @Nullable ThreadPoolExecutor owned;

    /** The services with the default executor bounds. */
    public static ReservedTopicServices of(List<ReservedTopicService> services) {
        return services.isEmpty() ? NONE : new ReservedTopicServices(services, DEFAULT_THREADS, DEFAULT_QUEUE);
    }

    /**
     * The services on an executor of their own: {@code threads} threads, at most {@code queue} requests waiting.
     *
     * @throws IllegalArgumentException when two services claim one family or a family is not a plain topic level
     */
    public ReservedTopicServices(List<ReservedTopicService> services, int threads, int queue) {
        this.byFamily = byFamily(services);
        ThreadPoolExecutor made = byFamily.isEmpty() ? null : boundedExecutor(threads, queue);
        this.owned = made;
        // Without a service no topic routes to one, so nothing is ever submitted; should it be, it is refused.
        this.executor = made != null ? made : NO_SERVICE;
    }

    /**
     * The services on {@code executor}, which the caller owns: it must be bounded (throw
     * {@link RejectedExecutionException} when full) and must not be an event loop. Tests pass one they run by hand.
     */
    public ReservedTopicServices(List<ReservedTopicService> services, Executor executor) {
        this.byFamily = byFamily(services);
        this.owned = null;
        this.executor = executor;
    }

    private static Map<String, ReservedTopicService> byFamily(List<ReservedTopicService> services) {
        Map<String, ReservedTopicService> map = new HashMap<>();
        for (ReservedTopicService s : services) {
            String family = s.family();
            if (family == null
                    || family.isEmpty()
                    || family.chars().anyMatch(ch -> ch == '/' || ch == '+' || ch == '#')) {
                throw new IllegalArgumentException("invalid service family '" + family + "'");
            }
            if (map.putIfAbsent(family, s) != null) {
                throw new IllegalArgumentException("two services for the family '" + family + "'");
            }
        }
        return Map.copyOf(map);
    }

    private static ThreadPoolExecutor boundedExecutor(int threads, int queue) {
        AtomicInteger n = new AtomicInteger();
        return new ThreadPoolExecutor(
                threads,
                threads,
                60,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queue),
                runnable -> {
                    Thread thread = new Thread(runnable, "thingcore-service-" + n.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                },
                new ThreadPoolExecutor.AbortPolicy());
    }

    /** The registered families. */
    public Set<String> families() {
        return byFamily.keySet();
    }

    /**
     * The service a client's PUBLISH to {@code topic} goes to, or null when no registered service takes it (then the
     * topic is refused as reserved). {@code topic} has passed the topic rules except the reserved-topic rule (so it
     * has no wildcard). Cheap: no allocation for a topic outside {@code $aws/things/}.
     */
    public @Nullable ServiceRoute route(String topic) {
        if (byFamily.isEmpty() || !topic.startsWith(THINGS_PREFIX)) {
            return null;
        }
        int thingEnd = topic.indexOf('/', THINGS_PREFIX.length());
        if (thingEnd < 0 || !isThingName(topic, THINGS_PREFIX.length(), thingEnd)) {
            return null;
        }
        int familyEnd = topic.indexOf('/', thingEnd + 1);
        if (familyEnd < 0 || familyEnd == topic.length() - 1) {
            return null;
        }
        String family = topic.substring(thingEnd + 1, familyEnd);
        ReservedTopicService service = byFamily.get(family);
        if (service == null) {
            return null;
        }
        String suffix = topic.substring(familyEnd + 1);
        if (!service.accepts(suffix)) {
            return null;
        }
        return new ServiceRoute(service, topic.substring(THINGS_PREFIX.length(), thingEnd), family, suffix);
    }

    /** Whether {@code s[from, to)} is a valid AWS IoT thing name. */
    static boolean isThingName(String s, int from, int to) {
        int length = to - from;
        if (length < 1 || length > MAX_THING_NAME) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char ch = s.charAt(i);
            boolean ok = (ch >= 'a' && ch <= 'z')
                    || (ch >= 'A' && ch <= 'Z')
                    || (ch >= '0' && ch <= '9')
                    || ch == ':'
                    || ch == '_'
                    || ch == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * Hands {@code request} to its service on the executor; the returned stage completes when the service's own
     * stage does (on whatever thread completes it). Call from the event loop after authorization.
     *
     * @param router where replies go
     * @param authorizer the requester's authorizer, for replies to topics outside the request's family
     * @param semantics the topic rules replies follow
     * @param requester the requester's session: replies on the family's own topics go to it alone
     * @throws RejectedExecutionException when the executor's queue is full or it is closed
     */
    public CompletableFuture<Void> submit(
            ServiceRoute route,
            ServiceRequest request,
            Router router,
            ConnectionAuthorizer authorizer,
            Semantics semantics,
            Subscriber requester) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Replies replies = new Replies(request, router, authorizer, semantics, requester);
        executor.execute(() -> {
            try {
                CompletionStage<Void> stage = route.service().handle(request, replies);
                if (stage == null) {
                    done.completeExceptionally(new NullPointerException(route.family() + " service returned null"));
                    return;
                }
                stage.whenComplete((v, failure) -> {
                    if (failure != null) {
                        done.completeExceptionally(failure);
                    } else {
                        done.complete(null);
                    }
                });
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    /** Requests waiting for a worker of the executor this object made (0 with a caller's executor). */
    public int queued() {
        ThreadPoolExecutor executor = owned;
        return executor == null ? 0 : executor.getQueue().size();
    }

    /** Stops the executor this object made (not one the caller passed); requests already queued still run, for at most 5 s. */
    @Override
    public void close() {
        if (owned == null) {
            return;
        }
        owned.shutdown();
        try {
            if (!owned.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("reserved-topic services did not finish within 5 s");
                owned.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The replies to one request; any thread. */
    private static final class Replies implements ServiceReplies {
        private final ServiceRequest request;
        private final Router router;
        private final ConnectionAuthorizer authorizer;
        private final Semantics semantics;
        private final String familyPrefix;
        private final @Nullable MqttProperties properties;
        private final Subscriber requester;

        Replies(
                ServiceRequest request,
                Router router,
                ConnectionAuthorizer authorizer,
                Semantics semantics,
                Subscriber requester) {
            this.request = request;
            this.requester = requester;
            this.router = router;
            this.authorizer = authorizer;
            this.semantics = semantics;
            this.familyPrefix = THINGS_PREFIX + request.thingName() + "/" + request.family() + "/";
            byte[] correlationData = request.correlationData();
            if (correlationData != null) {
                MqttProperties p = new MqttProperties();
                p.add(new MqttProperties.BinaryProperty(MqttProperties.CORRELATION_DATA, correlationData.clone()));
                this.properties = p;
            } else {
                this.properties = null;
            }
        }

        @Override
        public ServiceRequest request() {
            return request;
        }

        @Override
        public void publishTo(String topic, byte[] payload) {
            // The topic rules apply to replies too (length, levels, no wildcard); the family's own topics are
            // reserved, and the service may publish there; elsewhere only where the requester could itself.
            TopicRule rule = Topics.checkPublishTopic(topic, semantics);
            boolean own = topic.startsWith(familyPrefix) && rule == TopicRule.RESERVED;
            if (!own && rule != null) {
                throw new IllegalArgumentException("reply topic '" + topic + "' refused: " + rule);
            }
            if (!own && !authorizer.mayPublish(topic)) {
                throw new IllegalArgumentException("reply topic '" + topic + "' refused: the requester '"
                        + request.requester().clientId() + "' may not publish to it");
            }
            Message reply = new Message(topic, payload.clone(), request.qos(), false, properties, null);
            if (own) {
                // AWS IoT Developer Guide, "Jobs device MQTT API operations": the broker publishes the response
                // topics to the client that published the command, whether or not it subscribed to them, and they
                // "don't pass through the message broker and can't be subscribed to by other clients or rules". The
                // AWS IoT OTA library relies on it: it subscribes to notify-next only (ota_mqtt.c,
                // subscribeToJobNotificationTopics) and reads the answer of $next/get on $next/get/accepted. Its
                // policy must still allow iot:Receive there (fails closed).
                if (authorizer.mayReceive(topic)) {
                    requester.deliver(reply, new Subscription(request.qos(), false), false);
                }
                return;
            }
            router.publish(reply);
        }
    }
}
