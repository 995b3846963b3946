package io.thingcore.dic.testing;

import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.thingcore.client.ClientTls;
import io.thingcore.client.MessageListener;
import io.thingcore.client.MqttClient;
import io.thingcore.client.MqttClientOptions;
import io.thingcore.client.TlsEngine;
import io.thingcore.client.TlsProfile;
import io.thingcore.dic.endpoint.Target;
import io.thingcore.dic.output.ProvisionedClient;
import io.thingcore.dic.provision.Progress;
import io.thingcore.dic.provision.ProvisionOptions;
import io.thingcore.dic.provision.ProvisionResult;
import io.thingcore.dic.provision.Provisioner;
import io.thingcore.dic.simulator.DicApp;
import io.thingcore.dic.simulator.FirmwareProfile;
import io.thingcore.dic.simulator.SimulatedDevice;
import io.thingcore.testkit.InProcessGateway;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import software.amazon.awssdk.services.iot.IotClient;

/**
 * A gateway with {@code dic provision}'s files written for it (the device {@code DIC_2} and MQTT Explorer), and the
 * event loop the simulated device and MQTT Explorer run on. Closing it stops the event loop, not the gateway.
 */
public final class ProvisionedDic implements AutoCloseable {
    private final Target target;
    private final Path out;
    private final ProvisionResult result;
    private final EventLoopGroup group = MqttClient.newEventLoopGroup(2);

    private ProvisionedDic(Target target, Path out, ProvisionResult result) {
        this.target = target;
        this.out = out;
        this.result = result;
    }

    /** Runs {@code dic provision} with its defaults against {@code gateway}, writing to {@code out}. */
    public static ProvisionedDic provision(InProcessGateway gateway, Path out) {
        Target target = GatewayTargets.of(gateway);
        try (IotClient iot = target.iotClient()) {
            return new ProvisionedDic(
                    target, out, new Provisioner(iot, target, ProvisionOptions.defaults(out), Progress.silent()).run());
        }
    }

    public Target target() {
        return target;
    }

    public Path out() {
        return out;
    }

    public ProvisionResult result() {
        return result;
    }

    public EventLoopGroup group() {
        return group;
    }

    /**
     * A simulated board with the device's files, over the firmware's TLS profile (TLS 1.2, its suites, SNI: the
     * gateway's CA is SNI_ONLY here); its log lines go to {@code log}. Not started.
     */
    public SimulatedDevice device(DicApp.Kind app, FirmwareProfile profile, Consumer<String> log) {
        ProvisionedClient files = ProvisionedClient.read(out, ProvisionedClient.Role.DEVICE);
        try {
            return new SimulatedDevice(
                    group.next(),
                    ClientTls.fromPem(
                            Files.readString(files.certificate()),
                            Files.readString(files.key()),
                            Files.readString(files.serverCa()),
                            TlsEngine.AUTO,
                            TlsProfile.FIRMWARE_WITH_SNI),
                    MqttClientOptions.of(files.host(), files.port(), files.clientId()),
                    app,
                    profile,
                    log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** MQTT Explorer with its files, connected, receiving into {@code listener}. */
    public MqttClient explorer(MessageListener listener) throws Exception {
        ProvisionedClient files = ProvisionedClient.read(out, ProvisionedClient.Role.EXPLORER);
        return MqttClient.connect(
                        group,
                        ClientTls.fromPemFiles(files.certificate(), files.key(), files.serverCa(), TlsEngine.AUTO),
                        MqttClientOptions.of(files.host(), files.port(), files.clientId()),
                        listener)
                .get(10, TimeUnit.SECONDS);
    }

    /** MQTT Explorer connects, publishes {@code command} on {@code command} (QoS 1), and disconnects. */
    public void sendCommand(String command) throws Exception {
        MqttClient explorer = explorer((topic, payload, qos, retain) -> {});
        explorer.publish("command", command, MqttQoS.AT_LEAST_ONCE, false).get(5, TimeUnit.SECONDS);
        explorer.disconnect().get(5, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
