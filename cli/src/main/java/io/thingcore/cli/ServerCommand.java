package io.thingcore.cli;

import ch.qos.logback.classic.LoggerContext;
import io.thingcore.broker.RetainedQuota;
import io.thingcore.broker.SniRule;
import io.thingcore.broker.transport.MqttTransport;
import io.thingcore.cli.config.ConfigFileDefaults;
import io.thingcore.cli.credentials.AdminCredentials;
import io.thingcore.cli.lifecycle.Detached;
import io.thingcore.cli.lifecycle.GracefulStop;
import io.thingcore.cli.lifecycle.StartupChecks;
import io.thingcore.cli.logging.LogOutput;
import io.thingcore.server.ConnectionInfo;
import io.thingcore.server.Gateway;
import io.thingcore.server.GatewayConfig;
import io.thingcore.server.StartupException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Starts the gateway in the foreground until interrupted. {@code up} is the same command under the README's name, and
 * the only one whose banner shows the secret access key.
 */
@Command(
        name = "server",
        mixinStandardHelpOptions = true,
        defaultValueProvider = ConfigFileDefaults.class,
        description = "Start the gateway in the foreground: the AWS IoT API and the MQTT broker. Prints no secret"
                + " (for services; 'up' prints the AWS CLI lines).")
public class ServerCommand implements Callable<Integer>, ConfigFileDefaults.Configurable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "Read the other options from FILE, YAML with one key per long option without its dashes"
                    + " (mqtt-port: 8883); options on the command line win over it (default: $"
                    + ConfigFileDefaults.ENVIRONMENT_VARIABLE + ").")
    @Nullable
    Path configFile;

    @Option(
            names = "--detach",
            description = "Start the gateway in the background and return once it is ready (its output goes to"
                    + " DATA_DIR/thingcore.log); `thingcore status` and `thingcore stop` manage it.")
    boolean detach;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description =
                    "Where the registry, the gateway's keys and connection.json live (default: ${DEFAULT-VALUE}).",
            defaultValue = "${sys:user.home}/.thingcore")
    Path dataDir;

    @Option(
            names = "--api-port",
            paramLabel = "PORT",
            description = "API port; 0 picks a free one (default: ${DEFAULT-VALUE}).",
            defaultValue = "" + GatewayConfig.DEFAULT_API_PORT)
    int apiPort;

    @Option(
            names = "--api-bind",
            paramLabel = "ADDRESS",
            description = "API bind address (default: ${DEFAULT-VALUE}); any non-loopback address turns HTTPS on.",
            defaultValue = "127.0.0.1")
    String apiBind;

    @Option(names = "--api-tls", description = "Serve the API over HTTPS with the gateway's server certificate.")
    boolean apiTls;

    @Option(
            names = "--mqtt-port",
            paramLabel = "PORT",
            description = "MQTT over TLS port for the broker; 0 picks a free one (default: ${DEFAULT-VALUE}).",
            defaultValue = "" + GatewayConfig.DEFAULT_MQTT_PORT)
    int mqttPort;

    @Option(
            names = "--mqtt-bind",
            paramLabel = "ADDRESS",
            description = "MQTT bind address (default: ${DEFAULT-VALUE}); 0.0.0.0 lets devices on the network connect"
                    + " (always mutual TLS).",
            defaultValue = "127.0.0.1")
    String mqttBind;

    @Option(
            names = "--sni-rule",
            paramLabel = "lenient|strict",
            description = "SNI required of SNI_ONLY certificates (CA in multi-account mode, or registered without CA)."
                    + " lenient (default): a missing SNI is accepted with a warning per connection, as devices whose"
                    + " firmware sends none need (AWS IoT refuses them); an SNI naming none of the --host names is"
                    + " refused. strict: AWS IoT's rule, SNI naming a --host required.",
            defaultValue = "lenient")
    SniRule sniRule;

    @Option(
            names = "--keep-alive-zero",
            paramLabel = "SECONDS|never",
            description = "Keep-alive applied to clients that connect with keep-alive 0 (default: ${DEFAULT-VALUE},"
                    + " as AWS IoT; closed after 1.5 x without a packet). never: no keep-alive, never closed for"
                    + " silence (MQTT 3.1.1 3.1.2.10), for DIC firmware, which never reconnects.",
            defaultValue = "1200")
    String keepAliveZero;

    @Option(
            names = "--http-request-timeout",
            paramLabel = "SECONDS",
            description = "API and console: the longest a request head may take from its first byte (or the"
                    + " connection's start), and the longest silence within a body; then 408 and close (default:"
                    + " ${DEFAULT-VALUE}).",
            defaultValue = "10")
    int httpRequestTimeout;

    @Option(
            names = "--http-body-timeout",
            paramLabel = "SECONDS",
            description = "API and console: the longest a request body may take after its head (default:"
                    + " ${DEFAULT-VALUE}).",
            defaultValue = "120")
    int httpBodyTimeout;

    @Option(
            names = "--http-idle-timeout",
            paramLabel = "SECONDS",
            description = "API and console: how long a keep-alive connection may wait for its next request"
                    + " (default: ${DEFAULT-VALUE}).",
            defaultValue = "120")
    int httpIdleTimeout;

    @Option(
            names = "--s3-endpoint",
            paramLabel = "URL",
            description = "An S3-compatible store (MinIO, AWS S3 as https://s3.REGION.amazonaws.com, ...) that stream"
                    + " files are read from, path-style; credentials from the AWS SDK's default chain"
                    + " (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE, ~/.aws). Without it, streams read only"
                    + " the gateway's own files (bucket thingcore-files).")
    java.net.URI s3Endpoint;

    @Option(
            names = "--s3-region",
            paramLabel = "REGION",
            description = "The region S3 requests are signed for (default: --region).")
    String s3Region;

    @Option(
            names = "--retained-max-messages",
            paramLabel = "N",
            description = "Most retained messages kept (default: ${DEFAULT-VALUE}, AWS IoT's quota per account);"
                    + " a RETAIN publish beyond it is refused as AWS throttles it.",
            defaultValue = "500000")
    int retainedMaxMessages;

    @Option(
            names = "--retained-max-message-bytes",
            paramLabel = "BYTES",
            description = "Largest retained payload (default: ${DEFAULT-VALUE}, AWS IoT's 128 KB message size).",
            defaultValue = "131072")
    int retainedMaxMessageBytes;

    @Option(
            names = "--retained-max-total-bytes",
            paramLabel = "BYTES",
            description = "Most payload bytes all retained messages hold together, the heap they may take (default:"
                    + " ${DEFAULT-VALUE}, 64 MiB; retained messages are kept in memory).",
            defaultValue = "67108864")
    long retainedMaxTotalBytes;

    @Option(
            names = "--retained-publishes-per-second",
            paramLabel = "N",
            description = "RETAIN publishes stored per second over all clients (default: ${DEFAULT-VALUE}, AWS IoT's"
                    + " quota per account).",
            defaultValue = "500")
    int retainedPublishesPerSecond;

    @Option(
            names = "--retained-publishes-per-second-per-connection",
            paramLabel = "N",
            description = "RETAIN publishes stored per second on one connection (default: ${DEFAULT-VALUE}, AWS IoT's"
                    + " quota).",
            defaultValue = "20")
    int retainedPublishesPerSecondPerConnection;

    @Option(
            names = "--host",
            paramLabel = "NAME",
            split = ",",
            description = "A name the server certificate covers and DescribeEndpoint returns; repeatable, or"
                    + " comma-separated (default: localhost).")
    @Nullable
    List<String> hosts;

    @Option(
            names = "--region",
            paramLabel = "REGION",
            description = "The AWS region the gateway answers as (default: ${DEFAULT-VALUE}).",
            defaultValue = GatewayConfig.DEFAULT_REGION)
    String region;

    @Option(
            names = "--db",
            paramLabel = "URL",
            description = "Registry database: a postgresql:// or jdbc:postgresql: URL, or jdbc:sqlite:FILE "
                    + "(default: SQLite in the data dir).")
    @Nullable
    String databaseUrl;

    @Option(
            names = "--account-id",
            paramLabel = "DIGITS",
            description = "The 12-digit account ID used in ARNs (default: generated once per data dir).")
    @Nullable
    String accountId;

    @Option(
            names = "--access-key-id",
            paramLabel = "ID",
            description = "API access key ID, with --secret-access-key (default: generated once per data dir).")
    @Nullable
    String accessKeyId;

    @Option(
            names = "--secret-access-key",
            paramLabel = "SECRET",
            description = "Deprecated: every local user sees it in ps. Use --credentials-file or "
                    + AdminCredentials.ENV_KEY_ID + " and " + AdminCredentials.ENV_SECRET + ".")
    @Nullable
    String secretAccessKey;

    @Option(
            names = "--credentials-file",
            paramLabel = "FILE",
            description = "Read the API access key from FILE, in the AWS shared-credentials format ([default] with"
                    + " aws_access_key_id and aws_secret_access_key); refused if group or others can read or write"
                    + " it. Else " + AdminCredentials.ENV_KEY_ID + " and " + AdminCredentials.ENV_SECRET
                    + " from the environment, else the key generated once per data dir.")
    @Nullable
    Path credentialsFile;

    /** The process environment; tests give their own. */
    Function<String, @Nullable String> environment = System::getenv;

    @Option(
            names = "--server-cert",
            paramLabel = "PEM",
            description = "Use this server certificate (chain) instead of the one the gateway issues itself.")
    @Nullable
    Path serverCertificate;

    @Option(names = "--server-key", paramLabel = "PEM", description = "The private key of --server-cert.")
    @Nullable
    Path serverKey;

    @Option(
            names = "--enable-reset",
            description = "Expose POST /_thingcore/reset, which wipes all state (for test suites; off by default).")
    boolean enableReset;

    @Option(
            names = "--metrics-bind",
            paramLabel = "HOST:PORT",
            description = "Serve /_thingcore/health and /_thingcore/metrics on a listener of their own (a bare PORT"
                    + " binds 127.0.0.1) instead of the API port.")
    @Nullable
    String metricsBind;

    @Option(
            names = "--compiler-nice",
            paramLabel = "N",
            description =
                    "Nice value (0-19) of the JVM's optimizing (C2) JIT compiler threads, so that compiling"
                            + " takes what the connections leave of the CPU; 0 leaves them as they are (default: ${DEFAULT-VALUE}).")
    int compilerNice = GatewayConfig.SERVER_COMPILER_NICE;

    @Option(
            names = "--mqtt-transport",
            paramLabel = "auto|io_uring|epoll|nio",
            description = "Socket transport of the MQTT broker's event loops (default: ${DEFAULT-VALUE}: io_uring where"
                    + " the kernel allows it, else epoll, else NIO; the start-up line names it). A named one that"
                    + " does not load stops the start.",
            defaultValue = "auto")
    String mqttTransport;

    @Option(
            names = "--log-file",
            paramLabel = "FILE",
            description = "Also write the log to FILE, rotated at 10 MB (FILE.1 .. FILE.5 kept).")
    @Nullable
    Path logFile;

    @Option(
            names = "--log-format",
            paramLabel = "FORMAT",
            description = "text (default) or json: one JSON object per line, for log shippers.",
            defaultValue = "text")
    String logFormat;

    @Override
    public @Nullable Path configFile() {
        if (configFile != null) {
            return configFile;
        }
        String named = environment.apply(ConfigFileDefaults.ENVIRONMENT_VARIABLE);
        return named == null || named.isBlank() ? null : Path.of(named);
    }

    @Override
    public Integer call() {
        if (detach) {
            GatewayConfig config = config(System.err);
            return config == null ? 1 : startDetached(System.out, config.dataDir());
        }
        Gateway gateway = start(System.err);
        if (gateway == null) {
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            GracefulStop.close(gateway, GracefulStop.BOUND);
            stopped.countDown();
        }));
        printBanner(System.out, gateway);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /**
     * Whether the banner shows the secret access key. Only the interactive {@code up} does: {@code server} is what
     * services run, and their output lands in logs (journald, container logs) that more people read than should
     * hold the gateway's key; there the secret stays in {@code connection.json} (owner only).
     */
    boolean bannerShowsSecret() {
        return false;
    }

    /** Starts the gateway, or prints one line to {@code err} and returns null. */
    @Nullable
    Gateway start(PrintStream err) {
        GatewayConfig config = config(err);
        if (config == null) {
            return null;
        }
        try {
            LogOutput.configure(
                    (LoggerContext) LoggerFactory.getILoggerFactory(), LogOutput.Format.parse(logFormat), logFile);
            return Gateway.start(config, Clock.systemUTC());
        } catch (StartupException | IllegalArgumentException e) {
            err.println("thingcore: " + e.getMessage());
            return null;
        }
    }

    /**
     * The gateway's configuration once the data directory and both ports are known to be usable (checked before
     * anything else is printed), or null after one line on {@code err} naming what to change.
     */
    @Nullable
    GatewayConfig config(PrintStream err) {
        Optional<String> unusableFile = ConfigFileDefaults.problem(spec);
        if (unusableFile.isPresent()) {
            err.println("thingcore: " + unusableFile.get());
            return null;
        }
        try {
            LogOutput.Format.parse(logFormat); // refused before anything starts, in the foreground as with --detach
            AdminCredentials credentials = AdminCredentials.resolve(
                    credentialsFile,
                    accessKeyId,
                    secretAccessKey,
                    environment,
                    line -> err.println("thingcore: " + line));
            GatewayConfig config = GatewayConfig.builder(dataDir)
                    .apiBind(apiBind)
                    .apiPort(apiPort)
                    .apiTls(apiTls)
                    .mqttPort(mqttPort)
                    .mqttBind(mqttBind)
                    .sniRule(sniRule)
                    .keepAliveZero(keepAliveZero)
                    .httpTimeouts(httpRequestTimeout, httpBodyTimeout, httpIdleTimeout)
                    .retainedQuota(new RetainedQuota(
                            retainedMaxMessages,
                            retainedMaxMessageBytes,
                            retainedMaxTotalBytes,
                            retainedPublishesPerSecond,
                            retainedPublishesPerSecondPerConnection))
                    .hosts(hosts)
                    .region(region)
                    .db(databaseUrl)
                    .accountId(accountId)
                    .credentials(credentials.accessKeyId(), credentials.secretAccessKey())
                    .enableReset(enableReset)
                    .serverCertificate(serverCertificate, serverKey)
                    .s3(s3Endpoint, s3Region)
                    .metricsBind(metricsBind)
                    .compilerNice(compilerNice)
                    .mqttTransport(MqttTransport.parse(mqttTransport))
                    .build();
            Optional<String> problem = StartupChecks.problem(
                    config.dataDir(),
                    config.apiBindAddress(),
                    config.apiPort(),
                    config.mqttBindAddress(),
                    config.mqttPort());
            if (problem.isPresent()) {
                err.println("thingcore: " + problem.get());
                return null;
            }
            return config;
        } catch (StartupException | IllegalArgumentException e) {
            err.println("thingcore: " + e.getMessage());
            return null;
        }
    }

    /** Starts {@code thingcore server} with this command's options in the background and waits until it is ready. */
    private int startDetached(PrintStream out, Path dataDir) {
        List<String> arguments = new ArrayList<>(List.of("server"));
        for (CommandLine.Model.OptionSpec option :
                spec.commandLine().getParseResult().matchedOptions()) {
            if (option.longestName().equals("--detach")) {
                continue;
            }
            List<String> values = option.originalStringValues();
            if (values.isEmpty()) {
                arguments.add(option.longestName());
            }
            for (String value : values) {
                arguments.add(option.longestName() + "=" + value);
            }
        }
        Detached.Outcome outcome;
        try {
            outcome = Detached.start(dataDir, arguments);
        } catch (IOException e) {
            System.err.println("thingcore: cannot start the gateway in the background: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
        return switch (outcome) {
            case Detached.Failed failed -> {
                System.err.println("thingcore: " + failed.line());
                yield 1;
            }
            case Detached.Started started -> {
                printBanner(out, started.ready().connection(), dataDir.resolve(ConnectionInfo.FILE_NAME));
                out.println();
                out.println("Running in the background (pid " + started.ready().pid() + "), logging to "
                        + started.logFile() + ".");
                out.println("`thingcore status` shows it, `thingcore stop` stops it.");
                out.flush();
                yield 0;
            }
        };
    }

    void printBanner(PrintStream out, Gateway gateway) {
        printBanner(out, gateway.connection(), gateway.connectionFile());
    }

    /** {@code dic provision} finds a gateway by the default data directory's connection file; any other is named. */
    private static String connectionOption(Path connectionFile) {
        Path file = connectionFile.toAbsolutePath().normalize();
        Path defaultFile = Path.of(System.getProperty("user.home"), ".thingcore", ConnectionInfo.FILE_NAME)
                .toAbsolutePath()
                .normalize();
        return file.equals(defaultFile) ? "" : " --connection " + file;
    }

    private void printBanner(PrintStream out, ConnectionInfo c, Path connectionFile) {
        out.println("thingcore is up");
        out.println("  API endpoint:    " + c.apiEndpoint() + "  (region " + c.region() + ", account " + c.accountId()
                + ")");
        out.println("  MQTT endpoint:   " + c.mqttHost() + ":" + c.mqttPort() + "  (mutual TLS; trust the server CA)");
        out.println("  Web console:     " + c.apiEndpoint() + "/console/  (sign in with the access key below)");
        out.println("  Server CA:       " + c.serverCaFile());
        out.println("  Connection file: " + connectionFile.toAbsolutePath().normalize());
        out.println("  Health, metrics: " + c.healthUrl() + ", " + c.metricsUrl());
        out.println();
        if (bannerShowsSecret()) {
            out.println("Paste into a shell to use the AWS CLI:");
            out.print(c.shellLines());
        } else {
            out.println("  Access key ID:   " + c.accessKeyId()
                    + "  (the secret is in the connection file; 'thingcore up'" + " prints it)");
        }
        out.println();
        out.println("Next:");
        out.println("  thingcore dic provision" + connectionOption(connectionFile)
                + "  (a CA, the policy, a device and MQTT Explorer: their things, certificates and files)");
        out.println("  " + c.apiEndpoint() + "/console/  (the web console: see them, sign in with the access key)");
        out.flush();
    }
}
