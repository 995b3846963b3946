package io.thingcore.broker;

import io.thingcore.broker.transport.MqttTransport;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Everything {@link MqttBroker#start(BrokerConfig)} needs. Invalid settings fail at construction (security fails
 * closed: docs/configuration.md, start-up failures).
 *
 * @param bindHost address to listen on, e.g. {@code 0.0.0.0}
 * @param port TCP port; 0 picks an ephemeral port ({@link MqttBroker#start} returns it)
 * @param serverKey the server certificate's private key
 * @param serverChain the server certificate first, then its chain (the server CA may be included)
 * @param hostNames the gateway's host names ({@code --host}); SNI_ONLY devices must name one of them in SNI
 * @param sniRule what SNI_ONLY certificates must send as SNI ({@code --sni-rule}); see {@link SniRule}
 * @param keepAliveZeroSeconds the keep-alive applied to a client that CONNECTs with keep-alive 0
 *     ({@code --keep-alive-zero}): {@value #AWS_KEEP_ALIVE_ZERO_SECONDS} as on AWS IoT, or {@link #KEEP_ALIVE_OFF}
 *     to turn keep-alive off for such clients as MQTT 3.1.1 section 3.1.2.10 describes (never closed for silence)
 * @param region AWS region in resource ARNs
 * @param accountId AWS account ID in resource ARNs and events
 * @param tlsProvider which TLS implementation to use
 * @param handshakeTimeout how long a TLS handshake may take
 * @param connectTimeout how long after the handshake a client has to send CONNECT
 * @param packetReadTimeout how long a packet may take from its first byte to its last; a client that starts a packet
 *     and stops sending is closed after it, whatever its keep-alive
 * @param maxSessionExpiry the longest a persistent session outlives its connection (AWS default 1 hour)
 * @param semantics where the broker follows AWS IoT rather than the MQTT specifications, its limits included
 *     ({@link Semantics#AWS})
 * @param eventLoopThreads worker threads; 0 for one per core
 * @param transport the socket transport of the event loops ({@code --mqtt-transport}); {@code null} for the best that
 *     loads here ({@link MqttTransport#best()}); one that does not load fails {@link MqttBroker#start}
 * @param retainedQuota the bounds on retained messages ({@code --retained-*}): AWS IoT's quotas and the heap bound;
 *     {@link RetainedQuota#AWS} by default
 */
public record BrokerConfig(
        String bindHost,
        int port,
        PrivateKey serverKey,
        List<X509Certificate> serverChain,
        List<String> hostNames,
        SniRule sniRule,
        int keepAliveZeroSeconds,
        String region,
        String accountId,
        TlsProvider tlsProvider,
        Duration handshakeTimeout,
        Duration connectTimeout,
        Duration packetReadTimeout,
        Duration maxSessionExpiry,
        Semantics semantics,
        int eventLoopThreads,
        @Nullable MqttTransport transport,
        RetainedQuota retainedQuota) {

    /**
     * AWS IoT's keep-alive for a client that asks for 0 (AWS General Reference, "AWS IoT Core endpoints and quotas",
     * message broker limits: the keep-alive is 30 to 1200 seconds, 0 means 1200; the client is disconnected after 1.5
     * times it without a packet).
     */
    public static final int AWS_KEEP_ALIVE_ZERO_SECONDS = 1200;

    /** {@link #keepAliveZeroSeconds} value that turns keep-alive off for clients that ask for 0. */
    public static final int KEEP_ALIVE_OFF = 0;

    /** The largest keep-alive MQTT can express: a two-byte integer (MQTT 3.1.1 section 3.1.2.10). */
    public static final int MAX_KEEP_ALIVE_SECONDS = 65535;

    public BrokerConfig {
        Objects.requireNonNull(bindHost, "bindHost");
        Objects.requireNonNull(serverKey, "serverKey");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(sniRule, "sniRule");
        Objects.requireNonNull(tlsProvider, "tlsProvider");
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(packetReadTimeout, "packetReadTimeout");
        Objects.requireNonNull(maxSessionExpiry, "maxSessionExpiry");
        Objects.requireNonNull(semantics, "semantics");
        Objects.requireNonNull(retainedQuota, "retainedQuota");
        serverChain = List.copyOf(serverChain);
        hostNames = List.copyOf(hostNames);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (serverChain.isEmpty()) {
            throw new IllegalArgumentException("serverChain is empty: the server certificate is required");
        }
        if (hostNames.isEmpty() && sniRule == SniRule.STRICT) {
            throw new IllegalArgumentException(
                    "hostNames is empty: SNI_ONLY devices could never connect (give the gateway's host names)");
        }
        if (keepAliveZeroSeconds < 0 || keepAliveZeroSeconds > MAX_KEEP_ALIVE_SECONDS) {
            throw new IllegalArgumentException("keepAliveZeroSeconds must be 0 (off) to " + MAX_KEEP_ALIVE_SECONDS
                    + ", got " + keepAliveZeroSeconds);
        }
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("handshakeTimeout must be positive");
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be positive");
        }
        if (packetReadTimeout.isNegative() || packetReadTimeout.isZero()) {
            throw new IllegalArgumentException("packetReadTimeout must be positive");
        }
        if (maxSessionExpiry.isNegative()) {
            throw new IllegalArgumentException("maxSessionExpiry must not be negative");
        }
        if (eventLoopThreads < 0) {
            throw new IllegalArgumentException("eventLoopThreads must not be negative");
        }
    }

    /** The protocol limits: those of {@link #semantics()}. */
    public Limits limits() {
        return semantics.limits();
    }

    /**
     * A builder with AWS's defaults (port 8883, {@link Semantics#AWS} and its {@link Limits#AWS}, 10 s timeouts, 1 hour session expiry, keep-alive 0
     * means 1200 s) and this gateway's SNI rule, {@link SniRule#LENIENT}.
     */
    public static Builder builder(PrivateKey serverKey, List<X509Certificate> serverChain) {
        return new Builder(serverKey, serverChain);
    }

    /** Builds a {@link BrokerConfig}; defaults as {@link BrokerConfig#builder} says. */
    public static final class Builder {
        private final PrivateKey serverKey;
        private final List<X509Certificate> serverChain;
        private String bindHost = "0.0.0.0";
        private int port = 8883;
        private List<String> hostNames = List.of("localhost");
        private SniRule sniRule = SniRule.LENIENT;
        private int keepAliveZeroSeconds = AWS_KEEP_ALIVE_ZERO_SECONDS;
        private String region = "us-east-1";
        private String accountId = "000000000000";
        private TlsProvider tlsProvider = TlsProvider.AUTO;
        private Duration handshakeTimeout = Duration.ofSeconds(10);
        private Duration connectTimeout = Duration.ofSeconds(10);
        /**
         * Long enough for a 128 KB PUBLISH over the slowest links devices use (NB-IoT, about 20 kbit/s, takes about
         * 50 s), short beside AWS IoT's longest keep-alive (1.5 x 1200 s).
         */
        private Duration packetReadTimeout = Duration.ofSeconds(60);

        private Duration maxSessionExpiry = Duration.ofHours(1);
        private Semantics semantics = Semantics.AWS;
        private int eventLoopThreads;
        private @Nullable MqttTransport transport;
        private RetainedQuota retainedQuota = RetainedQuota.AWS;

        private Builder(PrivateKey serverKey, List<X509Certificate> serverChain) {
            this.serverKey = serverKey;
            this.serverChain = serverChain;
        }

        public Builder bindHost(String v) {
            bindHost = v;
            return this;
        }

        public Builder port(int v) {
            port = v;
            return this;
        }

        public Builder hostNames(List<String> v) {
            hostNames = v;
            return this;
        }

        public Builder sniRule(SniRule v) {
            sniRule = v;
            return this;
        }

        /** Seconds, or {@link #KEEP_ALIVE_OFF}. */
        public Builder keepAliveZeroSeconds(int v) {
            keepAliveZeroSeconds = v;
            return this;
        }

        public Builder region(String v) {
            region = v;
            return this;
        }

        public Builder accountId(String v) {
            accountId = v;
            return this;
        }

        public Builder tlsProvider(TlsProvider v) {
            tlsProvider = v;
            return this;
        }

        public Builder handshakeTimeout(Duration v) {
            handshakeTimeout = v;
            return this;
        }

        public Builder packetReadTimeout(Duration v) {
            packetReadTimeout = v;
            return this;
        }

        public Builder connectTimeout(Duration v) {
            connectTimeout = v;
            return this;
        }

        public Builder maxSessionExpiry(Duration v) {
            maxSessionExpiry = v;
            return this;
        }

        /** Replaces the semantics' limits. */
        public Builder limits(Limits v) {
            semantics = semantics.withLimits(v);
            return this;
        }

        /** Replaces the semantics, limits included. */
        public Builder semantics(Semantics v) {
            semantics = v;
            return this;
        }

        public Builder eventLoopThreads(int v) {
            eventLoopThreads = v;
            return this;
        }

        /** {@code null}: the best that loads here. */
        public Builder transport(@Nullable MqttTransport v) {
            transport = v;
            return this;
        }

        public Builder retainedQuota(RetainedQuota v) {
            retainedQuota = v;
            return this;
        }

        public BrokerConfig build() {
            return new BrokerConfig(
                    bindHost,
                    port,
                    serverKey,
                    serverChain,
                    hostNames,
                    sniRule,
                    keepAliveZeroSeconds,
                    region,
                    accountId,
                    tlsProvider,
                    handshakeTimeout,
                    connectTimeout,
                    packetReadTimeout,
                    maxSessionExpiry,
                    semantics,
                    eventLoopThreads,
                    transport,
                    retainedQuota);
        }
    }
}
