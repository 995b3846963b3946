package io.thingcore.jobs.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A device's side of AWS IoT Jobs over MQTT 3.1.1, written from the protocol as the device libraries speak it, not
 * from the gateway's code:
 *
 * <ul>
 *   <li>the AWS OTA library ({@code ota-for-aws-iot-embedded-sdk}, {@code source/ota_mqtt.c}): it subscribes to
 *       {@code jobs/notify-next}, asks {@code jobs/$next/get} with {@code {"clientToken":"<counter>:<thing>"}}, and
 *       reports {@code {"status":"IN_PROGRESS","statusDetails":{...}}} then SUCCEEDED on {@code jobs/<jobId>/update};
 *       {@code source/ota.c} reads {@code execution.jobId}, {@code execution.jobDocument.afr_ota}, and
 *       {@code timestamp} as a 32-bit integer;
 *   <li>the AWS IoT Device SDK for Java v2 jobs client ({@code iotjobs/IotJobsClient.java} and {@code iotjobs/model}):
 *       {@code start-next}, {@code get}, {@code <jobId>/get} and {@code <jobId>/update} with {@code clientToken},
 *       {@code expectedVersion}, {@code includeJobExecutionState}, {@code stepTimeoutInMinutes}, and the
 *       {@code RejectedError} codes.
 * </ul>
 */
public final class JobsDevice implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    public record Message(String topic, JsonNode body) {}

    public final String thing;
    public final MqttClient client;
    public final CountDownLatch lost = new CountDownLatch(1);
    private final BlockingQueue<Message> inbox = new LinkedBlockingQueue<>();
    private final List<Message> unclaimed = new ArrayList<>();
    private final AtomicInteger tokens = new AtomicInteger();

    public JobsDevice(int port, String thing, SSLSocketFactory tls) throws MqttException {
        this.thing = thing;
        client = new MqttClient("ssl://localhost:" + port, thing, new MemoryPersistence());
        client.setTimeToWait(5000);
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                lost.countDown();
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) throws Exception {
                inbox.add(new Message(topic, JSON.readTree(message.getPayload())));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {}
        });
        MqttConnectOptions options = new MqttConnectOptions();
        options.setSocketFactory(tls);
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(true);
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout(5);
        client.connect(options);
    }

    public String jobsTopic(String rest) {
        return "$aws/things/" + thing + "/jobs/" + rest;
    }

    public JobsDevice subscribe(String... rests) throws MqttException {
        for (String rest : rests) {
            client.subscribe(jobsTopic(rest), 1);
        }
        return this;
    }

    public void publish(String topic, String json) throws MqttException {
        MqttMessage m = new MqttMessage(json.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        client.publish(topic, m);
    }

    /** The OTA library's job request: {@code $next/get} with {@code "<counter>:<thing>"} as client token. */
    public String requestNextJob() throws MqttException {
        String token = tokens.incrementAndGet() + ":" + thing;
        publish(jobsTopic("$next/get"), "{\"clientToken\":\"" + token + "\"}");
        return token;
    }

    /** The OTA library's status update (no client token, no expected version). */
    public void otaStatus(String jobId, String status, String statusDetailsJson) throws MqttException {
        publish(
                jobsTopic(jobId + "/update"),
                "{\"status\":\"" + status + "\",\"statusDetails\":" + statusDetailsJson + "}");
    }

    /** A request as the Device SDK v2 serializes it: the fields given and a fresh client token. */
    public String sdkRequest(String rest, ObjectNode request) throws MqttException {
        String token = "sdk-" + tokens.incrementAndGet();
        request.put("clientToken", token);
        publish(jobsTopic(rest), request.toString());
        return token;
    }

    public static ObjectNode object() {
        return JSON.createObjectNode();
    }

    /** The next message on {@code $aws/things/<thing>/jobs/<rest>}, within 5 s; other messages wait their turn. */
    public JsonNode await(String rest) throws InterruptedException {
        String topic = jobsTopic(rest);
        synchronized (unclaimed) {
            for (Iterator<Message> it = unclaimed.iterator(); it.hasNext(); ) {
                Message m = it.next();
                if (m.topic().equals(topic)) {
                    it.remove();
                    return m.body();
                }
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            long left = deadline - System.nanoTime();
            Message m = left > 0 ? inbox.poll(left, TimeUnit.NANOSECONDS) : null;
            if (m == null) {
                throw new AssertionError("no message on " + topic + " within 5 s; other messages: " + unclaimed);
            }
            if (m.topic().equals(topic)) {
                return m.body();
            }
            synchronized (unclaimed) {
                unclaimed.add(m);
            }
        }
    }

    /** Whatever arrives within {@code millis} on any topic (for asserting that nothing does). */
    public List<Message> drain(long millis) throws InterruptedException {
        Thread.sleep(millis);
        List<Message> all = new ArrayList<>();
        synchronized (unclaimed) {
            all.addAll(unclaimed);
            unclaimed.clear();
        }
        inbox.drainTo(all);
        return all;
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
            client.close(true);
        } catch (MqttException ignored) {
            // the test is over
        }
    }
}
