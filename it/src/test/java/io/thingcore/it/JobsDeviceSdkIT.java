package io.thingcore.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingcore.pki.Pem;
import io.thingcore.server.ConnectionInfo;
import io.thingcore.testkit.AwsClients;
import io.thingcore.testkit.InProcessGateway;
import io.thingcore.testkit.pki.TestCa;
import io.thingcore.testkit.pki.TestPki;
import io.thingcore.testkit.time.MovableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.crt.CRT;
import software.amazon.awssdk.crt.mqtt.MqttClientConnection;
import software.amazon.awssdk.crt.mqtt.QualityOfService;
import software.amazon.awssdk.crt.mqtt5.Mqtt5Client;
import software.amazon.awssdk.crt.mqtt5.Mqtt5ClientOptions;
import software.amazon.awssdk.crt.mqtt5.packets.ConnectPacket;
import software.amazon.awssdk.iot.AwsIotMqtt5ClientBuilder;
import software.amazon.awssdk.iot.AwsIotMqttConnectionBuilder;
import software.amazon.awssdk.iot.iotjobs.IotJobsClient;
import software.amazon.awssdk.iot.iotjobs.model.JobStatus;
import software.amazon.awssdk.iot.iotjobs.model.NextJobExecutionChangedEvent;
import software.amazon.awssdk.iot.iotjobs.model.NextJobExecutionChangedSubscriptionRequest;
import software.amazon.awssdk.iot.iotjobs.model.RejectedError;
import software.amazon.awssdk.iot.iotjobs.model.RejectedErrorCode;
import software.amazon.awssdk.iot.iotjobs.model.StartNextJobExecutionResponse;
import software.amazon.awssdk.iot.iotjobs.model.StartNextPendingJobExecutionRequest;
import software.amazon.awssdk.iot.iotjobs.model.StartNextPendingJobExecutionSubscriptionRequest;
import software.amazon.awssdk.iot.iotjobs.model.UpdateJobExecutionRequest;
import software.amazon.awssdk.iot.iotjobs.model.UpdateJobExecutionResponse;
import software.amazon.awssdk.iot.iotjobs.model.UpdateJobExecutionSubscriptionRequest;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CertificateMode;
import software.amazon.awssdk.services.iot.model.CertificateStatus;
import software.amazon.awssdk.services.iot.model.JobExecutionStatus;

/**
 * The AWS IoT Device SDK for Java v2 jobs client ({@code iotjobs.IotJobsClient}), a client nobody here wrote, against
 * the gateway as the server wires it, over MQTT 3.1.1 and over MQTT 5, walking a job's life as a device would:
 * {@code notify-next} after CreateJob through the AWS SDK, start-next (IN_PROGRESS), an in-progress update with
 * status details, then SUCCEEDED; a second job FAILED; a third with a one-minute in-progress timeout that the
 * gateway's clock passes, so it goes TIMED_OUT (notify-next then announces that nothing is pending, and the device's
 * late SUCCEEDED is rejected); a fourth canceled through the API, which empties {@code notify-next}. The control
 * plane sees each outcome.
 *
 * <p>MQTT 5: the SDK's service clients take an {@code MqttClientConnection}; for MQTT 5 the SDK builds an
 * {@code Mqtt5Client} with {@code AwsIotMqtt5ClientBuilder.newDirectMqttBuilderWithMtlsFromPath} and wraps it as
 * {@code new MqttClientConnection(mqtt5Client, null)}, the client ID set in the CONNECT properties
 * (aws-iot-device-sdk-java-v2 {@code samples/Jobs/README.md}, "Service Client Notes", commit eb6eca9; aws-crt-java
 * 0.30.0 {@code MqttClientConnection(Mqtt5Client, MqttClientConnectionEvents)}).
 *
 * <p>Timeouts are whole minutes ({@code inProgressTimeoutInMinutes} at least 1), so the gateway runs on a
 * {@link MovableClock} that the test moves two minutes ahead; the jobs timer thread notices within its recheck
 * ({@link io.thingcore.jobs.service.ExecutorJobsScheduler#DEFAULT_RECHECK}) instead of a minute's sleep.
 *
 * <p>Skipped where the SDK's native {@code aws-crt} library cannot load, except in CI.
 */
class JobsDeviceSdkIT {
    private static final String THING = "JOBS_SDK";
    private static final String ALLOW_ALL =
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}";

    @TempDir
    Path dataDir;

    @TempDir
    Path deviceDir;

    /** The MQTT version the device speaks. */
    enum Mqtt {
        V3_1_1,
        V5
    }

    private final MovableClock clock = new MovableClock();
    private InProcessGateway gateway;
    private IotClient iot;
    private Mqtt5Client mqtt5;

    @BeforeAll
    static void nativeLibraryLoads() {
        try {
            new CRT();
        } catch (RuntimeException | LinkageError e) {
            String message = "the AWS CRT native library cannot load on this machine: " + e;
            if (System.getenv("CI") != null) {
                throw new AssertionError(message, e);
            }
            Assumptions.abort(message);
        }
    }

    @BeforeEach
    void start() {
        gateway = InProcessGateway.start(dataDir, builder -> builder, clock);
        iot = AwsClients.iot(gateway.connection());
    }

    @AfterEach
    void stop() {
        if (mqtt5 != null) {
            mqtt5.close();
        }
        iot.close();
        gateway.close();
    }

    private String thingArn() {
        ConnectionInfo c = gateway.connection();
        return "arn:aws:iot:" + c.region() + ":" + c.accountId() + ":thing/" + THING;
    }

    @ParameterizedTest
    @EnumSource(Mqtt.class)
    void theDeviceSdkJobsClientWalksJobsToSucceededFailedTimedOutAndCanceled(Mqtt mqtt) throws Exception {
        try (MqttClientConnection connection = registeredDevice(mqtt)) {
            connection.connect().get(10, TimeUnit.SECONDS);
            IotJobsClient jobs = new IotJobsClient(connection);
            BlockingQueue<NextJobExecutionChangedEvent> next = new LinkedBlockingQueue<>();
            BlockingQueue<StartNextJobExecutionResponse> started = new LinkedBlockingQueue<>();
            BlockingQueue<UpdateJobExecutionResponse> updated = new LinkedBlockingQueue<>();
            BlockingQueue<RejectedError> rejected = new LinkedBlockingQueue<>();

            NextJobExecutionChangedSubscriptionRequest nextRequest = new NextJobExecutionChangedSubscriptionRequest();
            nextRequest.thingName = THING;
            jobs.SubscribeToNextJobExecutionChangedEvents(nextRequest, QualityOfService.AT_LEAST_ONCE, next::add)
                    .get(10, TimeUnit.SECONDS);
            StartNextPendingJobExecutionSubscriptionRequest startRequest =
                    new StartNextPendingJobExecutionSubscriptionRequest();
            startRequest.thingName = THING;
            jobs.SubscribeToStartNextPendingJobExecutionAccepted(
                            startRequest, QualityOfService.AT_LEAST_ONCE, started::add)
                    .get(10, TimeUnit.SECONDS);
            jobs.SubscribeToStartNextPendingJobExecutionRejected(
                            startRequest, QualityOfService.AT_LEAST_ONCE, rejected::add)
                    .get(10, TimeUnit.SECONDS);
            for (String jobId : new String[] {"sdk-ok", "sdk-fail", "sdk-timeout"}) {
                UpdateJobExecutionSubscriptionRequest updateRequest = new UpdateJobExecutionSubscriptionRequest();
                updateRequest.thingName = THING;
                updateRequest.jobId = jobId;
                jobs.SubscribeToUpdateJobExecutionAccepted(updateRequest, QualityOfService.AT_LEAST_ONCE, updated::add)
                        .get(10, TimeUnit.SECONDS);
                jobs.SubscribeToUpdateJobExecutionRejected(updateRequest, QualityOfService.AT_LEAST_ONCE, rejected::add)
                        .get(10, TimeUnit.SECONDS);
            }

            // SUCCEEDED, through IN_PROGRESS with status details
            iot.createJob(b -> b.jobId("sdk-ok").targets(thingArn()).document("{\"step\":\"one\"}"));
            NextJobExecutionChangedEvent announced = next.poll(10, TimeUnit.SECONDS);
            assertThat(announced).as("notify-next after CreateJob").isNotNull();
            assertThat(announced.execution.jobId).isEqualTo("sdk-ok");
            assertThat(announced.execution.jobDocument).containsEntry("step", "one");
            walk(jobs, started, updated, "sdk-ok", JobStatus.SUCCEEDED);
            assertThat(rejected).isEmpty();
            assertThat(iot.describeJobExecution(b -> b.jobId("sdk-ok").thingName(THING))
                            .execution()
                            .status())
                    .isEqualTo(JobExecutionStatus.SUCCEEDED);

            // FAILED
            iot.createJob(b -> b.jobId("sdk-fail").targets(thingArn()).document("{\"step\":\"two\"}"));
            assertThat(nextJobId(next)).isEqualTo("sdk-fail");
            walk(jobs, started, updated, "sdk-fail", JobStatus.FAILED);
            assertThat(iot.describeJob(b -> b.jobId("sdk-fail"))
                            .job()
                            .jobProcessDetails()
                            .numberOfFailedThings())
                    .isEqualTo(1);

            // TIMED_OUT: started, then the gateway's clock passes the one-minute in-progress timeout
            iot.createJob(b -> b.jobId("sdk-timeout")
                    .targets(thingArn())
                    .document("{\"step\":\"slow\"}")
                    .timeoutConfig(t -> t.inProgressTimeoutInMinutes(1L)));
            assertThat(nextJobId(next)).isEqualTo("sdk-timeout");
            start(jobs, started, "sdk-timeout");
            next.clear();
            clock.advance(Duration.ofMinutes(2));
            NextJobExecutionChangedEvent timedOut = next.poll(10, TimeUnit.SECONDS);
            assertThat(timedOut).as("notify-next after the timeout").isNotNull();
            assertThat(timedOut.execution).isNull();
            assertThat(iot.describeJobExecution(b -> b.jobId("sdk-timeout").thingName(THING))
                            .execution()
                            .status())
                    .isEqualTo(JobExecutionStatus.TIMED_OUT);
            UpdateJobExecutionRequest late = new UpdateJobExecutionRequest();
            late.thingName = THING;
            late.jobId = "sdk-timeout";
            late.status = JobStatus.SUCCEEDED;
            late.clientToken = "late";
            jobs.PublishUpdateJobExecution(late, QualityOfService.AT_LEAST_ONCE).get(10, TimeUnit.SECONDS);
            RejectedError refused = rejected.poll(10, TimeUnit.SECONDS);
            assertThat(refused).as("the late update is rejected").isNotNull();
            assertThat(refused.clientToken).isEqualTo("late");
            assertThat(refused.code).isEqualTo(RejectedErrorCode.INVALID_STATE_TRANSITION);
            assertThat(refused.executionState.status).isEqualTo(JobStatus.TIMED_OUT);
            assertThat(iot.describeJob(b -> b.jobId("sdk-timeout"))
                            .job()
                            .jobProcessDetails()
                            .numberOfTimedOutThings())
                    .isEqualTo(1);

            // Canceled through the API while queued: notify-next announces that nothing is pending
            iot.createJob(b -> b.jobId("sdk-cancel").targets(thingArn()).document("{\"step\":\"three\"}"));
            assertThat(nextJobId(next)).isEqualTo("sdk-cancel");
            iot.cancelJob(b -> b.jobId("sdk-cancel"));
            NextJobExecutionChangedEvent empty = next.poll(10, TimeUnit.SECONDS);
            assertThat(empty).as("notify-next after CancelJob").isNotNull();
            assertThat(empty.execution).isNull();
            assertThat(iot.describeJobExecution(b -> b.jobId("sdk-cancel").thingName(THING))
                            .execution()
                            .status())
                    .isEqualTo(JobExecutionStatus.CANCELED);
            assertThat(rejected).isEmpty();
            connection.disconnect().get(10, TimeUnit.SECONDS);
        }
    }

    private static String nextJobId(BlockingQueue<NextJobExecutionChangedEvent> next) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            NextJobExecutionChangedEvent event = next.poll(100, TimeUnit.MILLISECONDS);
            if (event != null && event.execution != null) {
                return event.execution.jobId;
            }
        }
        throw new AssertionError("no notify-next with an execution within 10 s");
    }

    /** start-next of {@code jobId}, accepted as IN_PROGRESS with the request's client token. */
    private static StartNextJobExecutionResponse start(
            IotJobsClient jobs, BlockingQueue<StartNextJobExecutionResponse> started, String jobId) throws Exception {
        StartNextPendingJobExecutionRequest start = new StartNextPendingJobExecutionRequest();
        start.thingName = THING;
        start.clientToken = "start-" + jobId;
        jobs.PublishStartNextPendingJobExecution(start, QualityOfService.AT_LEAST_ONCE)
                .get(10, TimeUnit.SECONDS);
        StartNextJobExecutionResponse startedExecution = started.poll(10, TimeUnit.SECONDS);
        assertThat(startedExecution).as("start-next accepted").isNotNull();
        assertThat(startedExecution.clientToken).isEqualTo("start-" + jobId);
        assertThat(startedExecution.execution.jobId).isEqualTo(jobId);
        assertThat(startedExecution.execution.status).isEqualTo(JobStatus.IN_PROGRESS);
        return startedExecution;
    }

    /** start-next, an IN_PROGRESS update with details, then {@code outcome}. */
    private static void walk(
            IotJobsClient jobs,
            BlockingQueue<StartNextJobExecutionResponse> started,
            BlockingQueue<UpdateJobExecutionResponse> updated,
            String jobId,
            JobStatus outcome)
            throws Exception {
        StartNextJobExecutionResponse startedExecution = start(jobs, started, jobId);

        UpdateJobExecutionRequest progress = new UpdateJobExecutionRequest();
        progress.thingName = THING;
        progress.jobId = jobId;
        progress.status = JobStatus.IN_PROGRESS;
        progress.statusDetails = new HashMap<>(Map.of("progress", "50%"));
        progress.expectedVersion = startedExecution.execution.versionNumber;
        progress.includeJobExecutionState = true;
        jobs.PublishUpdateJobExecution(progress, QualityOfService.AT_LEAST_ONCE).get(10, TimeUnit.SECONDS);
        UpdateJobExecutionResponse inProgress = updated.poll(10, TimeUnit.SECONDS);
        assertThat(inProgress).as("in-progress update accepted").isNotNull();
        assertThat(inProgress.executionState.status).isEqualTo(JobStatus.IN_PROGRESS);
        assertThat(inProgress.executionState.statusDetails).containsEntry("progress", "50%");

        UpdateJobExecutionRequest done = new UpdateJobExecutionRequest();
        done.thingName = THING;
        done.jobId = jobId;
        done.status = outcome;
        jobs.PublishUpdateJobExecution(done, QualityOfService.AT_LEAST_ONCE).get(10, TimeUnit.SECONDS);
        assertThat(updated.poll(10, TimeUnit.SECONDS))
                .as("final update accepted")
                .isNotNull();
    }

    private MqttClientConnection registeredDevice(Mqtt mqtt) throws Exception {
        TestCa ca = TestPki.ca("CN=Jobs SDK CA");
        iot.registerCACertificate(b -> b.caCertificate(Pem.write(ca.certificate()))
                .certificateMode(CertificateMode.SNI_ONLY)
                .setAsActive(true));
        iot.createPolicy(b -> b.policyName("ALLOW_ALL").policyDocument(ALLOW_ALL));
        iot.createThing(b -> b.thingName(THING));
        var issued = TestPki.deviceV1(ca, "CN=" + THING);
        var registered = iot.registerCertificate(b -> b.certificatePem(Pem.write(issued.certificate()))
                .caCertificatePem(Pem.write(ca.certificate()))
                .status(CertificateStatus.ACTIVE));
        iot.attachPolicy(b -> b.policyName("ALLOW_ALL").target(registered.certificateArn()));
        iot.attachThingPrincipal(b -> b.thingName(THING).principal(registered.certificateArn()));
        Path certFile = Files.writeString(deviceDir.resolve("device.cert.pem"), Pem.write(issued.certificate()));
        Path keyFile = Files.writeString(
                deviceDir.resolve("device.private.key"),
                Pem.writePkcs8(issued.keys().getPrivate()));
        ConnectionInfo info = gateway.connection();
        if (mqtt == Mqtt.V5) {
            try (AwsIotMqtt5ClientBuilder builder = AwsIotMqtt5ClientBuilder.newDirectMqttBuilderWithMtlsFromPath(
                    info.mqttHost(), certFile.toString(), keyFile.toString())) {
                mqtt5 = builder.withCertificateAuthorityFromPath(null, info.serverCaFile())
                        .withPort((long) gateway.mqttPort())
                        .withConnectProperties(new ConnectPacket.ConnectPacketBuilder().withClientId(THING))
                        .withSessionBehavior(Mqtt5ClientOptions.ClientSessionBehavior.CLEAN)
                        .withConnackTimeoutMs(10_000L)
                        .build();
            }
            return new MqttClientConnection(mqtt5, null);
        }
        try (AwsIotMqttConnectionBuilder builder =
                AwsIotMqttConnectionBuilder.newMtlsBuilderFromPath(certFile.toString(), keyFile.toString())) {
            return builder.withCertificateAuthorityFromPath(null, info.serverCaFile())
                    .withEndpoint(info.mqttHost())
                    .withPort(gateway.mqttPort())
                    .withClientId(THING)
                    .withCleanSession(true)
                    .withTimeoutMs(10_000)
                    .build();
        }
    }
}
