package io.thingcore.bench.floods;

import io.netty.channel.EventLoopGroup;
import io.thingcore.bench.load.BenchPki;
import io.thingcore.client.MqttClient;
import io.thingcore.pki.Pem;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One flood in a JVM of its own, started under {@code SCHED_IDLE} by {@link ChildFlood}: an attacker's machine. In
 * the probe's JVM the flood's client code (the same Netty and BoringSSL classes as the probe's) made the JIT throw
 * away and recompile the probe's compiled code at every burst, and the flood's compiler and collector threads ran at
 * normal priority; in a process of its own under {@code SCHED_IDLE}, all of it takes only CPU nobody else wants.
 *
 * <p>Protocol on stdin/stdout, one line each: it prints {@code started} once the flood runs; {@code summary} is
 * answered with {@code summary <text>}; {@code stop} (or the end of stdin) stops the flood, is answered with {@code
 * stopped}, and the process exits.
 *
 * <p>Arguments: the flood's id, the gateway's MQTT port, the held connections, and the directory {@link #writeFiles}
 * filled.
 */
public final class FloodProcess {
    static final String STARTED = "started";
    static final String SUMMARY = "summary";
    static final String STOP = "stop";
    static final String STOPPED = "stopped";

    private FloodProcess() {}

    public static void main(String[] args) throws Exception {
        Flood flood = Flood.byId(args[0]);
        int port = Integer.parseInt(args[1]);
        int held = Integer.parseInt(args[2]);
        Path dir = Path.of(args[3]);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        EventLoopGroup group = MqttClient.newEventLoopGroup(1);
        try {
            List<X509Certificate> serverCa = Pem.readCertificates(Files.readString(dir.resolve("server-ca.pem")));
            List<BenchPki.Device> registered = new ArrayList<>();
            for (int i = 0; Files.exists(dir.resolve("device-" + i + ".pem")); i++) {
                registered.add(device(dir, "device-" + i));
            }
            FloodContext context = new FloodContext(port, serverCa, registered, device(dir, "stranger"), group);
            try (FloodLoad load = Floods.start(flood, context, held)) {
                out.println(STARTED);
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                String line;
                while ((line = in.readLine()) != null && !line.equals(STOP)) {
                    if (line.equals(SUMMARY)) {
                        out.println(SUMMARY + " " + load.summary());
                    }
                }
            }
            out.println(STOPPED);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
        }
        System.exit(0);
    }

    private static BenchPki.Device device(Path dir, String name) throws IOException {
        return new BenchPki.Device(
                name,
                Pem.readCertificate(Files.readString(dir.resolve(name + ".pem"))),
                Pem.readPrivateKey(Files.readString(dir.resolve(name + ".key"))));
    }

    /**
     * Writes what a flood process needs into {@code dir}: the gateway's CA, and each device's certificate and key
     * (made for this run; the directory is the caller's temporary one and readable by its owner only).
     */
    static void writeFiles(
            Path dir, List<X509Certificate> serverCa, List<BenchPki.Device> registered, BenchPki.Device stranger)
            throws IOException {
        Files.writeString(dir.resolve("server-ca.pem"), Pem.write(serverCa));
        for (int i = 0; i < registered.size(); i++) {
            writeDevice(dir, "device-" + i, registered.get(i));
        }
        writeDevice(dir, "stranger", stranger);
    }

    private static void writeDevice(Path dir, String name, BenchPki.Device device) throws IOException {
        Files.writeString(dir.resolve(name + ".pem"), Pem.write(device.certificate()));
        Files.writeString(dir.resolve(name + ".key"), Pem.writePkcs8(device.key()));
    }
}
