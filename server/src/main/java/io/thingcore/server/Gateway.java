package io.thingcore.server;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.ResourceLeakDetector;
import io.thingcore.api.ApiConfig;
import io.thingcore.api.ApiServer;
import io.thingcore.api.dataplane.DataPlane;
import io.thingcore.api.http.Mount;
import io.thingcore.api.http.RouteFamily;
import io.thingcore.api.streams.StreamOperations;
import io.thingcore.broker.BrokerConfig;
import io.thingcore.broker.MqttBroker;
import io.thingcore.broker.tls.ServerTls;
import io.thingcore.console.Console;
import io.thingcore.console.ConsoleSettings;
import io.thingcore.console.dashboard.DashboardHistory;
import io.thingcore.console.messaging.ConsoleMessaging;
import io.thingcore.console.session.SessionStore;
import io.thingcore.pki.GatewayCertificates;
import io.thingcore.pki.Pem;
import io.thingcore.pki.PkiException;
import io.thingcore.registry.Account;
import io.thingcore.registry.jdbc.JdbcRegistry;
import io.thingcore.server.jit.OptimizingCompilerPriority;
import io.thingcore.server.ops.DatabaseProbe;
import io.thingcore.server.ops.OpsEndpoints;
import io.thingcore.server.ops.OpsListener;
import io.thingcore.server.ops.OpsMount;
import io.thingcore.sessions.BrokerSessionStore;
import io.thingcore.sessions.JdbcSessionStore;
import io.thingcore.storage.DatabaseInUseException;
import io.thingcore.storage.LockFile;
import io.thingcore.storage.Storage;
import io.thingcore.streams.control.Streams;
import io.thingcore.streams.store.JdbcStreamStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running gateway: the registry and AWS IoT Jobs on its database, the MQTT broker and the API server on it, the gateway's PKI in
 * the data directory, and the {@code connection.json} that tells clients how to reach it. {@link #close()} stops it; everything acknowledged
 * before is on disk.
 */
public final class Gateway implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Gateway.class);

    /** The data directory's lock file, holding the pid of the gateway that uses the directory. */
    static final String LOCK_FILE = "gateway.lock";

    private final List<AutoCloseable> running;
    private final ConnectionInfo connection;
    private final Path connectionFile;
    private final int apiPort;
    private final int mqttPort;
    private final MqttBroker broker;

    private Gateway(
            List<AutoCloseable> running,
            ConnectionInfo connection,
            Path connectionFile,
            int apiPort,
            int mqttPort,
            MqttBroker broker) {
        this.running = running;
        this.broker = broker;
        this.connection = connection;
        this.connectionFile = connectionFile;
        this.apiPort = apiPort;
        this.mqttPort = mqttPort;
    }

    /** Starts a gateway, or throws a {@link StartupException} with one clear line and leaves nothing running. */
    public static Gateway start(GatewayConfig config, Clock clock) {
        quietLeakDetection();
        // First, so that C2's compilations of start-up code already take only what start-up leaves of the CPU.
        OptimizingCompilerPriority compilerPriority = OptimizingCompilerPriority.lower(config.compilerNice());
        try {
            Path dataDir = prepareDataDir(config.dataDir());
            LockFile dataDirLock = lockDataDir(dataDir);
            try {
                return start(config, clock, dataDir, dataDirLock, compilerPriority);
            } catch (RuntimeException e) {
                dataDirLock.close(); // idempotent: start's own clean-up may have released it already
                throw e;
            }
        } catch (RuntimeException e) {
            compilerPriority.close(); // idempotent, as the lock's
            throw e;
        }
    }

    private static Gateway start(
            GatewayConfig config, Clock clock, Path dataDir, LockFile dataDirLock, AutoCloseable compilerPriority) {
        GatewayIdentity identity = GatewayIdentity.loadOrCreate(dataDir, config, new SecureRandom());
        Account account;
        try {
            account = new Account(identity.accountId(), config.region());
        } catch (IllegalArgumentException e) {
            throw new StartupException(e);
        }
        GatewayCertificates certificates = loadCertificates(config, dataDir, clock);
        ServerKeyAdvice.forDicFirmware(certificates.serverCertificateChain().get(0))
                .ifPresent(log::warn);
        String databaseUrl =
                config.databaseUrl() != null ? config.databaseUrl() : "jdbc:sqlite:" + dataDir.resolve("registry.db");
        boolean tls = requiresTls(config);

        // Started parts, stopped in reverse order on failure and on close: the data directory's lock last.
        List<AutoCloseable> running = new ArrayList<>();
        running.add(dataDirLock);
        running.add(compilerPriority);
        try {
            // One database for every store: the storage core first, then each store applies its migration track.
            Storage storage;
            JdbcRegistry registry;
            JdbcSessionStore sessions;
            JdbcStreamStore streamStore;
            try {
                storage = Storage.open(databaseUrl, clock);
                running.add(storage);
                registry = JdbcRegistry.open(storage, account, certificates.deviceCa(), clock);
                sessions = JdbcSessionStore.open(storage, account.accountId(), account.region());
                streamStore = JdbcStreamStore.open(storage);
            } catch (DatabaseInUseException e) {
                throw new StartupException(e);
            } catch (RuntimeException e) {
                throw new StartupException(
                        "cannot open the registry database " + redact(databaseUrl) + ": " + e.getMessage(), e);
            }
            running.add(registry);
            ExecutorService registryWriter = Executors.newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(runnable, "thingcore-registry-writer");
                thread.setDaemon(true);
                return thread;
            });
            running.add(registryWriter::shutdown);

            RegistryDirectoryForBroker directory =
                    new RegistryDirectoryForBroker(registry, registry.deviceDirectory(), registryWriter);
            MqttBroker broker = new MqttBroker(directory, directory, new BrokerSessionStore(sessions), clock);
            Streams streams = StreamsWiring.start(config, dataDir, account, streamStore, broker, running, clock);
            List<RouteFamily> routeFamilies = new ArrayList<>();
            routeFamilies.add(new StreamOperations(streams));
            GatewayJobs jobs = openJobs(storage, account, registry, broker, clock);
            running.add(jobs);
            routeFamilies.addAll(jobs.routeFamilies());
            routeFamilies.add(jobs.otaUpdates(streams, storage));
            int mqttPort = startBroker(broker, config, account, certificates);
            running.add(broker);
            registry.addListener(new RegistryChangesToBroker(broker));
            jobs.start();

            OpsEndpoints ops = new OpsEndpoints(new DatabaseProbe(storage.database()), broker);
            running.add(ops);
            ConsoleMessaging consoleMessaging = new BrokerMessagingForConsole(broker, clock);
            DashboardHistory dashboard = new DashboardHistory(
                            new BrokerReadingsForConsole(broker), new RegistryExpiriesForConsole(registry), clock)
                    .start(consoleMessaging);
            running.add(dashboard);
            ApiServer api = startApi(
                    config,
                    tls,
                    account,
                    identity,
                    certificates,
                    registry,
                    mqttPort,
                    clock,
                    routeFamilies,
                    consoleMessaging,
                    dashboard,
                    config.metricsBind() == null ? new OpsMount(ops) : null);
            running.add(api);
            ops.apiStarted(api);

            String endpointHost =
                    isWildcard(config.apiBindAddress()) ? config.hosts().get(0) : hostLiteral(config);
            String apiEndpoint = (tls ? "https://" : "http://") + endpointHost + ":" + api.port();
            String opsBase = apiEndpoint;
            if (config.metricsBind() != null) {
                MetricsBind bind = MetricsBind.parse(config.metricsBind());
                OpsListener listener;
                try {
                    listener = OpsListener.start(bind.host(), bind.port(), ops);
                } catch (IllegalStateException e) {
                    throw new StartupException(String.valueOf(e.getMessage()), e);
                }
                running.add(listener);
                opsBase = "http://" + urlHost(bind.host(), config) + ":" + listener.port();
            }
            ConnectionInfo connection = new ConnectionInfo(
                    account.region(),
                    account.accountId(),
                    apiEndpoint,
                    config.hosts().get(0),
                    mqttPort,
                    certificates.serverCaFile().toAbsolutePath().toString(),
                    identity.accessKeyId(),
                    identity.secretAccessKey(),
                    opsBase + OpsEndpoints.HEALTH,
                    opsBase + OpsEndpoints.METRICS);
            Path connectionFile = dataDir.resolve(ConnectionInfo.FILE_NAME);
            try {
                connection.writeTo(connectionFile);
            } catch (IOException e) {
                throw new StartupException("cannot write " + connectionFile + ": " + e.getMessage(), e);
            }
            if (config.resetEnabled()) {
                log.warn("--enable-reset is on: POST /_thingcore/reset wipes every resource of this gateway");
            }
            log.info("API on {}, MQTT on {}:{}", connection.apiEndpoint(), config.mqttBindAddress(), mqttPort);
            log.info("health on {}, metrics on {}", connection.healthUrl(), connection.metricsUrl());
            return new Gateway(List.copyOf(running), connection, connectionFile, api.port(), mqttPort, broker);
        } catch (RuntimeException e) {
            stopAll(running);
            throw e instanceof StartupException ? e : new StartupException(e);
        }
    }

    private static int startBroker(
            MqttBroker broker, GatewayConfig config, Account account, GatewayCertificates certificates) {
        BrokerConfig brokerConfig = BrokerConfig.builder(
                        certificates.serverPrivateKey(), certificates.serverCertificateChain())
                .bindHost(config.mqttBindAddress())
                .port(config.mqttPort())
                .hostNames(config.hosts())
                .sniRule(config.sniRule())
                .keepAliveZeroSeconds(config.keepAliveZeroSeconds())
                .retainedQuota(config.retainedQuota())
                .transport(config.mqttTransport())
                .region(account.region())
                .accountId(account.accountId())
                .build();
        try {
            return broker.start(brokerConfig);
        } catch (SSLException e) {
            throw new StartupException("cannot use the server certificate for MQTT: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartupException("interrupted while starting the MQTT broker", e);
        } catch (IllegalStateException e) {
            // A --mqtt-transport that does not load here: the broker's message names the option and the reason.
            throw new StartupException(Objects.requireNonNullElse(e.getMessage(), "cannot start the MQTT broker"), e);
        } catch (Exception e) {
            // Netty's bind rethrows the BindException unchecked (ChannelFuture.sync), so it reaches here as is.
            if (isBindFailure(e)) {
                throw new StartupException(
                        "MQTT port " + config.mqttPort() + " is already in use on " + config.mqttBindAddress()
                                + ": pass --mqtt-port PORT (0 picks a free one)",
                        e);
            }
            throw e instanceof RuntimeException runtime ? runtime : new StartupException(e);
        }
    }

    private static ApiServer startApi(
            GatewayConfig config,
            boolean tls,
            Account account,
            GatewayIdentity identity,
            GatewayCertificates certificates,
            JdbcRegistry registry,
            int mqttPort,
            Clock clock,
            List<RouteFamily> routeFamilies,
            ConsoleMessaging consoleMessaging,
            DashboardHistory dashboard,
            @Nullable Mount opsMount) {
        // The web console on the API port (/console/), with the broker behind its Connections and MQTT test client.
        ConsoleSettings consoleSettings = new ConsoleSettings(
                identity.accessKeyId(),
                identity.secretAccessKey(),
                account.region(),
                account.accountId(),
                config.hosts().get(0),
                mqttPort,
                Pem.write(certificates.serverCaCertificate()));
        Mount console = new Console(consoleSettings, consoleMessaging, new SessionStore(clock), dashboard, clock);
        return ApiServer.start(
                new ApiConfig(
                        config.apiBindAddress(),
                        config.apiPort(),
                        tls ? serverSslContext(certificates) : null,
                        account,
                        identity.accessKeyId(),
                        identity.secretAccessKey(),
                        config.hosts(),
                        config.resetEnabled(),
                        clock,
                        config.httpTimeouts()),
                registry,
                DataPlane.NOT_IMPLEMENTED,
                opsMount == null ? List.of(console) : List.of(console, opsMount),
                routeFamilies);
    }

    /** AWS IoT Jobs on the gateway's storage, registered on the broker before it starts. */
    private static GatewayJobs openJobs(
            Storage storage, Account account, JdbcRegistry registry, MqttBroker broker, Clock clock) {
        try {
            return GatewayJobs.open(storage, account, registry, broker, clock);
        } catch (RuntimeException e) {
            throw new StartupException("cannot open the jobs store: " + e.getMessage(), e);
        }
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    public ConnectionInfo connection() {
        return connection;
    }

    public Path connectionFile() {
        return connectionFile;
    }

    public int apiPort() {
        return apiPort;
    }

    public int mqttPort() {
        return mqttPort;
    }

    /**
     * Stops the API first (no new writes), then the broker (each client disconnected with its lifecycle event, the
     * sessions written), then the registry; the last line says how many clients were connected.
     */
    @Override
    public void close() {
        int clients = broker.connectedClients().size();
        stopAll(running);
        log.info("stopped, {} clients disconnected", clients);
    }

    private static void stopAll(List<AutoCloseable> parts) {
        for (int i = parts.size() - 1; i >= 0; i--) {
            try {
                parts.get(i).close();
            } catch (Exception e) {
                log.warn("error while stopping {}", parts.get(i), e);
            }
        }
    }

    /**
     * Netty's default leak detection samples one buffer in 128 and records a stack trace for it on the event loop: 2%
     * and more of the broker's CPU in a connect storm (JFR, issue 6). A gateway does not pay for it unless asked with
     * {@code -Dio.netty.leakDetection.level=...}; the test suites run {@code paranoid}.
     */
    private static void quietLeakDetection() {
        if (System.getProperty("io.netty.leakDetection.level") == null) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
    }

    private static Path prepareDataDir(Path requested) {
        Path dataDir = requested.toAbsolutePath().normalize();
        try {
            if (!Files.isDirectory(dataDir)) {
                Files.createDirectories(
                        dataDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            Path probe = Files.createTempFile(dataDir, ".write-probe", ".tmp");
            Files.delete(probe);
        } catch (AccessDeniedException e) {
            throw new StartupException("data directory " + dataDir + " is not usable: permission denied", e);
        } catch (IOException e) {
            throw new StartupException("data directory " + dataDir + " is not usable: " + e, e);
        }
        return dataDir;
    }

    /**
     * One gateway per data directory: its identity, PKI, {@code connection.json} and default SQLite registry are this
     * gateway's alone, so a second one on the same directory is refused before it reads or writes any of them. The
     * kernel releases the lock when the process ends, however it ends (see {@link LockFile}).
     */
    private static LockFile lockDataDir(Path dataDir) {
        LockFile.Attempt attempt;
        try {
            attempt = LockFile.tryAcquire(dataDir.resolve(LOCK_FILE));
        } catch (UncheckedIOException e) {
            throw new StartupException("data directory " + dataDir + " is not usable: " + e.getMessage(), e);
        }
        if (attempt instanceof LockFile.Held held) {
            throw new StartupException("the data directory " + dataDir + " is in use by " + held.holder()
                    + " (another thingcore gateway)");
        }
        return ((LockFile.Acquired) attempt).lock();
    }

    private static GatewayCertificates loadCertificates(GatewayConfig config, Path dataDir, Clock clock) {
        try {
            // Both or neither: GatewayConfig refuses one without the other.
            Path certificateFile = config.serverCertificateFile();
            Path keyFile = config.serverKeyFile();
            if (certificateFile != null && keyFile != null) {
                return GatewayCertificates.withServerCertificate(dataDir, certificateFile, keyFile, clock);
            }
            return GatewayCertificates.loadOrCreate(dataDir, config.hosts(), clock);
        } catch (PkiException e) {
            throw new StartupException(e);
        }
    }

    private static SslContext serverSslContext(GatewayCertificates certificates) {
        try {
            return SslContextBuilder.forServer(
                            certificates.serverPrivateKey(),
                            certificates.serverCertificateChain().toArray(new X509Certificate[0]))
                    .keyStoreType(ServerTls.IN_MEMORY_KEY_STORE_TYPE)
                    .build();
        } catch (SSLException e) {
            throw new StartupException("cannot use the server certificate for HTTPS: " + e.getMessage(), e);
        }
    }

    /**
     * HTTPS when asked for, and always when the API is reachable beyond this machine: SigV4 protects integrity, not
     * the confidentiality of the registry's contents (certificate PEMs, policies) or of the console's session later.
     */
    static boolean requiresTls(GatewayConfig config) {
        return config.apiTls() || !isLoopback(config.apiBindAddress());
    }

    private static boolean isLoopback(String bindAddress) {
        try {
            return InetAddress.getByName(bindAddress).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new StartupException("cannot resolve the API bind address " + bindAddress, e);
        }
    }

    private static boolean isWildcard(String bindAddress) {
        try {
            return InetAddress.getByName(bindAddress).isAnyLocalAddress();
        } catch (UnknownHostException e) {
            throw new StartupException("cannot resolve the API bind address " + bindAddress, e);
        }
    }

    /** The host of a URL to {@code bindHost}: the first {@code --host} for a wildcard, IPv6 in brackets. */
    private static String urlHost(String bindHost, GatewayConfig config) {
        try {
            if (InetAddress.getByName(bindHost).isAnyLocalAddress()) {
                return config.hosts().get(0);
            }
        } catch (UnknownHostException e) {
            throw new StartupException("cannot resolve the --metrics-bind address " + bindHost, e);
        }
        return bindHost.contains(":") ? "[" + bindHost + "]" : bindHost;
    }

    private static String hostLiteral(GatewayConfig config) {
        String address = config.apiBindAddress();
        return address.contains(":") ? "[" + address + "]" : address;
    }

    /** Database URLs may carry a password; never print it. */
    static String redact(String databaseUrl) {
        return databaseUrl
                .replaceAll("(password=)[^&]*", "$1***")
                .replaceAll("(postgres(?:ql)?://[^:/@]+:)[^@]*@", "$1***@");
    }
}
