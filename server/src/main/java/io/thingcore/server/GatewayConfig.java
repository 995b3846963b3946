package io.thingcore.server;

import io.thingcore.api.http.HttpTimeouts;
import io.thingcore.broker.BrokerConfig;
import io.thingcore.broker.RetainedQuota;
import io.thingcore.broker.SniRule;
import io.thingcore.broker.transport.MqttTransport;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Everything {@code thingcore up} can be told. Null members take their defaults: the account ID and credentials are
 * generated once per data directory and kept in {@code gateway.json}; the database is a SQLite file in the data
 * directory.
 *
 * @param apiBindAddress where the API listens; HTTPS is forced when this is not a loopback address
 * @param apiTls serve the API over HTTPS with the gateway's server certificate even on loopback
 * @param databaseUrl {@code jdbc:sqlite:...}, {@code jdbc:postgresql:...} or {@code postgresql://...}; null for
 *     the embedded default
 * @param serverCertificateFile with {@code serverKeyFile}: a user-supplied server certificate (chain) instead of the
 *     one the gateway issues itself
 * @param mqttBindAddress where the MQTT broker listens; loopback by default, {@code 0.0.0.0} for real devices (every
 *     connection is mutual TLS whatever the address)
 * @param sniRule {@code --sni-rule}: whether SNI_ONLY certificates may connect without SNI (lenient, the default)
 *     or must name a {@code --host} in SNI as on AWS IoT (strict); see {@link SniRule}
 * @param keepAliveZeroSeconds {@code --keep-alive-zero}: the keep-alive applied to clients that connect with
 *     keep-alive 0, in seconds (AWS IoT's 1200 by default), or {@link BrokerConfig#KEEP_ALIVE_OFF} for none
 * @param httpTimeouts {@code --http-request-timeout}, {@code --http-body-timeout}, {@code --http-idle-timeout}: how
 *     long the API port waits for a request head, a body and the next request; null for the defaults
 * @param retainedQuota {@code --retained-*}: the bounds on retained messages; null for {@link RetainedQuota#AWS}
 * @param s3Endpoint {@code --s3-endpoint}: the S3-compatible store stream files are read from (MinIO, AWS S3, ...),
 *     or null for none (then only the gateway's own file store); credentials come from the AWS SDK's default chain
 * @param s3Region {@code --s3-region}: the region the S3 requests are signed for; null for the gateway's region
 * @param metricsBind {@code --metrics-bind}: {@code host:port} (or a port on loopback) of a listener of their own for
 *     {@code /_thingcore/health} and {@code /_thingcore/metrics}; null to serve them on the API port
 * @param compilerNice {@code --compiler-nice}: the nice value the JVM's C2 compiler threads run at, or 0 to leave
 *     them as they are; see {@link io.thingcore.server.jit}. {@code thingcore server} and {@code up} use
 *     {@link #SERVER_COMPILER_NICE}; a gateway embedded in another JVM (tests) leaves that JVM's compilers alone
 *     unless told
 * @param mqttTransport {@code --mqtt-transport}: the broker's socket transport; null for the best that loads here
 *     ({@link MqttTransport#best()})
 */
public record GatewayConfig(
        Path dataDir,
        String apiBindAddress,
        int apiPort,
        boolean apiTls,
        int mqttPort,
        List<String> hosts,
        String region,
        @Nullable String databaseUrl,
        @Nullable String accountId,
        @Nullable String accessKeyId,
        @Nullable String secretAccessKey,
        boolean resetEnabled,
        @Nullable Path serverCertificateFile,
        @Nullable Path serverKeyFile,
        String mqttBindAddress,
        SniRule sniRule,
        int keepAliveZeroSeconds,
        HttpTimeouts httpTimeouts,
        RetainedQuota retainedQuota,
        @Nullable URI s3Endpoint,
        @Nullable String s3Region,
        @Nullable String metricsBind,
        int compilerNice,
        @Nullable MqttTransport mqttTransport) {

    public static final int DEFAULT_API_PORT = 4566;
    /**
     * C2 then gets about a tenth of a core its event loops keep busy (CFS weights 110 against 1,024). A cold connect
     * storm on one core: 463 connections/s at nice 0, 715-749 at 10, 690-790 at 19; C2's compilations also come
     * later, so the messages right after the storm run on C1's code longer (bench/README.md, "The JIT compilers'
     * share"). 10 rather than 19 so that a gateway busy for minutes still gets its C2 code.
     */
    public static final int SERVER_COMPILER_NICE = 10;

    public static final int DEFAULT_MQTT_PORT = 8883;
    public static final String DEFAULT_REGION = "us-east-1";

    public GatewayConfig {
        mqttBindAddress = mqttBindAddress == null ? "127.0.0.1" : mqttBindAddress;
        sniRule = sniRule == null ? SniRule.LENIENT : sniRule;
        httpTimeouts = httpTimeouts == null ? HttpTimeouts.DEFAULTS : httpTimeouts;
        retainedQuota = retainedQuota == null ? RetainedQuota.AWS : retainedQuota;
        if (keepAliveZeroSeconds < 0 || keepAliveZeroSeconds > BrokerConfig.MAX_KEEP_ALIVE_SECONDS) {
            throw new IllegalArgumentException("--keep-alive-zero must be 1.." + BrokerConfig.MAX_KEEP_ALIVE_SECONDS
                    + " seconds or never, got " + keepAliveZeroSeconds);
        }
        hosts = hosts == null || hosts.isEmpty() ? List.of("localhost") : List.copyOf(hosts);
        if (apiPort < 0 || apiPort > 65535) {
            throw new IllegalArgumentException("--api-port must be 0..65535, got " + apiPort);
        }
        if (mqttPort < 0 || mqttPort > 65535) {
            throw new IllegalArgumentException("--mqtt-port must be 0..65535, got " + mqttPort);
        }
        if ((serverCertificateFile == null) != (serverKeyFile == null)) {
            throw new IllegalArgumentException("--server-cert and --server-key go together");
        }
        if ((accessKeyId == null) != (secretAccessKey == null)) {
            throw new IllegalArgumentException("--access-key-id and --secret-access-key go together");
        }
        if (s3Endpoint != null
                && (s3Endpoint.getHost() == null
                        || !("http".equals(s3Endpoint.getScheme()) || "https".equals(s3Endpoint.getScheme())))) {
            throw new IllegalArgumentException(
                    "--s3-endpoint must be an http:// or https:// URL with a host, got " + s3Endpoint);
        }
        if (metricsBind != null) {
            MetricsBind.parse(metricsBind); // refuses a malformed value before anything starts
        }
        if (compilerNice < 0 || compilerNice > 19) {
            throw new IllegalArgumentException("--compiler-nice must be 0..19, got " + compilerNice);
        }
    }

    /** A configuration with {@code thingcore up}'s defaults for {@code dataDir}, to adjust option by option. */
    public static Builder builder(Path dataDir) {
        return new Builder(dataDir);
    }

    /** Option-by-option construction; each method is named after its command-line option. */
    public static final class Builder {
        private final Path dataDir;
        private String apiBindAddress = "127.0.0.1";
        private int apiPort = DEFAULT_API_PORT;
        private boolean apiTls;
        private int mqttPort = DEFAULT_MQTT_PORT;
        private String mqttBindAddress = "127.0.0.1";
        private SniRule sniRule = SniRule.LENIENT;
        private int keepAliveZeroSeconds = BrokerConfig.AWS_KEEP_ALIVE_ZERO_SECONDS;
        private List<String> hosts = List.of("localhost");
        private String region = DEFAULT_REGION;
        private @Nullable String databaseUrl;
        private @Nullable String accountId;
        private @Nullable String accessKeyId;
        private @Nullable String secretAccessKey;
        private boolean resetEnabled;
        private @Nullable Path serverCertificateFile;
        private @Nullable Path serverKeyFile;
        private HttpTimeouts httpTimeouts = HttpTimeouts.DEFAULTS;
        private RetainedQuota retainedQuota = RetainedQuota.AWS;
        private @Nullable URI s3Endpoint;
        private @Nullable String s3Region;
        private @Nullable String metricsBind;
        private int compilerNice;
        private @Nullable MqttTransport mqttTransport;

        private Builder(Path dataDir) {
            this.dataDir = dataDir;
        }

        public Builder apiBind(String address) {
            this.apiBindAddress = address;
            return this;
        }

        public Builder apiPort(int port) {
            this.apiPort = port;
            return this;
        }

        public Builder apiTls(boolean tls) {
            this.apiTls = tls;
            return this;
        }

        public Builder mqttPort(int port) {
            this.mqttPort = port;
            return this;
        }

        public Builder mqttBind(String address) {
            this.mqttBindAddress = address;
            return this;
        }

        public Builder sniRule(SniRule rule) {
            this.sniRule = rule;
            return this;
        }

        /** Seconds, or {@link BrokerConfig#KEEP_ALIVE_OFF} for {@code never}. */
        public Builder keepAliveZeroSeconds(int seconds) {
            this.keepAliveZeroSeconds = seconds;
            return this;
        }

        /**
         * {@code --keep-alive-zero} as typed: {@code never}, or 1..65535 seconds.
         *
         * @throws IllegalArgumentException naming the option when the value is neither
         */
        public Builder keepAliveZero(String value) {
            this.keepAliveZeroSeconds = parseKeepAliveZero(value);
            return this;
        }

        /** Null or empty: {@code localhost}. */
        public Builder hosts(@Nullable List<String> names) {
            this.hosts = names == null ? List.of() : names;
            return this;
        }

        public Builder region(String name) {
            this.region = name;
            return this;
        }

        public Builder db(@Nullable String url) {
            this.databaseUrl = url;
            return this;
        }

        public Builder accountId(@Nullable String digits) {
            this.accountId = digits;
            return this;
        }

        public Builder credentials(@Nullable String keyId, @Nullable String secret) {
            this.accessKeyId = keyId;
            this.secretAccessKey = secret;
            return this;
        }

        public Builder enableReset(boolean enabled) {
            this.resetEnabled = enabled;
            return this;
        }

        public Builder serverCertificate(@Nullable Path certificateFile, @Nullable Path keyFile) {
            this.serverCertificateFile = certificateFile;
            this.serverKeyFile = keyFile;
            return this;
        }

        /**
         * {@code --http-request-timeout}, {@code --http-body-timeout} and {@code --http-idle-timeout}, in seconds.
         *
         * @throws IllegalArgumentException naming the option when a value is not positive
         */
        public Builder httpTimeouts(int requestSeconds, int bodySeconds, int idleSeconds) {
            this.httpTimeouts = new HttpTimeouts(
                    seconds("--http-request-timeout", requestSeconds),
                    seconds("--http-body-timeout", bodySeconds),
                    seconds("--http-idle-timeout", idleSeconds));
            return this;
        }

        private static Duration seconds(String option, int value) {
            if (value < 1) {
                throw new IllegalArgumentException(option + " must be at least 1 second, got " + value);
            }
            return Duration.ofSeconds(value);
        }

        /** The five {@code --retained-*} options as one value. */
        public Builder retainedQuota(RetainedQuota quota) {
            this.retainedQuota = quota;
            return this;
        }

        /** {@code --s3-endpoint} and {@code --s3-region}; nulls for none and for the gateway's region. */
        public Builder s3(@Nullable URI endpoint, @Nullable String region) {
            this.s3Endpoint = endpoint;
            this.s3Region = region;
            return this;
        }

        /** {@code host:port}, a bare port (on 127.0.0.1), or null for the API port. */
        public Builder metricsBind(@Nullable String hostPort) {
            this.metricsBind = hostPort;
            return this;
        }

        /** 0..19; 0 leaves the compiler threads' priority as it is. */
        public Builder compilerNice(int nice) {
            this.compilerNice = nice;
            return this;
        }

        /** null: the best that loads here. */
        public Builder mqttTransport(@Nullable MqttTransport transport) {
            this.mqttTransport = transport;
            return this;
        }

        /** @throws IllegalArgumentException with the option's name when a value is out of range */
        public GatewayConfig build() {
            return new GatewayConfig(
                    dataDir,
                    apiBindAddress,
                    apiPort,
                    apiTls,
                    mqttPort,
                    hosts,
                    region,
                    databaseUrl,
                    accountId,
                    accessKeyId,
                    secretAccessKey,
                    resetEnabled,
                    serverCertificateFile,
                    serverKeyFile,
                    mqttBindAddress,
                    sniRule,
                    keepAliveZeroSeconds,
                    httpTimeouts,
                    retainedQuota,
                    s3Endpoint,
                    s3Region,
                    metricsBind,
                    compilerNice,
                    mqttTransport);
        }
    }

    /** {@code never} is {@link BrokerConfig#KEEP_ALIVE_OFF}; otherwise 1..65535 seconds (0 would read as "off"). */
    static int parseKeepAliveZero(String value) {
        String v = value == null ? "" : value.trim();
        if (v.equalsIgnoreCase("never")) {
            return BrokerConfig.KEEP_ALIVE_OFF;
        }
        try {
            int seconds = Integer.parseInt(v);
            if (seconds >= 1 && seconds <= BrokerConfig.MAX_KEEP_ALIVE_SECONDS) {
                return seconds;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--keep-alive-zero must be 1.." + BrokerConfig.MAX_KEEP_ALIVE_SECONDS
                + " seconds or never, got '" + value + "'");
    }
}
