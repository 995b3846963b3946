package io.thingcore.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.thingcore.pki.Pem;
import io.thingcore.server.ConnectionInfo;
import io.thingcore.testkit.InProcessGateway;
import io.thingcore.testkit.MqttTls;
import io.thingcore.testkit.pki.TestCa;
import io.thingcore.testkit.pki.TestPki;
import io.thingcore.testkit.tools.ExternalTools;
import io.thingcore.testkit.tools.PostgresSchema;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CertificateMode;
import software.amazon.awssdk.services.iot.model.CertificateStatus;
import software.amazon.awssdk.services.iot.model.ConflictException;
import software.amazon.awssdk.services.iot.model.InvalidRequestException;
import software.amazon.awssdk.services.iot.model.InvalidStateTransitionException;
import software.amazon.awssdk.services.iot.model.JobExecutionStatus;
import software.amazon.awssdk.services.iot.model.JobStatus;
import software.amazon.awssdk.services.iot.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.iot.model.ResourceNotFoundException;
import software.amazon.awssdk.services.iotjobsdataplane.IotJobsDataPlaneClient;
import software.amazon.awssdk.services.iotjobsdataplane.model.TerminalStateException;

/**
 * AWS IoT Jobs through the gateway as the server wires it: the control plane and the {@code iot-jobs-data} plane
 * through the AWS SDK for Java v2 and the AWS CLI v2, a device over MQTT that receives {@code notify-next} after a
 * CreateJob and completes the job, a least-privilege policy written with {@code ${iot:Connection.Thing.ThingName}},
 * and jobs that survive a restart on SQLite and PostgreSQL.
 */
class JobsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DOCUMENT = "{\"operation\":\"update\",\"version\":\"2\"}";
    /** A thing may use its own jobs topics only (developer guide, "Jobs" policy examples, with the thing variable). */
    private static final String OWN_JOBS_ONLY = """
            {"Version":"2012-10-17","Statement":[
              {"Effect":"Allow","Action":"iot:Connect",
               "Resource":"arn:aws:iot:*:*:client/${iot:Connection.Thing.ThingName}"},
              {"Effect":"Allow","Action":"iot:Subscribe",
               "Resource":"arn:aws:iot:*:*:topicfilter/$aws/things/${iot:Connection.Thing.ThingName}/jobs/*"},
              {"Effect":"Allow","Action":["iot:Publish","iot:Receive"],
               "Resource":"arn:aws:iot:*:*:topic/$aws/things/${iot:Connection.Thing.ThingName}/jobs/*"}]}
            """;

    @TempDir
    Path dataDir;

    private final List<AutoCloseable> open = new ArrayList<>();
    private InProcessGateway gateway;
    private IotClient iot;

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        if (iot != null) {
            iot.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    private void start(String databaseUrl) {
        gateway = databaseUrl == null
                ? InProcessGateway.start(dataDir)
                : InProcessGateway.start(dataDir, b -> b.db(databaseUrl));
        iot = gateway.iot();
    }

    private String thingArn(String thing) {
        ConnectionInfo c = gateway.connection();
        return "arn:aws:iot:" + c.region() + ":" + c.accountId() + ":thing/" + thing;
    }

    private IotJobsDataPlaneClient jobsData() {
        ConnectionInfo c = gateway.connection();
        IotJobsDataPlaneClient client = IotJobsDataPlaneClient.builder()
                .endpointOverride(URI.create(c.apiEndpoint()))
                .region(Region.of(c.region()))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(c.accessKeyId(), c.secretAccessKey())))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        open.add(client);
        return client;
    }

    @Test
    void controlPlaneAndJobsDataPlaneThroughTheSdk() {
        start(null);
        iot.createThing(b -> b.thingName("lamp-1"));
        iot.createThing(b -> b.thingName("lamp-2"));

        var created = iot.createJob(b -> b.jobId("update-1")
                .targets(thingArn("lamp-1"), thingArn("lamp-2"))
                .document(DOCUMENT)
                .description("firmware 2")
                .timeoutConfig(t -> t.inProgressTimeoutInMinutes(30L)));
        assertThat(created.jobArn()).endsWith(":job/update-1");
        assertThat(created.description()).isEqualTo("firmware 2");

        var job = iot.describeJob(b -> b.jobId("update-1")).job();
        assertThat(job.status()).isEqualTo(JobStatus.IN_PROGRESS);
        assertThat(job.targets()).containsExactly(thingArn("lamp-1"), thingArn("lamp-2"));
        assertThat(job.timeoutConfig().inProgressTimeoutInMinutes()).isEqualTo(30L);
        assertThat(job.jobProcessDetails().numberOfQueuedThings()).isEqualTo(2);
        assertThat(iot.getJobDocument(b -> b.jobId("update-1")).document()).isEqualTo(DOCUMENT);
        assertThat(iot.listJobs(b -> b.status(JobStatus.IN_PROGRESS)).jobs())
                .extracting(j -> j.jobId())
                .containsExactly("update-1");
        assertThat(iot.listJobExecutionsForJob(b -> b.jobId("update-1")).executionSummaries())
                .extracting(s -> s.thingArn())
                .containsExactlyInAnyOrder(thingArn("lamp-1"), thingArn("lamp-2"));

        // AWS's errors, with nothing changed
        assertThatThrownBy(() -> iot.createJob(
                        b -> b.jobId("update-1").targets(thingArn("lamp-1")).document(DOCUMENT)))
                .isInstanceOf(ResourceAlreadyExistsException.class);
        assertThatThrownBy(() -> iot.createJob(b ->
                        b.jobId("update-2").targets(thingArn("no-such-lamp")).document(DOCUMENT)))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> iot.createJob(b -> b.jobId("update-3")
                        .targets(thingArn("lamp-1"))
                        .document(DOCUMENT)
                        .schedulingConfig(s -> s.startTime("2030-01-01T00:00"))))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("schedulingConfig");
        assertThatThrownBy(() -> iot.describeJob(b -> b.jobId("no-such-job")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> iot.deleteJob(b -> b.jobId("update-1")))
                .isInstanceOf(InvalidStateTransitionException.class);
        assertThat(iot.listJobs(b -> b.maxResults(10)).jobs()).hasSize(1);

        // The device side through iot-jobs-data: start the next execution, then report success.
        IotJobsDataPlaneClient data = jobsData();
        var pending = data.getPendingJobExecutions(b -> b.thingName("lamp-1"));
        assertThat(pending.queuedJobs()).extracting(s -> s.jobId()).containsExactly("update-1");
        var started = data.startNextPendingJobExecution(
                        b -> b.thingName("lamp-1").statusDetails(Map.of("step", "download")))
                .execution();
        assertThat(started.jobId()).isEqualTo("update-1");
        assertThat(started.status().toString()).isEqualTo("IN_PROGRESS");
        assertThat(started.jobDocument()).isEqualTo(DOCUMENT);
        assertThat(started.approximateSecondsBeforeTimedOut()).isBetween(1700L, 1800L);
        // DescribeJobExecution: "Unless set to false, the response contains the job document. The default is true."
        // (iot-jobs-data API model, DescribeJobExecutionRequest.includeJobDocument)
        assertThat(data.describeJobExecution(b -> b.thingName("lamp-1").jobId("update-1"))
                        .execution()
                        .jobDocument())
                .isEqualTo(DOCUMENT);
        assertThat(data.describeJobExecution(
                                b -> b.thingName("lamp-1").jobId("update-1").includeJobDocument(false))
                        .execution()
                        .jobDocument())
                .isNull();
        assertThatThrownBy(() -> data.updateJobExecution(b -> b.thingName("lamp-1")
                        .jobId("update-1")
                        .status("SUCCEEDED")
                        .expectedVersion(started.versionNumber() + 5)))
                .isInstanceOf(
                        software.amazon.awssdk.services.iotjobsdataplane.model.InvalidStateTransitionException.class);
        var updated = data.updateJobExecution(b -> b.thingName("lamp-1")
                .jobId("update-1")
                .status("SUCCEEDED")
                .expectedVersion(started.versionNumber())
                .includeJobExecutionState(true));
        assertThat(updated.executionState().status().toString()).isEqualTo("SUCCEEDED");
        assertThatThrownBy(() ->
                        data.describeJobExecution(b -> b.thingName("lamp-1").jobId("update-1")))
                .isInstanceOf(TerminalStateException.class);

        var execution = iot.describeJobExecution(b -> b.jobId("update-1").thingName("lamp-1"))
                .execution();
        assertThat(execution.status()).isEqualTo(JobExecutionStatus.SUCCEEDED);
        assertThat(execution.statusDetails().detailsMap()).containsEntry("step", "download");
        assertThat(iot.listJobExecutionsForThing(b -> b.thingName("lamp-1")).executionSummaries())
                .extracting(s -> s.jobExecutionSummary().status())
                .containsExactly(JobExecutionStatus.SUCCEEDED);

        // Cancel with force, delete with force; a canceled pending execution leaves the thing's pending list.
        iot.cancelJob(b -> b.jobId("update-1").force(true).reasonCode("SUPERSEDED"));
        assertThat(iot.describeJob(b -> b.jobId("update-1")).job().status()).isEqualTo(JobStatus.CANCELED);
        assertThat(data.getPendingJobExecutions(b -> b.thingName("lamp-2")).queuedJobs())
                .isEmpty();
        iot.deleteJob(b -> b.jobId("update-1").force(true));

        // Templates
        iot.createJobTemplate(
                b -> b.jobTemplateId("tpl-1").description("update template").document(DOCUMENT));
        assertThatThrownBy(() -> iot.createJobTemplate(
                        b -> b.jobTemplateId("tpl-1").description("again").document(DOCUMENT)))
                .isInstanceOf(ConflictException.class);
        assertThat(iot.describeJobTemplate(b -> b.jobTemplateId("tpl-1")).document())
                .isEqualTo(DOCUMENT);
        assertThat(iot.listJobTemplates(b -> b.maxResults(5)).jobTemplates())
                .extracting(t -> t.jobTemplateId())
                .containsExactly("tpl-1");
        iot.deleteJobTemplate(b -> b.jobTemplateId("tpl-1"));
        assertThatThrownBy(() -> iot.describeJobTemplate(b -> b.jobTemplateId("tpl-1")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void deletingAThingRemovesItsPendingExecutions() throws Exception {
        start(null);
        iot.createThing(b -> b.thingName("lamp-1"));
        iot.createThing(b -> b.thingName("lamp-2"));
        iot.createJob(b -> b.jobId("update-1")
                .targets(thingArn("lamp-1"), thingArn("lamp-2"))
                .document(DOCUMENT));
        iot.deleteThing(b -> b.thingName("lamp-2"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        JobExecutionStatus status;
        do {
            status = iot.describeJobExecution(b -> b.jobId("update-1").thingName("lamp-2"))
                    .execution()
                    .status();
            if (status != JobExecutionStatus.REMOVED) {
                Thread.sleep(50);
            }
        } while (status != JobExecutionStatus.REMOVED && System.nanoTime() < deadline);
        assertThat(status).isEqualTo(JobExecutionStatus.REMOVED);
    }

    @Test
    void aDeviceGetsNotifyNextAndCompletesTheJob_andCannotUseAnotherThingsJobsTopics() throws Exception {
        start(null);
        TestCa ca = TestPki.ca("CN=Jobs CA");
        iot.registerCACertificate(b -> b.caCertificate(Pem.write(ca.certificate()))
                .certificateMode(CertificateMode.SNI_ONLY)
                .setAsActive(true));
        iot.createPolicy(b -> b.policyName("OWN_JOBS_ONLY").policyDocument(OWN_JOBS_ONLY));
        Device a = device(ca, "DEV_A");
        Device b = device(ca, "DEV_B");

        a.client.subscribe("$aws/things/DEV_A/jobs/notify-next", 1);
        a.client.subscribe("$aws/things/DEV_A/jobs/+/update/accepted", 1);
        b.client.subscribe("$aws/things/DEV_B/jobs/notify-next", 1);

        iot.createJob(j -> j.jobId("ota-1").targets(thingArn("DEV_A")).document(DOCUMENT));
        JsonNode next = a.next("$aws/things/DEV_A/jobs/notify-next");
        assertThat(next.path("execution").path("jobId").asText()).isEqualTo("ota-1");
        assertThat(next.path("execution").path("jobDocument").path("version").asText())
                .isEqualTo("2");
        assertThat(b.received.poll(300, TimeUnit.MILLISECONDS))
                .as("B hears nothing of A's job")
                .isNull();

        a.client.publish(
                "$aws/things/DEV_A/jobs/ota-1/update",
                new MqttMessage("{\"status\":\"SUCCEEDED\",\"clientToken\":\"t1\"}".getBytes(StandardCharsets.UTF_8)));
        JsonNode accepted = a.next("$aws/things/DEV_A/jobs/ota-1/update/accepted");
        assertThat(accepted.path("clientToken").asText()).isEqualTo("t1");
        assertThat(iot.describeJobExecution(j -> j.jobId("ota-1").thingName("DEV_A"))
                        .execution()
                        .status())
                .isEqualTo(JobExecutionStatus.SUCCEEDED);
        assertThat(iot.describeJob(j -> j.jobId("ota-1")).job().status()).isEqualTo(JobStatus.COMPLETED);

        // B may not subscribe to A's notifications: the broker refuses the SUBSCRIBE and closes the connection.
        assertThatThrownBy(() -> b.client.subscribe("$aws/things/DEV_A/jobs/notify-next", 1))
                .isInstanceOf(MqttException.class);
        // C may not publish a request on A's jobs topics: refused, the connection closed, A's state unchanged.
        Device c = device(ca, "DEV_C");
        assertThatThrownBy(() -> c.client.publish(
                        "$aws/things/DEV_A/jobs/ota-1/update",
                        new MqttMessage("{\"status\":\"FAILED\"}".getBytes(StandardCharsets.UTF_8))))
                .as("QoS 1 publish never acknowledged: the connection is closed")
                .isInstanceOf(MqttException.class);
        assertThat(c.lost.poll(5, TimeUnit.SECONDS)).as("C disconnected").isNotNull();
        assertThat(iot.describeJobExecution(j -> j.jobId("ota-1").thingName("DEV_A"))
                        .execution()
                        .status())
                .isEqualTo(JobExecutionStatus.SUCCEEDED);
    }

    @Test
    void jobsAndExecutionsSurviveARestartOnSqlite() {
        startRestartAndCheck(null);
    }

    @Test
    void jobsAndExecutionsSurviveARestartOnPostgresql() throws Exception {
        try (PostgresSchema schema = PostgresSchema.create("thingcore_jobs_it")) {
            startRestartAndCheck(schema.url());
        }
    }

    private void startRestartAndCheck(String databaseUrl) {
        start(databaseUrl);
        iot.createThing(b -> b.thingName("lamp-1"));
        iot.createJob(b -> b.jobId("update-1").targets(thingArn("lamp-1")).document(DOCUMENT));
        var started = jobsData()
                .startNextPendingJobExecution(b -> b.thingName("lamp-1"))
                .execution();
        iot.close();
        gateway.close();

        start(databaseUrl);
        assertThat(iot.describeJob(b -> b.jobId("update-1")).job().status()).isEqualTo(JobStatus.IN_PROGRESS);
        var execution = iot.describeJobExecution(b -> b.jobId("update-1").thingName("lamp-1"))
                .execution();
        assertThat(execution.status()).isEqualTo(JobExecutionStatus.IN_PROGRESS);
        assertThat(execution.versionNumber()).isEqualTo(started.versionNumber());
        iot.close();
        iot = null;
        gateway.close();
        gateway = null;
    }

    @Test
    void awsCliV2ControlPlaneAndJobsData() throws Exception {
        String override = System.getenv("THINGCORE_AWS_CLI_V2");
        Path cli = Path.of(override != null && !override.isBlank() ? override : "/usr/bin/aws");
        ExternalTools.require(
                Files.isExecutable(cli)
                        && ExternalTools.versionLine(cli.toString(), "--version")
                                .filter(v -> v.startsWith("aws-cli/2."))
                                .isPresent(),
                "AWS CLI v2 (Debian package awscli, /usr/bin/aws)");
        start(null);
        iot.createThing(b -> b.thingName("lamp-1"));

        CliResult created = cli(
                cli, "iot", "create-job", "--job-id", "cli-1", "--targets", thingArn("lamp-1"), "--document", DOCUMENT);
        assertThat(created.exit()).as(created.output()).isZero();
        assertThat(JSON.readTree(created.output()).path("jobId").asText()).isEqualTo("cli-1");

        CliResult described = cli(cli, "iot", "describe-job", "--job-id", "cli-1");
        assertThat(JSON.readTree(described.output()).path("job").path("status").asText())
                .isEqualTo("IN_PROGRESS");

        CliResult missing = cli(cli, "iot", "describe-job", "--job-id", "nope");
        assertThat(missing.exit()).isNotZero();
        assertThat(missing.output()).contains("ResourceNotFoundException");

        CliResult refused = cli(
                cli,
                "iot",
                "create-job",
                "--job-id",
                "cli-2",
                "--targets",
                thingArn("lamp-1"),
                "--document",
                DOCUMENT,
                "--job-executions-retry-config",
                "{\"criteriaList\":[{\"failureType\":\"FAILED\",\"numberOfRetries\":1}]}");
        assertThat(refused.exit()).isNotZero();
        assertThat(refused.output()).contains("InvalidRequestException").contains("jobExecutionsRetryConfig");

        CliResult pending = cli(cli, "iot-jobs-data", "get-pending-job-executions", "--thing-name", "lamp-1");
        assertThat(pending.exit()).as(pending.output()).isZero();
        assertThat(JSON.readTree(pending.output())
                        .path("queuedJobs")
                        .get(0)
                        .path("jobId")
                        .asText())
                .isEqualTo("cli-1");

        CliResult next = cli(cli, "iot-jobs-data", "start-next-pending-job-execution", "--thing-name", "lamp-1");
        assertThat(next.exit()).as(next.output()).isZero();
        assertThat(JSON.readTree(next.output()).path("execution").path("status").asText())
                .isEqualTo("IN_PROGRESS");

        CliResult done = cli(
                cli,
                "iot-jobs-data",
                "update-job-execution",
                "--thing-name",
                "lamp-1",
                "--job-id",
                "cli-1",
                "--status",
                "FAILED",
                "--include-job-execution-state");
        assertThat(done.exit()).as(done.output()).isZero();
        assertThat(JSON.readTree(done.output())
                        .path("executionState")
                        .path("status")
                        .asText())
                .isEqualTo("FAILED");

        CliResult job = cli(cli, "iot", "describe-job", "--job-id", "cli-1");
        assertThat(JSON.readTree(job.output()).path("job").path("status").asText())
                .isEqualTo("COMPLETED");
        assertThat(JSON.readTree(job.output())
                        .path("job")
                        .path("jobProcessDetails")
                        .path("numberOfFailedThings")
                        .asInt())
                .isEqualTo(1);
    }

    private record CliResult(int exit, String output) {}

    private CliResult cli(Path aws, String... args) throws Exception {
        ConnectionInfo c = gateway.connection();
        List<String> command = new ArrayList<>(List.of(aws.toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("--endpoint-url", c.apiEndpoint(), "--output", "json"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("AWS_ACCESS_KEY_ID", c.accessKeyId());
        env.put("AWS_SECRET_ACCESS_KEY", c.secretAccessKey());
        env.put("AWS_DEFAULT_REGION", c.region());
        env.put("AWS_CONFIG_FILE", "/dev/null");
        env.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
        env.put("AWS_PAGER", "");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new CliResult(process.exitValue(), output);
    }

    private Device device(TestCa ca, String thing) throws Exception {
        var issued = TestPki.deviceV1(ca, "CN=" + thing);
        var registered = iot.registerCertificate(b -> b.certificatePem(Pem.write(issued.certificate()))
                .caCertificatePem(Pem.write(ca.certificate()))
                .status(CertificateStatus.ACTIVE));
        iot.createThing(b -> b.thingName(thing));
        iot.attachPolicy(b -> b.policyName("OWN_JOBS_ONLY").target(registered.certificateArn()));
        iot.attachThingPrincipal(b -> b.thingName(thing).principal(registered.certificateArn()));
        return connect(thing, issued.keys(), issued.certificate());
    }

    private Device connect(String clientId, KeyPair keys, X509Certificate certificate) throws Exception {
        ConnectionInfo info = gateway.connection();
        MqttClient client = new MqttClient("ssl://localhost:" + info.mqttPort(), clientId, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setSocketFactory(
                MqttTls.socketFactory(certificate, keys.getPrivate(), Path.of(info.serverCaFile()), info.mqttHost()));
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout(5);
        Device device = new Device(client);
        client.setCallback(device);
        client.connect(options);
        open.add(device);
        return device;
    }

    private static final class Device implements MqttCallback, AutoCloseable {
        final MqttClient client;
        final BlockingQueue<Throwable> lost = new LinkedBlockingQueue<>();
        final BlockingQueue<String[]> received = new LinkedBlockingQueue<>();

        Device(MqttClient client) {
            this.client = client;
        }

        /** The next message on {@code topic}, skipping others. */
        JsonNode next(String topic) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                String[] message = received.poll(100, TimeUnit.MILLISECONDS);
                if (message != null && message[0].equals(topic)) {
                    return JSON.readTree(message[1]);
                }
            }
            throw new AssertionError("nothing on " + topic + " within 10 s");
        }

        @Override
        public void connectionLost(Throwable cause) {
            lost.add(cause);
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            received.add(new String[] {topic, new String(message.getPayload(), StandardCharsets.UTF_8)});
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {}

        @Override
        public void close() throws MqttException {
            if (client.isConnected()) {
                client.disconnect(1000);
            }
            client.close(true);
        }
    }
}
