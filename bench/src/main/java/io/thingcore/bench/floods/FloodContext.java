package io.thingcore.bench.floods;

import io.netty.channel.EventLoopGroup;
import io.thingcore.bench.load.BenchPki;
import io.thingcore.client.ClientTls;
import io.thingcore.client.MessageListener;
import io.thingcore.client.MqttClient;
import io.thingcore.client.MqttClientOptions;
import io.thingcore.client.TlsEngine;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What the probes and floods share: the gateway's MQTT port, TLS contexts for the registered devices (the bench
 * policy lets them connect with any client ID and publish under {@code bench/<client ID>/}) and for a device of a CA
 * the gateway does not know, and the floods' event-loop group. The TLS contexts are built once: a flood measures the
 * gateway, not the generator's context set-up. The probe has an event loop of its own ({@link Probe}), and each
 * flood runs in a process of its own ({@link FloodProcess}): the flood's client-side TLS work on the probe's loop, or
 * in the probe's JVM, would delay the probe's reads and writes, and the figure would then measure the generator
 * instead of the gateway.
 */
final class FloodContext {
    static final String HOST = "127.0.0.1";
    static final String SERVER_NAME = "localhost";

    /**
     * The address every flood connects from, and the probe never does: an attacker is another host than the
     * legitimate client. Linux routes all of 127.0.0.0/8 to the loopback interface, so no set-up is needed.
     */
    static final String FLOOD_SOURCE = "127.0.0.2";

    private final int port;
    private final List<ClientTls> registered;
    private final ClientTls unregistered;
    private final EventLoopGroup group;

    FloodContext(
            int port,
            List<X509Certificate> serverCa,
            List<BenchPki.Device> registeredDevices,
            BenchPki.Device unregisteredDevice,
            EventLoopGroup group) {
        this.port = port;
        this.registered = registeredDevices.stream().map(d -> tls(d, serverCa)).toList();
        this.unregistered = tls(unregisteredDevice, serverCa);
        this.group = group;
    }

    private static ClientTls tls(BenchPki.Device device, List<X509Certificate> serverCa) {
        return ClientTls.of(List.of(device.certificate()), device.key(), serverCa, TlsEngine.OPENSSL);
    }

    /** A daemon thread for a flood's or the probe's scheduler. */
    static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    int port() {
        return port;
    }

    EventLoopGroup group() {
        return group;
    }

    ClientTls registeredTls(int index) {
        return registered.get(Math.floorMod(index, registered.size()));
    }

    ClientTls unregisteredTls() {
        return unregistered;
    }

    /** A flood's connection, from {@link #FLOOD_SOURCE}. */
    MqttClientOptions floodOptions(String clientId) {
        return MqttClientOptions.of(HOST, port, clientId)
                .withServerName(SERVER_NAME)
                .withBindAddress(FLOOD_SOURCE);
    }

    /**
     * Connects a flood's registered device (chosen by {@code device}, modulo the devices there are) as
     * {@code clientId}.
     */
    CompletableFuture<MqttClient> connect(int device, String clientId, MessageListener listener) {
        return MqttClient.connect(group, registeredTls(device), floodOptions(clientId), listener);
    }

    /** Connects the probe's registered device on {@code loops}, from the address the system chooses. */
    CompletableFuture<MqttClient> connectProbe(
            EventLoopGroup loops, int device, String clientId, MessageListener listener) {
        MqttClientOptions options = MqttClientOptions.of(HOST, port, clientId).withServerName(SERVER_NAME);
        return MqttClient.connect(loops, registeredTls(device), options, listener);
    }
}
