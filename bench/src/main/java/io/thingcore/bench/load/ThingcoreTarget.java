package io.thingcore.bench.load;

import io.thingcore.pki.Pem;
import io.thingcore.server.ConnectionInfo;
import io.thingcore.server.StreamsWiring;
import io.thingcore.streams.files.GatewayFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CertificateMode;
import software.amazon.awssdk.services.iot.model.CertificateStatus;
import software.amazon.awssdk.services.iot.model.StreamFile;

/**
 * thingcore in its own JVM ({@link GatewayMain}, pinned with {@code taskset}), with its registry prepared through the
 * AWS IoT API as a user would: the bench CA registered {@code SNI_ONLY} and active, every device certificate
 * registered active under it, and one policy using {@code ${iot:ClientId}} attached to each.
 */
public final class ThingcoreTarget implements Target {
    static final String POLICY_NAME = "bench";

    static final String JAVA_OPTIONS_VARIABLE = "THINGCORE_BENCH_GATEWAY_JAVA_OPTIONS";

    /**
     * The class path the gateway's JVM runs from instead of this generator's, e.g. {@code cli/target/thingcore.jar}
     * of another build: one generator, two builds of the gateway, to tell a change's effect from the machine's
     * (bench/README.md, "Two builds"). That build's {@link GatewayMain} must take the data directory and print
     * {@value GatewayMain#READY}, as every build since the bench's first does.
     */
    static final String CLASS_PATH_VARIABLE = "THINGCORE_BENCH_GATEWAY_CLASS_PATH";

    /**
     * The gateway's {@code --mqtt-transport} ({@code io_uring}, {@code epoll}, {@code nio}; unset: {@code auto}), to
     * compare transports on one build (bench/README.md, "Two builds"). Builds before the option ignore it.
     */
    static final String MQTT_TRANSPORT_VARIABLE = "THINGCORE_BENCH_MQTT_TRANSPORT";

    /**
     * Connect as {@code client/<own client ID>}; publish (retained too: the floods bench) only under {@code
     * bench/<own client ID>/}, so every PUBLISH
     * is authorized against a substituted policy variable (mosquitto's ACL does the same with {@code %u}); subscribe
     * to and receive anything under {@code bench/}.
     */
    static final String POLICY = """
            {"Version":"2012-10-17","Statement":[
            {"Effect":"Allow","Action":"iot:Connect","Resource":"arn:aws:iot:*:*:client/${iot:ClientId}"},
            {"Effect":"Allow","Action":"iot:Publish","Resource":"arn:aws:iot:*:*:topic/bench/${iot:ClientId}/*"},
            {"Effect":"Allow","Action":"iot:RetainPublish","Resource":"arn:aws:iot:*:*:topic/bench/${iot:ClientId}/*"},
            {"Effect":"Allow","Action":"iot:Subscribe","Resource":"arn:aws:iot:*:*:topicfilter/bench/*"},
            {"Effect":"Allow","Action":"iot:Receive","Resource":"arn:aws:iot:*:*:topic/bench/*"},
            {"Effect":"Allow","Action":["iot:Publish","iot:Receive"],\
            "Resource":"arn:aws:iot:*:*:topic/$aws/things/${iot:ClientId}/streams/*"},
            {"Effect":"Allow","Action":"iot:Subscribe",\
            "Resource":"arn:aws:iot:*:*:topicfilter/$aws/things/${iot:ClientId}/streams/*"}]}""";

    /**
     * The environment variable naming the gateway's JDK AOT cache ({@code ./thingcore} sets it when it runs the gateway
     * with one): the bench starts its gateway with the same cache, and without it for the cold figures' comparison.
     */
    static final String AOT_CACHE_VARIABLE = "THINGCORE_AOT_CACHE";

    /** The stream {@code ota_blocks} reads: {@value #OTA_FILE_BYTES} bytes in the gateway's own file store. */
    static final String OTA_STREAM = "bench-ota";

    /** 1 MiB: the file of issue 12's figure. */
    static final int OTA_FILE_BYTES = 1024 * 1024;

    private final Path dataDir;
    private int core;
    private Process process;
    private ConnectionInfo connection;
    private final List<X509Certificate> serverCa;
    private ProcessOutput output;
    private final @Nullable Path aotCache;
    private boolean useAotCache;
    private long startedNanos;

    private ThingcoreTarget(
            Path dataDir,
            int core,
            Process process,
            ConnectionInfo connection,
            List<X509Certificate> serverCa,
            ProcessOutput output,
            @Nullable Path aotCache,
            long startedNanos) {
        this.aotCache = aotCache;
        this.useAotCache = aotCache != null;
        this.startedNanos = startedNanos;
        this.dataDir = dataDir;
        this.core = core;
        this.process = process;
        this.connection = connection;
        this.serverCa = serverCa;
        this.output = output;
    }

    /** Starts the gateway on {@code core} (-1: unpinned) with a fresh data directory and registers {@code pki}. */
    public static ThingcoreTarget start(Path dataDir, int core, BenchPki pki, Log log) {
        return start(dataDir, core, pki, log, usableAotCache(log), List.of());
    }

    /**
     * Starts the gateway, unpinned, as {@link #start} does, recording its JDK AOT cache into {@code cacheOutput}
     * (JEP 514's one-step workflow: the JVM assembles the cache when it exits, {@link #stopAndAwaitCache}).
     */
    static ThingcoreTarget startTraining(Path dataDir, BenchPki pki, Path cacheOutput, Log log) {
        return start(dataDir, -1, pki, log, null, List.of("-XX:AOTCacheOutput=" + cacheOutput));
    }

    private static ThingcoreTarget start(
            Path dataDir, int core, BenchPki pki, Log log, @Nullable Path aotCache, List<String> jvmOptions) {
        ProcessOutput output = new ProcessOutput();
        long launched = System.nanoTime();
        Process process = launch(dataDir, core, output, aotCache, jvmOptions);
        try {
            ConnectionInfo info = ConnectionInfo.read(dataDir.resolve(ConnectionInfo.FILE_NAME));
            List<X509Certificate> serverCa = Pem.readCertificates(Files.readString(Path.of(info.serverCaFile())));
            ThingcoreTarget target =
                    new ThingcoreTarget(dataDir, core, process, info, serverCa, output, aotCache, launched);
            long started = System.nanoTime();
            register(info, pki);
            if (otherBuild() == null) {
                createOtaStream(dataDir, info);
            } else {
                // Builds before issue 12 have no streams; ota_blocks fails against a gateway without its stream.
                log.line("thingcore: gateway from %s (%s); no OTA stream made", otherBuild(), CLASS_PATH_VARIABLE);
            }
            log.line(
                    "thingcore: pid %d, MQTT port %d, %d certificates registered through the API in %.1f s",
                    process.pid(), info.mqttPort(), pki.devices().size(), (System.nanoTime() - started) / 1e9);
            return target;
        } catch (IOException | RuntimeException e) {
            Processes.stop(process);
            throw new IllegalStateException("thingcore did not get ready: " + e.getMessage() + "\n" + output, e);
        }
    }

    /** The gateway's {@code connection.json} as it wrote it at its last start (API endpoint, {@code metricsUrl}). */
    ConnectionInfo connection() {
        return connection;
    }

    @Override
    public void restart() {
        restartOn(core);
    }

    /** Restarts the gateway, with the same registry, on {@code newCore} (-1: unpinned), and keeps it there. */
    void restartOn(int newCore) {
        core = newCore;
        Processes.stop(process);
        output = new ProcessOutput();
        startedNanos = System.nanoTime();
        process = launch(dataDir, core, output, useAotCache ? aotCache : null, List.of());
        try {
            connection = ConnectionInfo.read(dataDir.resolve(ConnectionInfo.FILE_NAME));
        } catch (IOException e) {
            Processes.stop(process);
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public long startedNanos() {
        return startedNanos;
    }

    /** The AOT cache the gateway starts with (until {@link #useAotCache} turns it off), or null where there is none. */
    @Nullable
    Path aotCache() {
        return aotCache;
    }

    /** Whether the next {@link #restart} uses the AOT cache (if there is one). */
    void useAotCache(boolean use) {
        useAotCache = use && aotCache != null;
    }

    /**
     * The cache named by {@value #AOT_CACHE_VARIABLE}, if this JVM is 25+ and a JVM started as the gateway will be can
     * map it ({@code -XX:AOTMode=on} fails instead of silently running without it, so a figure labelled "AOT cache"
     * never comes from a JVM that fell back). Null, with the reason logged, otherwise.
     */
    private static @Nullable Path usableAotCache(Log log) {
        String named = System.getenv(AOT_CACHE_VARIABLE);
        if (named == null || named.isBlank()) {
            log.line(
                    "thingcore: no AOT cache (%s not set: run through ./thingcore after a build with -Paot)",
                    AOT_CACHE_VARIABLE);
            return null;
        }
        if (otherBuild() != null) {
            // The JVM accepted this build's cache under another build's jar of the same name and size, and the cold
            // storm then measured 752 connections/s for a build that makes 612-630 with its own cache (2026-12-04).
            log.line("thingcore: no AOT cache with %s: the cache belongs to this build's jars", CLASS_PATH_VARIABLE);
            return null;
        }
        Path cache = Path.of(named);
        if (Runtime.version().feature() < 25 || !Files.isRegularFile(cache)) {
            log.line(
                    "thingcore: AOT cache %s not usable (JDK %d, file present: %s)",
                    cache, Runtime.version().feature(), Files.isRegularFile(cache));
            return null;
        }
        List<String> probe = new ArrayList<>(javaCommand(cache, List.of()));
        probe.add("-version");
        try {
            Process p = new ProcessBuilder(probe).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                log.line(
                        "thingcore: AOT cache %s does not match this JVM or class path; cold figures without it:%n%s",
                        cache, out.strip());
                return null;
            }
        } catch (IOException e) {
            log.line("thingcore: could not check the AOT cache %s: %s", cache, e.toString());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        log.line("thingcore: AOT cache %s", cache);
        return cache;
    }

    /** The gateway's {@code java} and JVM options up to the class path, with {@code aotCache} if not null. */
    private static List<String> javaCommand(@Nullable Path aotCache, List<String> jvmOptions) {
        List<String> java = javaAsTheLauncher();
        if (aotCache != null) {
            java.add("-XX:AOTMode=on");
            java.add("-XX:AOTCache=" + aotCache);
        }
        java.addAll(jvmOptions);
        java.addAll(gatewayJavaOptions());
        String other = otherBuild();
        java.addAll(List.of("-cp", other == null ? System.getProperty("java.class.path") : other));
        return java;
    }

    /**
     * This JVM's {@code java} with the options the {@code ./thingcore} launcher gives every gateway, for another
     * broker process on the same JVM ({@code FloorTarget}); no class path, no AOT cache.
     */
    static List<String> javaAsTheLauncher() {
        List<String> java = new ArrayList<>();
        java.add(ProcessHandle.current().info().command().orElse("java"));
        if (Runtime.version().feature() >= 25) {
            // As the ./thingcore launcher runs the gateway: compact object headers (JEP 519) from JDK 25.
            java.add("-XX:+UseCompactObjectHeaders");
        }
        // What the jar's manifest grants under -jar, which a class path does not read: without it the gateway's first
        // native call (the JIT threads' priority, ForeignThreadNice) warns and changes the module graph, and a JVM
        // recording an AOT cache then leaves out its archived heap objects. The launcher passes it too, as a JVM
        // refuses a cache recorded with another value of it.
        java.add("--enable-native-access=ALL-UNNAMED");
        // Where this JVM loads native libraries from: the launcher's unpacked copies (cli/target/native), so that the
        // gateway, like one the launcher starts, does not copy Netty's and sqlite-jdbc's out of their jars at start-up.
        java.add("-Djava.library.path=" + System.getProperty("java.library.path", ""));
        return java;
    }

    /** {@value #CLASS_PATH_VARIABLE}, or null when the gateway runs from this generator's class path. */
    private static @Nullable String otherBuild() {
        String classPath = System.getenv(CLASS_PATH_VARIABLE);
        return classPath == null || classPath.isBlank() ? null : classPath;
    }

    /** Starts {@link GatewayMain} and waits until it is up (its registry, if any, is kept in {@code dataDir}). */
    private static Process launch(
            Path dataDir, int core, ProcessOutput output, @Nullable Path aotCache, List<String> jvmOptions) {
        List<String> java = javaCommand(aotCache, jvmOptions);
        java.addAll(List.of(GatewayMain.class.getName(), dataDir.toString()));
        String transport = System.getenv(MQTT_TRANSPORT_VARIABLE);
        if (transport != null && !transport.isBlank()) {
            java.add(transport);
        }
        List<String> command = Processes.pinned(core, java);
        Process process;
        try {
            Files.createDirectories(dataDir);
            Files.deleteIfExists(dataDir.resolve(ConnectionInfo.FILE_NAME));
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Processes.pump(process, output, "thingcore-output");
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!output.contains(GatewayMain.READY)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                Processes.stop(process);
                throw new IllegalStateException("thingcore did not start:\n" + output);
            }
            // Millisecond polls: the cold-start figures time a restart through this wait.
            sleep(1);
        }
        return process;
    }

    /**
     * Extra options for the gateway's JVM from {@value #JAVA_OPTIONS_VARIABLE} (split on spaces), e.g. a JFR
     * recording while profiling one scenario: {@code -XX:StartFlightRecording=filename=/tmp/gw.jfr,settings=profile}.
     */
    private static List<String> gatewayJavaOptions() {
        String options = System.getenv(JAVA_OPTIONS_VARIABLE);
        return options == null || options.isBlank()
                ? List.of()
                : List.of(options.trim().split("\\s+"));
    }

    /** Registers the bench CA and every device of {@code pki}, with the bench policy, through the API. */
    private static void register(ConnectionInfo connection, BenchPki pki) {
        try (IotClient iot = iot(connection)) {
            String caPem = Pem.write(pki.caCertificate());
            iot.registerCACertificate(b -> b.caCertificate(caPem)
                    .certificateMode(CertificateMode.SNI_ONLY)
                    .setAsActive(true));
            iot.createPolicy(b -> b.policyName(POLICY_NAME).policyDocument(POLICY));
            ExecutorService pool = Executors.newFixedThreadPool(16);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (BenchPki.Device device : pki.devices()) {
                    done.add(pool.submit(() -> {
                        var registered = iot.registerCertificate(b -> b.certificatePem(Pem.write(device.certificate()))
                                .caCertificatePem(caPem)
                                .status(CertificateStatus.ACTIVE));
                        iot.attachPolicy(b -> b.policyName(POLICY_NAME).target(registered.certificateArn()));
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while registering certificates", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("registering a certificate failed: " + e.getCause(), e.getCause());
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /**
     * Puts a {@value #OTA_FILE_BYTES}-byte file in the gateway's own file store (as {@code thingcore files put} does,
     * beside the running gateway) and creates stream {@value #OTA_STREAM} on it through the API.
     */
    private static void createOtaStream(Path dataDir, ConnectionInfo connection) throws IOException {
        byte[] image = new byte[OTA_FILE_BYTES];
        new Random(12).nextBytes(image);
        StreamsWiring.ownFiles(dataDir).put(GatewayFiles.OWN_BUCKET, "bench-ota.bin", new ByteArrayInputStream(image));
        try (IotClient iot = iot(connection)) {
            iot.createStream(b -> b.streamId(OTA_STREAM)
                    .roleArn("arn:aws:iam::123456789012:role/bench")
                    .files(StreamFile.builder()
                            .fileId(0)
                            .s3Location(l -> l.bucket(GatewayFiles.OWN_BUCKET).key("bench-ota.bin"))
                            .build()));
        }
    }

    private static IotClient iot(ConnectionInfo connection) {
        return IotClient.builder()
                .endpointOverride(URI.create(connection.apiEndpoint()))
                .region(Region.of(connection.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(connection.accessKeyId(), connection.secretAccessKey())))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public String name() {
        return "thingcore";
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public int port() {
        return connection.mqttPort();
    }

    @Override
    public List<X509Certificate> serverCa() {
        return serverCa;
    }

    @Override
    public String latestOutput() {
        return output.latestLines();
    }

    /** Characters the gateway has written to its stdout and stderr so far (its log volume). */
    public long outputChars() {
        return output.chars();
    }

    @Override
    public void close() {
        Processes.stop(process);
    }

    /**
     * Stops a gateway started by {@link #startTraining} and waits, at most {@code limit}, for its JVM to exit, which
     * it does once a child JVM has assembled the AOT cache from what it recorded.
     *
     * @throws IllegalStateException if it did not exit in time
     */
    void stopAndAwaitCache(Duration limit) {
        // SIGTERM through the process handle: Process.destroy() also closes the pipe of the gateway's output, and the
        // child JVM that assembles the cache, writing to that pipe, then died of SIGPIPE (status 141).
        process.toHandle().destroy();
        try {
            if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
                Processes.stop(process);
                throw new IllegalStateException("the gateway did not exit within " + limit.toSeconds()
                        + " s of its stop while writing its AOT cache:\n" + output.latestLines());
            }
        } catch (InterruptedException e) {
            Processes.stop(process);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the gateway wrote its AOT cache", e);
        }
    }
}
