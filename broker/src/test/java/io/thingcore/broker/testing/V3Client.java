package io.thingcore.broker.testing;

import io.thingcore.testkit.mqtt.SniSocketFactory;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** Eclipse Paho MQTT 3.1.1 over mTLS, with received messages in a queue. */
public final class V3Client implements AutoCloseable {
    public final MqttClient client;
    public final BlockingQueue<Received> messages = new LinkedBlockingQueue<>();
    public final CountDownLatch lost = new CountDownLatch(1);
    public final MqttConnectOptions options = new MqttConnectOptions();

    public V3Client(int port, String clientId, SSLContext context, String sni) throws MqttException {
        client = new MqttClient("ssl://localhost:" + port, clientId, new MemoryPersistence());
        options.setSocketFactory(new SniSocketFactory(context.getSocketFactory(), sni));
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setConnectionTimeout(5);
        options.setKeepAliveInterval(60);
        options.setAutomaticReconnect(false);
        options.setCleanSession(true);
        client.setTimeToWait(5000);
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                lost.countDown();
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                messages.add(new Received(topic, message.getPayload(), message.isRetained(), message.getQos()));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {}
        });
    }

    public V3Client connect() throws MqttException {
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
