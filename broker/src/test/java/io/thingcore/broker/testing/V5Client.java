package io.thingcore.broker.testing;

import io.thingcore.testkit.mqtt.SniSocketFactory;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/** Eclipse Paho MQTT 5 over mTLS, with received messages in a queue. */
public final class V5Client implements AutoCloseable {
    public final MqttClient client;
    public final BlockingQueue<Received> messages = new LinkedBlockingQueue<>();
    /** The same messages as Paho delivered them, with their MQTT 5 properties. */
    public final BlockingQueue<MqttMessage> pahoMessages = new LinkedBlockingQueue<>();

    public final CountDownLatch lost = new CountDownLatch(1);
    public final AtomicInteger disconnectReason = new AtomicInteger(-1);
    public final MqttConnectionOptions options = new MqttConnectionOptions();

    public V5Client(int port, String clientId, SSLContext context, String sni) throws MqttException {
        client = new MqttClient("ssl://localhost:" + port, clientId, new MemoryPersistence());
        options.setSocketFactory(new SniSocketFactory(context.getSocketFactory(), sni));
        options.setConnectionTimeout(5);
        options.setKeepAliveInterval(60);
        options.setAutomaticReconnect(false);
        options.setCleanStart(true);
        client.setTimeToWait(5000);
        client.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse response) {
                disconnectReason.set(response.getReturnCode());
                lost.countDown();
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {}

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                messages.add(new Received(topic, message.getPayload(), message.isRetained(), message.getQos()));
                pahoMessages.add(message);
            }

            @Override
            public void deliveryComplete(IMqttToken token) {}

            @Override
            public void connectComplete(boolean reconnect, String serverURI) {}

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {}
        });
    }

    public V5Client connect() throws MqttException {
        client.connect(options);
        return this;
    }

    public Received poll(long millis) throws InterruptedException {
        return messages.poll(millis, TimeUnit.MILLISECONDS);
    }

    public boolean awaitLost(long millis) throws InterruptedException {
        return lost.await(millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect(1000);
            }
        } catch (MqttException ignored) {
            // the test is over
        }
        try {
            client.close(true);
        } catch (MqttException ignored) {
            // the test is over
        }
    }
}
