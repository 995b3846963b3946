package io.thingcore.jobs.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.thingcore.broker.BrokerConfig;
import io.thingcore.broker.MqttBroker;
import io.thingcore.broker.spi.CaStatus;
import io.thingcore.broker.spi.CertificateMode;
import io.thingcore.broker.testing.TestDirectory;
import io.thingcore.jobs.model.Job;
import io.thingcore.jobs.model.JobExecutionStatus;
import io.thingcore.jobs.model.JobStatus;
import io.thingcore.jobs.model.TimeoutConfig;
import io.thingcore.jobs.service.CreateJobRequest;
import io.thingcore.jobs.service.DocumentSourceResolver;
import io.thingcore.jobs.service.JobsService;
import io.thingcore.jobs.store.JobStore;
import io.thingcore.jobs.testing.JobsDevice;
import io.thingcore.jobs.testing.ManualScheduler;
import io.thingcore.jobs.testing.TestTls;
import io.thingcore.registry.Account;
import io.thingcore.storage.Storage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jobs device MQTT API through a real broker over mutual TLS, with the store on SQLite, driven by a client that
 * speaks the protocol as the AWS OTA library and the Device SDK v2 jobs client do ({@link JobsDevice}, MQTT 3.1.1; one
 * test over MQTT 5 with Eclipse Paho); every thing
 * has the least-privilege policy of the developer guide's jobs policy examples, written with
 * {@code ${iot:Connection.Thing.ThingName}}.
 */
class JobsMqttEndToEndTest {
    static final Account NS = new Account("123456789012", "eu-west-1");
    static final String AFR_OTA = "{\"afr_ota\":{\"protocols\":[\"MQTT\"],\"streamname\":\"AFR_OTA-s1\","
            + "\"files\":[{\"filepath\":\"app.gbl\",\"filesize\":1024,\"fileid\":0,\"certfile\":\"cert\","
            + "\"sig-sha256-ecdsa\":\"MEUCIQ==\"}]}}";
    static final String OWN_JOBS_POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":["
            + "{\"Effect\":\"Allow\",\"Action\":\"iot:Connect\","
            + "\"Resource\":\"arn:aws:iot:eu-west-1:123456789012:client/${iot:Connection.Thing.ThingName}\"},"
            + "{\"Effect\":\"Allow\",\"Action\":[\"iot:Publish\",\"iot:Receive\"],"
            + "\"Resource\":\"arn:aws:iot:eu-west-1:123456789012:topic/$aws/things/${iot:Connection.Thing.ThingName}/jobs/*\"},"
            + "{\"Effect\":\"Allow\",\"Action\":\"iot:Subscribe\","
            + "\"Resource\":\"arn:aws:iot:eu-west-1:123456789012:topicfilter/$aws/things/${iot:Connection.Thing.ThingName}/jobs/*\"}"
            + "]}";
    static final String WIDE_SUBSCRIBE_POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":["
            + "{\"Effect\":\"Allow\",\"Action\":\"iot:Connect\",\"Resource\":\"*\"},"
            + "{\"Effect\":\"Allow\",\"Action\":\"iot:Subscribe\","
            + "\"Resource\":\"arn:aws:iot:eu-west-1:123456789012:topicfilter/$aws/things/*\"},"
            + "{\"Effect\":\"Allow\",\"Action\":\"iot:Receive\","
            + "\"Resource\":\"arn:aws:iot:eu-west-1:123456789012:topic/$aws/things/${iot:Connection.Thing.ThingName}/jobs/*\"}"
            + "]}";
    static final AtomicInteger IDS = new AtomicInteger();

    @TempDir
    static Path directory;

    static TestTls tls;
    static TestDirectory devices;
    static String caId;
    static MqttBroker broker;
    static int port;
    static Storage pool;
    static ManualScheduler time;
    static JobsService jobs;

    final List<AutoCloseable> clients = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        tls = new TestTls();
        devices = new TestDirectory();
        caId = devices.registerCa(tls.deviceCa.certificate(), CaStatus.ACTIVE, false, CertificateMode.DEFAULT)
                .caCertificateId();
        broker = new MqttBroker(devices, devices);
        time = new ManualScheduler(Instant.now());
        pool = Storage.open("jdbc:sqlite:" + directory.resolve("jobs.db"), time);
        jobs = new JobsService(
                NS,
                JobStore.open(pool),
                time,
                time,
                devices.things::containsKey,
                DocumentSourceResolver.NONE,
                new JobsNotifier((topic, payload) -> broker.publish(topic, payload, 1, false)));
        broker.register(new JobsTopicService(jobs, time));
        port = broker.start(
                BrokerConfig.builder(tls.serverKey(), List.of(tls.serverCertificate, tls.serverCa.certificate()))
                        .bindHost("127.0.0.1")
                        .port(0)
                        .hostNames(List.of("localhost"))
                        .accountId(NS.accountId())
                        .region(NS.region())
                        .build());
        jobs.start();
    }

    @AfterAll
    static void stop() {
        broker.close();
        pool.close();
        devices.close();
    }

    @AfterEach
    void closeClients() throws Exception {
        for (AutoCloseable c : clients) {
            c.close();
        }
    }

    static String newThing() {
        return "DIC_" + IDS.incrementAndGet();
    }

    JobsDevice connect(String thing) throws Exception {
        TestTls.Device d = tls.device("CN=" + thing);
        devices.registerThing(
                thing, d.certificate(), caId, List.of(TestDirectory.policy("p-" + thing, OWN_JOBS_POLICY)));
        JobsDevice device = new JobsDevice(port, thing, tls.clientSockets(d));
        clients.add(device);
        return device;
    }

    static Job createJob(String jobId, String thing, String document) {
        return jobs.createJob(CreateJobRequest.of(jobId, List.of(NS.thingArn(thing)), document));
    }

    @Test
    void otaLibraryFlow_nextGetNotifyNextInProgressSucceeded() throws Exception {
        String thing = newThing();
        JobsDevice device = connect(thing).subscribe("notify-next", "$next/get/accepted", "$next/get/rejected");
        device.subscribe("+/update/accepted", "+/update/rejected");

        // The agent starts by asking for its next job: none yet, so an accepted reply with no execution.
        String firstToken = device.requestNextJob();
        JsonNode none = device.await("$next/get/accepted");
        assertThat(none.get("clientToken").asText()).isEqualTo(firstToken).isEqualTo("1:" + thing);
        assertThat(none.has("execution")).isFalse();
        assertThat(none.get("timestamp").isIntegralNumber()).isTrue();
        assertThat(none.get("timestamp").asLong()).isLessThan(1L << 32); // seconds, as ota.c parses it

        createJob("ota-1", thing, AFR_OTA);
        JsonNode notified = device.await("notify-next");
        assertThat(notified.at("/execution/jobId").asText()).isEqualTo("ota-1");
        assertThat(notified.at("/execution/status").asText()).isEqualTo("QUEUED");
        assertThat(notified.at("/execution/jobDocument/afr_ota/streamname").asText())
                .isEqualTo("AFR_OTA-s1");

        String token = device.requestNextJob();
        JsonNode next = device.await("$next/get/accepted");
        assertThat(next.get("clientToken").asText()).isEqualTo(token);
        JsonNode execution = next.get("execution");
        assertThat(execution.get("jobId").asText()).isEqualTo("ota-1");
        assertThat(execution.get("thingName").asText()).isEqualTo(thing);
        assertThat(execution.get("versionNumber").asLong()).isEqualTo(1);
        assertThat(execution.get("executionNumber").asLong()).isEqualTo(1);
        assertThat(execution.at("/jobDocument/afr_ota/files/0/filesize").asInt())
                .isEqualTo(1024);
        assertThat(execution.get("queuedAt").asLong()).isEqualTo(time.instant().getEpochSecond());

        device.otaStatus("ota-1", "IN_PROGRESS", "{\"self_test\":\"ready\",\"updatedBy\":\"0x1000000\"}");
        JsonNode inProgress = device.await("ota-1/update/accepted");
        assertThat(inProgress.has("timestamp")).isTrue();
        assertThat(jobs.describeExecution("ota-1", thing, null).statusDetails()).containsEntry("self_test", "ready");

        device.otaStatus("ota-1", "SUCCEEDED", "{\"reason\":\"accepted v1.0.1\"}");
        device.await("ota-1/update/accepted");
        JsonNode empty = device.await("notify-next");
        assertThat(empty.has("execution")).isFalse();
        assertThat(jobs.describeJob("ota-1").status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(jobs.describeExecution("ota-1", thing, null).status()).isEqualTo(JobExecutionStatus.SUCCEEDED);
    }

    @Test
    void sdkV2Flow_startNextGetPendingAndExpectedVersionMismatch() throws Exception {
        String thing = newThing();
        JobsDevice device = connect(thing)
                .subscribe(
                        "start-next/accepted",
                        "get/accepted",
                        "+/update/accepted",
                        "+/update/rejected",
                        "+/get/accepted",
                        "notify");
        createJob("sdk-1", thing, "{\"action\":\"reboot\"}");
        JsonNode notify = device.await("notify");
        assertThat(notify.at("/jobs/QUEUED/0/jobId").asText()).isEqualTo("sdk-1");

        String token = device.sdkRequest("start-next", JobsDevice.object().put("stepTimeoutInMinutes", 5));
        JsonNode started = device.await("start-next/accepted");
        assertThat(started.get("clientToken").asText()).isEqualTo(token);
        assertThat(started.at("/execution/status").asText()).isEqualTo("IN_PROGRESS");
        assertThat(started.at("/execution/versionNumber").asLong()).isEqualTo(2);
        assertThat(started.at("/execution/startedAt").isIntegralNumber()).isTrue();
        assertThat(started.at("/execution/approximateSecondsBeforeTimedOut").asLong())
                .isEqualTo(300);
        assertThat(started.at("/execution/jobDocument/action").asText()).isEqualTo("reboot");

        device.sdkRequest("get", JobsDevice.object());
        JsonNode pending = device.await("get/accepted");
        assertThat(pending.at("/inProgressJobs/0/jobId").asText()).isEqualTo("sdk-1");
        assertThat(pending.get("queuedJobs")).isEmpty();

        String stale = device.sdkRequest(
                "sdk-1/update", JobsDevice.object().put("status", "SUCCEEDED").put("expectedVersion", 1));
        JsonNode mismatch = device.await("sdk-1/update/rejected");
        assertThat(mismatch.get("code").asText()).isEqualTo("VersionMismatch");
        assertThat(mismatch.get("clientToken").asText()).isEqualTo(stale);
        assertThat(mismatch.at("/executionState/status").asText()).isEqualTo("IN_PROGRESS");
        assertThat(mismatch.at("/executionState/versionNumber").asLong()).isEqualTo(2);

        device.sdkRequest(
                "sdk-1/update",
                JobsDevice.object()
                        .put("status", "SUCCEEDED")
                        .put("expectedVersion", 2)
                        .put("includeJobExecutionState", true)
                        .put("includeJobDocument", true));
        JsonNode accepted = device.await("sdk-1/update/accepted");
        assertThat(accepted.at("/executionState/status").asText()).isEqualTo("SUCCEEDED");
        assertThat(accepted.at("/executionState/versionNumber").asLong()).isEqualTo(3);
        assertThat(accepted.at("/jobDocument/action").asText()).isEqualTo("reboot");
    }

    @Test
    void invalidTransition_invalidJson_andUnknownTopic_areRejectedWithAwsCodes() throws Exception {
        String thing = newThing();
        JobsDevice device = connect(thing)
                .subscribe(
                        "+/update/accepted", "+/update/rejected", "get/rejected", "bogus/rejected", "+/get/rejected");
        createJob("once", thing, "{\"a\":1}");
        device.otaStatus("once", "SUCCEEDED", "{}");
        device.await("once/update/accepted");

        device.sdkRequest("once/update", JobsDevice.object().put("status", "IN_PROGRESS"));
        JsonNode invalid = device.await("once/update/rejected");
        assertThat(invalid.get("code").asText()).isEqualTo("InvalidStateTransition");
        assertThat(invalid.at("/executionState/status").asText()).isEqualTo("SUCCEEDED");

        device.sdkRequest("once/get", JobsDevice.object());
        assertThat(device.await("once/get/rejected").get("code").asText()).isEqualTo("TerminalStateReached");

        device.publish(device.jobsTopic("get"), "{not json");
        assertThat(device.await("get/rejected").get("code").asText()).isEqualTo("InvalidJson");

        device.publish(device.jobsTopic("bogus"), "{}");
        assertThat(device.await("bogus/rejected").get("code").asText()).isEqualTo("InvalidTopic");

        device.sdkRequest("missing/update", JobsDevice.object().put("status", "SUCCEEDED"));
        assertThat(device.await("missing/update/rejected").get("code").asText()).isEqualTo("ResourceNotFound");
    }

    @Test
    void timedOutExecution_isToldByNotifyNextAndRefusesUpdates() throws Exception {
        String thing = newThing();
        JobsDevice device = connect(thing).subscribe("notify-next", "start-next/accepted", "+/update/rejected");
        jobs.createJob(new CreateJobRequest(
                "slow",
                List.of(NS.thingArn(thing)),
                "{\"a\":1}",
                null,
                null,
                null,
                null,
                null,
                null,
                new TimeoutConfig(1L),
                null));
        assertThat(device.await("notify-next").at("/execution/jobId").asText()).isEqualTo("slow");
        device.sdkRequest("start-next", JobsDevice.object());
        device.await("start-next/accepted");

        time.advance(Duration.ofMinutes(1));
        assertThat(device.await("notify-next").has("execution")).isFalse();
        assertThat(jobs.describeExecution("slow", thing, null).status()).isEqualTo(JobExecutionStatus.TIMED_OUT);

        device.sdkRequest("slow/update", JobsDevice.object().put("status", "SUCCEEDED"));
        JsonNode refused = device.await("slow/update/rejected");
        assertThat(refused.get("code").asText()).isEqualTo("InvalidStateTransition");
        assertThat(refused.at("/executionState/status").asText()).isEqualTo("TIMED_OUT");
    }

    @Test
    void canceledJob_leavesTheDevicesLists() throws Exception {
        String thing = newThing();
        JobsDevice device = connect(thing).subscribe("notify-next", "notify", "$next/get/accepted");
        createJob("doomed", thing, "{\"a\":1}");
        assertThat(device.await("notify-next").at("/execution/jobId").asText()).isEqualTo("doomed");
        assertThat(device.await("notify").at("/jobs/QUEUED/0/jobId").asText()).isEqualTo("doomed");

        jobs.cancelJob("doomed", null, "superseded", false);
        assertThat(device.await("notify-next").has("execution")).isFalse();
        assertThat(device.await("notify").get("jobs")).isEmpty();
        device.requestNextJob();
        assertThat(device.await("$next/get/accepted").has("execution")).isFalse();
        assertThat(jobs.describeExecution("doomed", thing, null).status()).isEqualTo(JobExecutionStatus.CANCELED);
    }

    @Test
    void anotherThingsJobsTopics_areRefusedByThePolicy() throws Exception {
        String other = newThing();
        connect(other);
        createJob("private", other, "{\"secret\":true}");

        String thing = newThing();
        JobsDevice publisher = connect(thing);
        catchThrowable(() -> publisher.publish("$aws/things/" + other + "/jobs/$next/get", "{}"));
        assertThat(publisher.awaitLost(5000)).isTrue(); // MQTT 3.1.1: a denied PUBLISH closes the connection

        JobsDevice subscriber = connect(thing);
        catchThrowable(() -> subscriber.client.subscribe("$aws/things/" + other + "/jobs/notify-next", 1));
        assertThat(subscriber.awaitLost(5000)).isTrue();

        // A policy may let a client subscribe to every thing's jobs topics; iot:Receive still limits delivery to its
        // own (developer guide, "Publish/Subscribe policy examples": receive is checked for each message).
        String watcherThing = newThing();
        TestTls.Device d = tls.device("CN=" + watcherThing);
        devices.registerThing(
                watcherThing,
                d.certificate(),
                caId,
                List.of(TestDirectory.policy("p-" + watcherThing, WIDE_SUBSCRIBE_POLICY)));
        JobsDevice watcher = new JobsDevice(port, watcherThing, tls.clientSockets(d));
        clients.add(watcher);
        watcher.client.subscribe("$aws/things/+/jobs/#", 1);
        jobs.cancelJob("private", null, null, false);
        assertThat(watcher.drain(500)).isEmpty();
        assertThat(jobs.describeExecution("private", other, null).status()).isEqualTo(JobExecutionStatus.CANCELED);
        createJob("mine", watcherThing, "{\"a\":1}"); // the same subscription does deliver the watcher's own
        assertThat(watcher.await("notify-next").at("/execution/jobId").asText()).isEqualTo("mine");
    }

    @Test
    void mqtt5_startNextAndUpdate_repliesCarryTheCorrelationData() throws Exception {
        String thing = newThing();
        TestTls.Device d = tls.device("CN=" + thing);
        devices.registerThing(
                thing, d.certificate(), caId, List.of(TestDirectory.policy("p-" + thing, OWN_JOBS_POLICY)));
        createJob("v5-job", thing, "{\"a\":1}");
        BlockingQueue<org.eclipse.paho.mqttv5.common.MqttMessage> replies = new LinkedBlockingQueue<>();
        MqttClient v5 = new MqttClient("ssl://localhost:" + port, thing, new MemoryPersistence());
        clients.add(() -> {
            if (v5.isConnected()) {
                v5.disconnect();
            }
            v5.close();
        });
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setSocketFactory(tls.clientSockets(d));
        options.setCleanStart(true);
        v5.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse response) {}

            @Override
            public void mqttErrorOccurred(MqttException exception) {}

            @Override
            public void messageArrived(String topic, org.eclipse.paho.mqttv5.common.MqttMessage message) {
                replies.add(message);
            }

            @Override
            public void deliveryComplete(IMqttToken token) {}

            @Override
            public void connectComplete(boolean reconnect, String serverURI) {}

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {}
        });
        v5.connect(options);
        v5.subscribe("$aws/things/" + thing + "/jobs/+/accepted", 1);
        v5.subscribe("$aws/things/" + thing + "/jobs/+/update/accepted", 1);

        org.eclipse.paho.mqttv5.common.MqttMessage startNext = new org.eclipse.paho.mqttv5.common.MqttMessage(
                "{\"clientToken\":\"v5-1\"}".getBytes(StandardCharsets.UTF_8));
        startNext.setQos(1);
        MqttProperties properties = new MqttProperties();
        properties.setCorrelationData(new byte[] {7, 1});
        startNext.setProperties(properties);
        v5.publish("$aws/things/" + thing + "/jobs/start-next", startNext);
        org.eclipse.paho.mqttv5.common.MqttMessage started = replies.poll(5, TimeUnit.SECONDS);
        assertThat(started).isNotNull();
        assertThat(started.getProperties().getCorrelationData()).containsExactly(7, 1);
        JsonNode body = new ObjectMapper().readTree(started.getPayload());
        assertThat(body.get("clientToken").asText()).isEqualTo("v5-1");
        assertThat(body.at("/execution/status").asText()).isEqualTo("IN_PROGRESS");

        org.eclipse.paho.mqttv5.common.MqttMessage done = new org.eclipse.paho.mqttv5.common.MqttMessage(
                "{\"status\":\"SUCCEEDED\",\"expectedVersion\":2}".getBytes(StandardCharsets.UTF_8));
        done.setQos(1);
        v5.publish("$aws/things/" + thing + "/jobs/v5-job/update", done);
        assertThat(replies.poll(5, TimeUnit.SECONDS)).isNotNull();
        assertThat(jobs.describeJob("v5-job").status()).isEqualTo(JobStatus.COMPLETED);
    }
}
