package io.thingcore.dic.ota;

import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.thingcore.client.ClientTls;
import io.thingcore.client.MqttClient;
import io.thingcore.client.MqttClientOptions;
import io.thingcore.client.TlsEngine;
import io.thingcore.dic.DicException;
import io.thingcore.dic.output.ProvisionedClient;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The remote user's {@code ota}: the exact payload {@code ota} published to {@code command} (Silicon Labs,
 * DIC_Wi-Fi.md "Download AWS OTA Image through cloud interface"; the firmware subscribes to
 * {@code MQTT_SUBSCRIBE_TOPIC} "command", dic_config.h, and compares the whole payload with {@code strcmp(cmd, "ota")},
 * dic_control.cpp), sent with MQTT Explorer's certificate from {@code dic provision}'s output.
 */
public final class OtaCommand {
    /** {@code MQTT_SUBSCRIBE_TOPIC}. */
    public static final String TOPIC = "command";

    public static final String PAYLOAD = "ota";

    private OtaCommand() {}

    /**
     * Publishes {@code ota} at QoS 1 as {@code <explorer client ID>.ota.<suffix>}: a client ID of its own, so that MQTT
     * Explorer's own connection is not taken over (the least-privilege policy allows the name followed by {@code .}).
     */
    public static void send(ProvisionedClient explorer, String suffix) throws InterruptedException {
        EventLoopGroup group = MqttClient.newEventLoopGroup(1);
        try {
            ClientTls tls =
                    ClientTls.fromPemFiles(explorer.certificate(), explorer.key(), explorer.serverCa(), TlsEngine.AUTO);
            MqttClient client = MqttClient.connect(
                            group,
                            tls,
                            MqttClientOptions.of(
                                    explorer.host(), explorer.port(), explorer.clientId() + ".ota." + suffix),
                            (topic, payload, qos, retain) -> {})
                    .get(30, TimeUnit.SECONDS);
            client.publish(TOPIC, PAYLOAD, MqttQoS.AT_LEAST_ONCE, false).get(30, TimeUnit.SECONDS);
            client.disconnect().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new DicException(
                    "cannot send \"ota\" on \"" + TOPIC + "\" as " + explorer.clientId() + ": " + cause.getMessage(),
                    cause);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
