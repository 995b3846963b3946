package io.thingcore.broker;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.ssl.SslContext;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.thingcore.broker.metrics.BrokerCounters;
import io.thingcore.broker.metrics.BrokerGauges;
import io.thingcore.broker.pipeline.BrokerInitializer;
import io.thingcore.broker.pipeline.BrokerServices;
import io.thingcore.broker.pipeline.DisconnectReason;
import io.thingcore.broker.refusals.RefusalReason;
import io.thingcore.broker.refusals.RefusedConnection;
import io.thingcore.broker.refusals.RefusedConnections;
import io.thingcore.broker.routing.Message;
import io.thingcore.broker.routing.Subscriber;
import io.thingcore.broker.routing.Subscription;
import io.thingcore.broker.routing.TopicRule;
import io.thingcore.broker.routing.Topics;
import io.thingcore.broker.services.ReservedTopicService;
import io.thingcore.broker.services.ReservedTopicServices;
import io.thingcore.broker.session.Connection;
import io.thingcore.broker.session.Session;
import io.thingcore.broker.spi.BrokerControl;
import io.thingcore.broker.spi.CertificateRegistrar;
import io.thingcore.broker.spi.CertificateStatus;
import io.thingcore.broker.spi.DeviceDirectory;
import io.thingcore.broker.spi.DeviceRecord;
import io.thingcore.broker.spi.SessionStore;
import io.thingcore.broker.tls.ServerTls;
import io.thingcore.broker.transport.MqttTransport;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT broker: MQTT 3.1.1 and 5 over mutual TLS with AWS IoT semantics ({@link Semantics}). Wire it with a {@link DeviceDirectory}
 * and a {@link CertificateRegistrar}, {@link #start(BrokerConfig)} it, forward registry change events to its
 * {@link BrokerControl} methods, and {@link #close()} it.
 */
public final class MqttBroker implements BrokerControl, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MqttBroker.class);

    /**
     * How long {@link #close()} waits for the disconnected connections to close: past Netty's 3 s for a close_notify
     * write to complete ({@code SslHandler}'s close-notify flush timeout), after which it closes the socket anyway.
     */
    private static final Duration CLOSE_LIMIT = Duration.ofSeconds(5);

    private static final BrokerCounters NOT_STARTED = new BrokerCounters();

    private final DeviceDirectory directory;
    private final CertificateRegistrar registrar;
    private final SessionStore sessionStore;
    private final Clock clock;
    private final List<ReservedTopicService> reservedTopicServices = new ArrayList<>();
    // All four set by start and cleared by close: null while the broker is not running.
    private volatile @Nullable BrokerServices services;
    private @Nullable EventLoopGroup bossGroup;
    private @Nullable EventLoopGroup workerGroup;
    private @Nullable Channel serverChannel;
    /** The MQTT port's TLS context, released after the event loops stop (BoringSSL's holds native memory). */
    private @Nullable SslContext sslContext;

    public MqttBroker(DeviceDirectory directory, CertificateRegistrar registrar) {
        this(directory, registrar, Clock.systemUTC());
    }

    public MqttBroker(DeviceDirectory directory, CertificateRegistrar registrar, Clock clock) {
        this(directory, registrar, SessionStore.NONE, clock);
    }

    /**
     * A broker whose persistent sessions (subscriptions and unacknowledged QoS 1 messages) are kept in
     * {@code sessionStore} and restored by {@link #start}.
     */
    public MqttBroker(
            DeviceDirectory directory, CertificateRegistrar registrar, SessionStore sessionStore, Clock clock) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.registrar = Objects.requireNonNull(registrar, "registrar");
        this.sessionStore = Objects.requireNonNull(sessionStore, "sessionStore");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Adds a service on reserved topics ({@code $aws/things/<thing>/<family>/...}, AWS IoT Core developer guide,
     * "Reserved topics"); call before {@link #start}. Clients may then publish the service's requests, authorized by
     * their policies like any topic.
     *
     * @throws IllegalStateException when the broker is already started
     */
    public synchronized void register(ReservedTopicService service) {
        if (serverChannel != null) {
            throw new IllegalStateException("register reserved-topic services before start");
        }
        reservedTopicServices.add(Objects.requireNonNull(service, "service"));
    }

    /**
     * Binds the MQTT port and returns the port actually bound (useful with port 0).
     *
     * @throws SSLException when the server key or chain is unusable
     * @throws InterruptedException when interrupted while binding
     */
    public synchronized int start(BrokerConfig config) throws SSLException, InterruptedException {
        if (serverChannel != null) {
            throw new IllegalStateException("already started");
        }
        // Before anything is built that a refusal would have to close again.
        MqttTransport transport = MqttTransport.choose(config.transport());
        logRules(config);
        BrokerServices s = BrokerServices.create(
                config, directory, registrar, sessionStore, ReservedTopicServices.of(reservedTopicServices), clock);
        if (!s.reservedTopics().families().isEmpty()) {
            LOG.info(
                    "reserved-topic services: $aws/things/<thing>/{}/...",
                    s.reservedTopics().families());
        }
        sslContext = ServerTls.build(config, s.authenticator());
        // Named threads: an operator's thread dump or `top -H` tells the broker's loops from the API's.
        bossGroup = new MultiThreadIoEventLoopGroup(
                1, new DefaultThreadFactory("thingcore-mqtt-accept"), transport.ioHandlerFactory());
        // One event loop per core by default, not Netty's two: the work is CPU-bound (TLS, decoding,
        // authorization), and a second loop on the same core only adds context switches to every hand-over
        // between a publisher's loop and a subscriber's.
        int threads = config.eventLoopThreads() > 0
                ? config.eventLoopThreads()
                : Runtime.getRuntime().availableProcessors();
        workerGroup = new MultiThreadIoEventLoopGroup(
                threads, new DefaultThreadFactory("thingcore-mqtt-io"), transport.ioHandlerFactory());
        try {
            if (s.sessions().writer().enabled()) {
                int restored = s.sessions().restore(sessionStore.loadAll(), workerGroup.next());
                LOG.info("restored {} persistent sessions from {}", restored, sessionStore);
            }
            serverChannel = new ServerBootstrap()
                    .group(bossGroup, workerGroup)
                    .channel(transport.serverChannel())
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    // Bounds what a slow subscriber can make us buffer: QoS 0 is dropped above the high mark.
                    .childOption(
                            ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
                    .childHandler(new BrokerInitializer(s, sslContext))
                    .bind(new InetSocketAddress(config.bindHost(), config.port()))
                    .sync()
                    .channel();
        } catch (InterruptedException | RuntimeException e) {
            shutdownGroups();
            s.reservedTopics().close();
            s.sessions().writer().close();
            throw e;
        }
        services = s;
        int port = ((InetSocketAddress) serverChannel.localAddress()).getPort();
        LOG.info(
                "MQTT broker listening on {}:{} (host names {}, {} transport{})",
                config.bindHost(),
                port,
                config.hostNames(),
                transport.optionValue(),
                transport.fallbackReasons());
        return port;
    }

    /** The start-up lines that say which SNI, keep-alive and MQTT rules apply, and where they differ from AWS IoT. */
    private static void logRules(BrokerConfig config) {
        if (!config.semantics().equals(Semantics.AWS)) {
            LOG.info("MQTT semantics differ from AWS IoT's ({}): {}", Semantics.AWS, config.semantics());
        }
        switch (config.sniRule()) {
            case LENIENT ->
                LOG.info(
                        "SNI rule lenient: SNI_ONLY certificates (CA in multi-account mode, or registered without CA)"
                                + " may connect without SNI, which AWS IoT refuses (one warning per such connection);"
                                + " an SNI naming none of {} is refused. --sni-rule strict applies AWS IoT's rule",
                        config.hostNames());
            case STRICT ->
                LOG.info(
                        "SNI rule strict, as AWS IoT: SNI_ONLY certificates (CA in multi-account mode, or registered"
                                + " without CA) must send SNI naming one of {}",
                        config.hostNames());
        }
        if (config.keepAliveZeroSeconds() == BrokerConfig.KEEP_ALIVE_OFF) {
            LOG.info("keep-alive 0 turns keep-alive off (MQTT 3.1.1 section 3.1.2.10): such clients are never closed"
                    + " for silence; AWS IoT applies 1200 s to them");
        } else if (config.keepAliveZeroSeconds() != BrokerConfig.AWS_KEEP_ALIVE_ZERO_SECONDS) {
            LOG.info(
                    "keep-alive 0 means {} s (AWS IoT: 1200 s); clients are closed after 1.5 x their keep-alive"
                            + " without a packet",
                    config.keepAliveZeroSeconds());
        }
    }

    /** Stops accepting, closes every connection, and stops the event loops. */
    @Override
    public synchronized void close() {
        if (serverChannel == null) {
            return;
        }
        serverChannel.close().syncUninterruptibly();
        BrokerServices s = running();
        List<Channel> closing = new ArrayList<>();
        for (Connection c : s.connections().all()) {
            s.disconnector().disconnect(c.channel(), DisconnectReason.SERVER_INITIATED_DISCONNECT, "broker stopping");
            closing.add(c.channel());
        }
        awaitClosed(closing);
        shutdownGroups();
        // After the event loops: no request is submitted any more; those queued still run, their replies and PUBACKs
        // going nowhere.
        s.reservedTopics().close();
        // After the event loops: their last session changes (disconnection times) are written before this returns.
        s.sessions().writer().close();
        serverChannel = null;
        LOG.info("MQTT broker stopped");
    }

    /**
     * Waits, at most {@link #CLOSE_LIMIT}, until each disconnected channel has closed. A TLS close first sends the
     * peer a close_notify and closes the socket once that write completes; an event loop told to stop meanwhile (no
     * quiet period) could end before the completion came back, and the connection's teardown never ran: on io_uring
     * under CPU load, Netty's leak detector found a TLS engine never released in 2 of 4 runs of the stop test in
     * TransportsEndToEndTest before this wait, none in 4 after.
     */
    private static void awaitClosed(List<Channel> channels) {
        long deadline = System.nanoTime() + CLOSE_LIMIT.toNanos();
        int open = 0;
        for (Channel channel : channels) {
            long left = deadline - System.nanoTime();
            if (!channel.closeFuture().awaitUninterruptibly(Math.max(0, left), TimeUnit.NANOSECONDS)) {
                open++;
            }
        }
        if (open > 0) {
            LOG.warn(
                    "{} of {} connections had not closed after {} s; stopping their event loops anyway",
                    open,
                    channels.size(),
                    CLOSE_LIMIT.toSeconds());
        }
    }

    private void shutdownGroups() {
        if (workerGroup != null) {
            workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (bossGroup != null) {
            bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        // After the loops: no handshake can start on the context any more, and the engines of the connections they
        // closed have been released.
        ReferenceCountUtil.release(sslContext);
        sslContext = null;
    }

    /**
     * Publishes a message as the broker (the HTTP Publish of the AWS IoT Data Plane API Reference): routed like a
     * client's, RETAIN stores it. Subscribers still need {@code iot:Receive}.
     *
     * @throws IllegalArgumentException when the topic is not a valid topic name
     */
    public void publish(String topic, byte[] payload, int qos, boolean retain) {
        BrokerServices s = running();
        TopicRule rule = Topics.checkPublishTopic(topic, s.config().semantics());
        if (rule != null && rule != TopicRule.RESERVED) {
            throw new IllegalArgumentException("invalid topic '" + topic + "': " + rule);
        }
        int maximumQos = s.config().semantics().maximumQos();
        s.router().publish(new Message(topic, payload.clone(), Math.min(qos, maximumQos), retain, null, null));
    }

    /**
     * A client connected now, as an operator sees it (the console's Connections page).
     *
     * @param thingNames the things attached to the client's certificate
     * @param remoteAddress {@code ip:port} of the client
     * @param connectedAt when CONNACK accepted it
     * @param subscriptions its topic filters
     * @param requestedKeepAlive the keep-alive in its CONNECT, in seconds
     * @param appliedKeepAlive the keep-alive the broker applies, in seconds; 0 when none applies (the client is never
     *     closed for silence: keep-alive 0 with {@link BrokerConfig#KEEP_ALIVE_OFF})
     * @param lastActivity when the last packet from the client arrived (the CONNECT, if none since)
     */
    public record ConnectedClient(
            String clientId,
            String certificateId,
            List<String> thingNames,
            String remoteAddress,
            Instant connectedAt,
            List<String> subscriptions,
            int requestedKeepAlive,
            int appliedKeepAlive,
            Instant lastActivity) {}

    /** QoS 1 messages dropped for full session queues since the broker started (0 before it starts). */
    public long droppedQos1Messages() {
        BrokerServices s = services;
        return s == null ? 0 : s.sessions().droppedMessages().total();
    }

    /** Whether the broker is started and accepting connections (between {@link #start} and {@link #close}). */
    public boolean listening() {
        return services != null;
    }

    /** The counters since start; zero before start. */
    public BrokerCounters counters() {
        BrokerServices s = services;
        return s == null ? NOT_STARTED : s.counters();
    }

    /** The last refused connections, newest first (at most {@link RefusedConnections#DEFAULT_CAPACITY}). */
    public List<RefusedConnection> refusedConnections() {
        BrokerServices s = services;
        return s == null ? List.of() : s.refusals().recent();
    }

    /** Refused connections since start by reason; empty before start. */
    public Map<RefusalReason, Long> refusedConnectionsByReason() {
        BrokerServices s = services;
        return s == null ? Map.of() : s.refusals().countsByReason();
    }

    /** The connection, session and queue levels now; all zero while the broker is not running. */
    public BrokerGauges gauges() {
        BrokerServices s = services;
        if (s == null) {
            return BrokerGauges.STOPPED;
        }
        return new BrokerGauges(
                s.connections().all().size(),
                s.sessions().size(),
                s.sessions().queuedMessages(),
                s.reservedTopics().queued(),
                s.sessions().droppedMessages().total());
    }

    /**
     * When a client with this ID last ended an accepted connection, since the broker started and within the last
     * {@link io.thingcore.broker.presence.ClientPresence#RETENTION}; empty if not.
     */
    public Optional<Instant> lastSeen(String clientId) {
        BrokerServices s = services;
        return s == null ? Optional.empty() : s.presence().lastSeen(clientId);
    }

    /** The clients whose CONNECT was accepted and that are still connected, by client ID. */
    public List<ConnectedClient> connectedClients() {
        BrokerServices s = services;
        if (s == null) {
            return List.of();
        }
        List<ConnectedClient> clients = new ArrayList<>();
        Instant now = clock.instant();
        for (Connection c : s.connections().all()) {
            Instant connectedAt = c.connectedAt();
            if (!c.connected() || connectedAt == null) {
                continue;
            }
            DeviceRecord device = c.authorizer().device();
            Session session = c.session();
            clients.add(new ConnectedClient(
                    c.clientId(),
                    c.peer().certificateId(),
                    device == null ? List.of() : device.thingNames(),
                    String.valueOf(c.channel().remoteAddress()).replaceFirst("^/", ""),
                    connectedAt,
                    session == null ? List.of() : session.filters(),
                    c.requestedKeepAlive(),
                    c.appliedKeepAlive(),
                    c.lastActivity(now)));
        }
        clients.sort(Comparator.comparing(ConnectedClient::clientId));
        return clients;
    }

    /**
     * Disconnects a client as AWS's DeleteConnection does (disconnectReason API_INITIATED_DISCONNECT; the will is
     * published); false when no client with that ID is connected.
     */
    public boolean disconnect(String clientId) {
        BrokerServices s = services;
        if (s == null) {
            return false;
        }
        boolean found = false;
        for (Connection c : s.connections().all()) {
            if (c.connected() && c.clientId().equals(clientId)) {
                s.disconnector()
                        .disconnect(
                                c.channel(), DisconnectReason.API_INITIATED_DISCONNECT, "disconnected by an operator");
                found = true;
            }
        }
        return found;
    }

    /**
     * Lets an operator watch the messages routed to {@code filter} (the console's MQTT test client) until the returned
     * handle is closed. The operator is the gateway's administrator, like a signed-in user of the AWS IoT console's
     * test client: no device policy applies, but the filter follows the same topic rules as a device's. The observer
     * runs on publishers' event loops and must not block.
     *
     * @throws IllegalArgumentException when the filter breaks a topic rule
     */
    public AutoCloseable observe(String filter, Consumer<Message> observer) {
        BrokerServices s = running();
        TopicRule rule = Topics.checkFilter(filter, s.config().semantics());
        if (rule != null) {
            throw new IllegalArgumentException("invalid topic filter '" + filter + "': " + rule);
        }
        Subscriber subscriber = new Subscriber() {
            private final String id = "$operator/" + UUID.randomUUID();

            @Override
            public String clientId() {
                return id;
            }

            @Override
            public boolean deliver(Message message, Subscription subscription, boolean retainFlag) {
                observer.accept(message);
                return false;
            }
        };
        s.router().tree().subscribe(filter, subscriber, new Subscription(0, false));
        return () -> s.router().tree().unsubscribe(filter, subscriber);
    }

    @Override
    public void certificateChanged(String certificateId) {
        BrokerServices s = services;
        if (s == null) {
            return;
        }
        // The directory holds the change already; a CONNECT that registers after this scan re-reads it (see
        // ConnectHandler), so either this scan finds the connection or the CONNECT sees the change.
        List<Connection> affected = s.connections().forCertificate(certificateId);
        for (Connection c : affected) {
            c.authorizer().invalidate();
        }
        Optional<DeviceRecord> record = directory.findCertificate(certificateId);
        if (record.isEmpty() || record.get().status() != CertificateStatus.ACTIVE) {
            String why = record.isEmpty()
                    ? "certificate deleted"
                    : "certificate is " + record.get().status();
            for (Connection c : affected) {
                s.disconnector().disconnect(c.channel(), DisconnectReason.AUTH_ERROR, why);
            }
        }
    }

    @Override
    public void caCertificateChanged(String caCertificateId) {
        BrokerServices s = services;
        if (s == null) {
            return;
        }
        s.generation().bump();
        if (directory.findCa(caCertificateId).isPresent()) {
            return;
        }
        for (Connection c : s.connections().all()) {
            DeviceRecord device = c.authorizer().device();
            if (device != null && caCertificateId.equals(device.caCertificateId())) {
                s.disconnector().disconnect(c.channel(), DisconnectReason.AUTH_ERROR, "CA certificate deleted");
            }
        }
    }

    /** One pass over the live connections; a policy change is rare next to the operations it spares a rebuild. */
    @Override
    public void policyChanged(String policyName) {
        BrokerServices s = services;
        if (s == null) {
            return;
        }
        for (Connection c : s.connections().all()) {
            if (c.authorizer().dependsOnPolicy(policyName)) {
                c.authorizer().invalidate();
            }
        }
    }

    @Override
    public void thingChanged(String thingName) {
        BrokerServices s = services;
        if (s == null) {
            return;
        }
        for (Connection c : s.connections().all()) {
            if (c.authorizer().dependsOnThing(thingName)) {
                c.authorizer().invalidate();
            }
        }
    }

    @Override
    public void authorizationChanged() {
        BrokerServices s = services;
        if (s != null) {
            s.generation().bump();
        }
    }

    private BrokerServices running() {
        BrokerServices s = services;
        if (s == null) {
            throw new IllegalStateException("broker not started");
        }
        return s;
    }
}
