package io.thingcore.server;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.thingcore.api.ApiConfig;
import io.thingcore.api.ApiServer;
import io.thingcore.pki.GatewayCertificates;
import io.thingcore.pki.PkiException;
import io.thingcore.registry.Account;
import io.thingcore.registry.jdbc.JdbcRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running gateway: the registry on its database, the API server, the gateway's PKI in the data directory, and the
 * {@code connection.json} that tells clients how to reach it. {@link #close()} stops it; everything acknowledged
 * before is on disk.
 */
public final class Gateway implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Gateway.class);

    private final JdbcRegistry registry;
    private final ApiServer api;
    private final ConnectionInfo connection;
    private final Path connectionFile;

    private Gateway(JdbcRegistry registry, ApiServer api, ConnectionInfo connection, Path connectionFile) {
        this.registry = registry;
        this.api = api;
        this.connection = connection;
        this.connectionFile = connectionFile;
    }

    /** Starts a gateway, or throws a {@link StartupException} with one clear line and leaves nothing running. */
    public static Gateway start(GatewayConfig config, Clock clock) {
        Path dataDir = prepareDataDir(config.dataDir());
        GatewayIdentity identity = GatewayIdentity.loadOrCreate(dataDir, config, new SecureRandom());
        Account account;
        try {
            account = new Account(identity.accountId(), config.region());
        } catch (IllegalArgumentException e) {
            throw new StartupException(e.getMessage(), e);
        }
        GatewayCertificates certificates = loadCertificates(config, dataDir, clock);
        String databaseUrl =
                config.databaseUrl() != null ? config.databaseUrl() : "jdbc:sqlite:" + dataDir.resolve("registry.db");
        boolean tls = requiresTls(config);

        JdbcRegistry registry;
        try {
            registry = JdbcRegistry.open(databaseUrl, account, certificates.deviceCa(), clock);
        } catch (RuntimeException e) {
            throw new StartupException(
                    "cannot open the registry database " + redact(databaseUrl) + ": " + e.getMessage(), e);
        }
        ApiServer api;
        try {
            api = ApiServer.start(
                    new ApiConfig(
                            config.apiBindAddress(),
                            config.apiPort(),
                            tls ? serverSslContext(certificates) : null,
                            account,
                            identity.accessKeyId(),
                            identity.secretAccessKey(),
                            config.hosts(),
                            config.resetEnabled(),
                            clock),
                    registry);
        } catch (RuntimeException e) {
            registry.close();
            throw e instanceof StartupException ? e : new StartupException(e.getMessage(), e);
        }

        String endpointHost =
                isWildcard(config.apiBindAddress()) ? config.hosts().get(0) : hostLiteral(config);
        ConnectionInfo connection = new ConnectionInfo(
                account.region(),
                account.accountId(),
                (tls ? "https://" : "http://") + endpointHost + ":" + api.port(),
                config.hosts().get(0),
                config.mqttPort(),
                certificates.serverCaFile().toAbsolutePath().toString(),
                identity.accessKeyId(),
                identity.secretAccessKey());
        Path connectionFile = dataDir.resolve(ConnectionInfo.FILE_NAME);
        try {
            connection.writeTo(connectionFile);
        } catch (IOException e) {
            api.close();
            registry.close();
            throw new StartupException("cannot write " + connectionFile + ": " + e.getMessage(), e);
        }
        if (config.resetEnabled()) {
            log.warn("--enable-reset is on: POST /_thingcore/reset wipes every resource of this gateway");
        }
        log.info("API listening on {}", connection.apiEndpoint());
        return new Gateway(registry, api, connection, connectionFile);
    }

    public ConnectionInfo connection() {
        return connection;
    }

    public Path connectionFile() {
        return connectionFile;
    }

    public int apiPort() {
        return api.port();
    }

    @Override
    public void close() {
        api.close();
        registry.close();
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

    private static GatewayCertificates loadCertificates(GatewayConfig config, Path dataDir, Clock clock) {
        try {
            if (config.serverCertificateFile() != null) {
                return GatewayCertificates.withServerCertificate(
                        dataDir, config.serverCertificateFile(), config.serverKeyFile(), clock);
            }
            return GatewayCertificates.loadOrCreate(dataDir, config.hosts(), clock);
        } catch (PkiException e) {
            throw new StartupException(e.getMessage(), e);
        }
    }

    private static SslContext serverSslContext(GatewayCertificates certificates) {
        try {
            return SslContextBuilder.forServer(
                            certificates.serverPrivateKey(),
                            certificates.serverCertificateChain().toArray(new X509Certificate[0]))
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
