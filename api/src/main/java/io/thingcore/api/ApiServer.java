package io.thingcore.api;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.thingcore.api.admin.AdminOperations;
import io.thingcore.api.auth.SigV4Verifier;
import io.thingcore.api.authorization.AuthorizationOperations;
import io.thingcore.api.cacertificates.CaCertificateOperations;
import io.thingcore.api.certificates.CertificateOperations;
import io.thingcore.api.dataplane.DataPlane;
import io.thingcore.api.endpoint.EndpointOperations;
import io.thingcore.api.http.ApiChannelInitializer;
import io.thingcore.api.http.Dispatcher;
import io.thingcore.api.http.Mount;
import io.thingcore.api.http.RouteFamily;
import io.thingcore.api.http.RouteTable;
import io.thingcore.api.ops.ApiCounters;
import io.thingcore.api.policies.PolicyOperations;
import io.thingcore.api.things.ThingOperations;
import io.thingcore.api.things.ThingTypeOperations;
import io.thingcore.registry.Registry;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AWS IoT HTTP API on one port: the control plane ({@code iot}, restJson1) and, told apart by the SigV4 signing
 * name, the data plane. Netty event loops parse, route and write; every operation (the registry blocks on JDBC) runs
 * on a bounded worker pool, and a full pool answers 503 ServiceUnavailableException, which SDKs retry.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    static final int WORKER_QUEUE = 1024;

    private final EventLoopGroup boss;
    private final EventLoopGroup eventLoops;
    private final ThreadPoolExecutor workers;
    private final Channel serverChannel;
    private final int port;
    private final ApiCounters counters;

    private ApiServer(
            EventLoopGroup boss,
            EventLoopGroup eventLoops,
            ThreadPoolExecutor workers,
            Channel serverChannel,
            ApiCounters counters) {
        this.counters = counters;
        this.boss = boss;
        this.eventLoops = eventLoops;
        this.workers = workers;
        this.serverChannel = serverChannel;
        this.port = ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** Starts the control plane; data-plane requests answer "not implemented yet". */
    public static ApiServer start(ApiConfig config, Registry registry) {
        return start(config, registry, DataPlane.NOT_IMPLEMENTED);
    }

    /**
     * Binds {@code config.bindAddress():config.port()} and serves until {@link #close()}.
     *
     * @throws IllegalStateException with a one-line reason (e.g. "port 4566 is already in use") if it cannot bind
     */
    public static ApiServer start(ApiConfig config, Registry registry, DataPlane dataPlane) {
        return start(config, registry, dataPlane, List.of(), List.of());
    }

    /**
     * As {@link #start(ApiConfig, Registry, DataPlane)}, with a {@link Mount} (the web console, or null) served under
     * its own prefix on the same port.
     */
    public static ApiServer start(ApiConfig config, Registry registry, DataPlane dataPlane, @Nullable Mount mount) {
        return start(config, registry, dataPlane, mount == null ? List.of() : List.of(mount), List.of());
    }

    /**
     * As {@link #start(ApiConfig, Registry, DataPlane)}, with {@link Mount}s (the web console, the health and metrics
     * endpoints) each served under its own paths on the same port (the first that owns a path answers it), and the
     * route families the server contributes (jobs, streams, ...): control-plane families join the registry's table,
     * the others get a table per signing name.
     */
    public static ApiServer start(
            ApiConfig config, Registry registry, DataPlane dataPlane, List<Mount> mounts, List<RouteFamily> families) {
        RouteTable controlPlane = controlPlaneRoutes(config, registry);
        Map<String, RouteTable> services = new LinkedHashMap<>();
        for (RouteFamily family : families) {
            if (RouteFamily.CONTROL_PLANE.equals(family.signingName())) {
                family.register(controlPlane);
            } else {
                family.register(services.computeIfAbsent(family.signingName(), name -> new RouteTable()));
            }
        }
        // The control plane's names first: error messages name the first one as the expected service.
        Set<String> signingNames = new LinkedHashSet<>(Dispatcher.CONTROL_PLANE_SIGNING_NAMES);
        signingNames.addAll(DataPlane.SIGNING_NAMES);
        signingNames.addAll(services.keySet());
        SigV4Verifier verifier = new SigV4Verifier(
                config.accessKeyId(),
                config.secretAccessKey(),
                config.account().region(),
                signingNames,
                config.clock());
        ApiCounters counters = new ApiCounters();
        Dispatcher dispatcher =
                new Dispatcher(verifier, config.account(), controlPlane, services, dataPlane, mounts, counters);

        int threads = Math.max(4, Runtime.getRuntime().availableProcessors() * 2);
        ThreadPoolExecutor workers = new ThreadPoolExecutor(
                threads,
                threads,
                60,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(WORKER_QUEUE),
                new DefaultThreadFactory("thingcore-api-worker", true));
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(
                1, new DefaultThreadFactory("thingcore-api-accept", true), NioIoHandler.newFactory());
        EventLoopGroup eventLoops = new MultiThreadIoEventLoopGroup(
                0, new DefaultThreadFactory("thingcore-api-io", true), NioIoHandler.newFactory());
        try {
            Channel channel = new ServerBootstrap()
                    .group(boss, eventLoops)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childHandler(
                            new ApiChannelInitializer(config.sslContext(), dispatcher, workers, config.httpTimeouts()))
                    .bind(config.bindAddress(), config.port())
                    .syncUninterruptibly()
                    .channel();
            ApiServer server = new ApiServer(boss, eventLoops, workers, channel, counters);
            LOG.info(
                    "AWS IoT API listening on {}://{}:{} (account {}, region {})",
                    config.sslContext() == null ? "http" : "https",
                    config.bindAddress(),
                    server.port(),
                    config.account().accountId(),
                    config.account().region());
            return server;
        } catch (Exception e) { // syncUninterruptibly() rethrows the checked BindException as is
            boss.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            eventLoops.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            workers.shutdownNow();
            throw bindFailure(config, e);
        }
    }

    private static RuntimeException bindFailure(ApiConfig config, Exception e) {
        Throwable cause = e;
        while (cause != null && !(cause instanceof BindException)) {
            cause = cause.getCause();
        }
        if (cause == null && e instanceof java.net.SocketException) {
            cause = e;
        }
        if (cause == null) {
            return new IllegalStateException(
                    "cannot listen on " + config.bindAddress() + ":" + config.port() + ": " + e.getMessage(), e);
        }
        String message = String.valueOf(cause.getMessage());
        if (message.contains("in use")) {
            return new IllegalStateException("port " + config.port() + " is already in use", e);
        }
        return new IllegalStateException(
                "cannot listen on " + config.bindAddress() + ":" + config.port() + ": " + message, e);
    }

    /** The registry's control-plane operations, one resource family per package. */
    static RouteTable controlPlaneRoutes(ApiConfig config, Registry registry) {
        RouteTable routes = new RouteTable();
        new CaCertificateOperations(registry).register(routes);
        new CertificateOperations(registry).register(routes);
        new PolicyOperations(registry).register(routes);
        new ThingOperations(registry).register(routes);
        new ThingTypeOperations(registry).register(routes);
        new AuthorizationOperations(registry).register(routes);
        new EndpointOperations(config.endpointHosts()).register(routes);
        if (config.resetEnabled()) {
            new AdminOperations(registry).register(routes);
        }
        return routes;
    }

    /** Calls and errors per operation since start. */
    public ApiCounters counters() {
        return counters;
    }

    /** Requests waiting for a worker now (at most {@value #WORKER_QUEUE}; beyond, requests answer 503). */
    public int queuedRequests() {
        return workers.getQueue().size();
    }

    /** The bound port (the ephemeral one when the configured port was 0). */
    public int port() {
        return port;
    }

    /** Stops accepting, lets in-flight operations finish (up to 5 s) and releases the threads. */
    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
        eventLoops.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
