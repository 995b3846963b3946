package io.thingcore.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.thingcore.pki.Pem;
import io.thingcore.server.ConnectionInfo;
import io.thingcore.server.StreamsWiring;
import io.thingcore.streams.files.GatewayFiles;
import io.thingcore.testkit.AwsClients;
import io.thingcore.testkit.InProcessGateway;
import io.thingcore.testkit.MqttTls;
import io.thingcore.testkit.pki.TestCa;
import io.thingcore.testkit.pki.TestPki;
import io.thingcore.testkit.tools.ExternalTools;
import io.thingcore.testkit.tools.PostgresSchema;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CertificateMode;
import software.amazon.awssdk.services.iot.model.CertificateStatus;
import software.amazon.awssdk.services.iot.model.ConflictException;
import software.amazon.awssdk.services.iot.model.InvalidRequestException;
import software.amazon.awssdk.services.iot.model.InvalidStateTransitionException;
import software.amazon.awssdk.services.iot.model.JobExecutionStatus;
import software.amazon.awssdk.services.iot.model.JobStatus;
import software.amazon.awssdk.services.iot.model.OTAUpdateFile;
import software.amazon.awssdk.services.iot.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.iot.model.ResourceNotFoundException;
import software.amazon.awssdk.services.iot.model.VersionConflictException;
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

    /** Where the AWS CLI's stderr of each call is written. */
    @TempDir
    Path cliDir;

    /** The AWS CLI v2 of {@link #awsCliV2ControlPlaneAndJobsData}. */
    private Path awsCli = Path.of("/usr/bin/aws");

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
        IotJobsDataPlaneClient client = AwsClients.at(IotJobsDataPlaneClient.builder(), c)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        open.add(client);
        return client;
    }

    /**
     * The control plane on the SDK's Apache HTTP client: UpdateJob is {@code PATCH /jobs/{jobId}} (iot service
     * model), a method the JDK's HttpURLConnection behind {@code UrlConnectionHttpClient} refuses to send.
     */
    private IotClient patchingIot() {
        ConnectionInfo c = gateway.connection();
        IotClient client = AwsClients.at(IotClient.builder(), c)
                .httpClient(ApacheHttpClient.create())
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
        // A job canceled with force cannot be canceled again nor updated: InvalidRequestException, the refusal both
        // operations have in the iot model (CancelJob lists no InvalidStateTransitionException).
        assertThatThrownBy(() -> iot.cancelJob(b -> b.jobId("update-1").force(true)))
                .isInstanceOf(InvalidRequestException.class);
        IotClient patching = patchingIot();
        assertThatThrownBy(() -> patching.updateJob(b -> b.jobId("update-1").description("late")))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> iot.cancelJob(b -> b.jobId("no-such-job")))
                .isInstanceOf(ResourceNotFoundException.class);
        iot.deleteJob(b -> b.jobId("update-1").force(true));

        // UpdateJob, and the errors of the reading operations.
        iot.createJob(b -> b.jobId("exec-1")
                .targets(thingArn("lamp-1"), thingArn("lamp-2"))
                .document(DOCUMENT));
        patching.updateJob(
                b -> b.jobId("exec-1").description("firmware 3").timeoutConfig(t -> t.inProgressTimeoutInMinutes(10L)));
        var updatedJob = iot.describeJob(b -> b.jobId("exec-1")).job();
        assertThat(updatedJob.description()).isEqualTo("firmware 3");
        assertThat(updatedJob.timeoutConfig().inProgressTimeoutInMinutes()).isEqualTo(10L);
        assertThatThrownBy(() -> patching.updateJob(b -> b.jobId("no-such-job").description("x")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> iot.getJobDocument(b -> b.jobId("no-such-job")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> iot.listJobs(b -> b.maxResults(251))).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> iot.listJobs(b -> b.nextToken("garbage"))).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> iot.listJobExecutionsForJob(b -> b.jobId("no-such-job")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() ->
                        iot.listJobExecutionsForThing(b -> b.thingName("lamp-1").maxResults(251)))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> iot.describeJobExecution(b -> b.jobId("exec-1").thingName("no-such-lamp")))
                .isInstanceOf(ResourceNotFoundException.class);

        // CancelJobExecution: guarded by expectedVersion; a QUEUED execution as it is, an IN_PROGRESS one only with
        // force, a finished one never.
        var queued = iot.describeJobExecution(b -> b.jobId("exec-1").thingName("lamp-2"))
                .execution();
        assertThat(queued.status()).isEqualTo(JobExecutionStatus.QUEUED);
        assertThatThrownBy(() -> iot.cancelJobExecution(
                        b -> b.jobId("exec-1").thingName("lamp-2").expectedVersion(queued.versionNumber() + 1)))
                .isInstanceOf(VersionConflictException.class);
        iot.cancelJobExecution(b -> b.jobId("exec-1")
                .thingName("lamp-2")
                .expectedVersion(queued.versionNumber())
                .statusDetails(Map.of("why", "maintenance")));
        var canceledExecution = iot.describeJobExecution(b -> b.jobId("exec-1").thingName("lamp-2"))
                .execution();
        assertThat(canceledExecution.status()).isEqualTo(JobExecutionStatus.CANCELED);
        assertThat(canceledExecution.statusDetails().detailsMap()).containsEntry("why", "maintenance");
        assertThatThrownBy(() -> iot.cancelJobExecution(b -> b.jobId("exec-1").thingName("lamp-2")))
                .isInstanceOf(InvalidStateTransitionException.class);
        assertThat(data.startNextPendingJobExecution(b -> b.thingName("lamp-1"))
                        .execution()
                        .jobId())
                .isEqualTo("exec-1");
        assertThatThrownBy(() -> iot.cancelJobExecution(b -> b.jobId("exec-1").thingName("lamp-1")))
                .isInstanceOf(InvalidStateTransitionException.class);

        // DeleteJobExecution: a finished execution as it is, a pending one only with force.
        long lamp1Execution = iot.describeJobExecution(b -> b.jobId("exec-1").thingName("lamp-1"))
                .execution()
                .executionNumber();
        assertThatThrownBy(() -> iot.deleteJobExecution(
                        b -> b.jobId("exec-1").thingName("lamp-1").executionNumber(lamp1Execution)))
                .isInstanceOf(InvalidStateTransitionException.class);
        iot.deleteJobExecution(
                b -> b.jobId("exec-1").thingName("lamp-2").executionNumber(canceledExecution.executionNumber()));
        assertThatThrownBy(() -> iot.describeJobExecution(b -> b.jobId("exec-1").thingName("lamp-2")))
                .isInstanceOf(ResourceNotFoundException.class);
        iot.deleteJobExecution(b -> b.jobId("exec-1")
                .thingName("lamp-1")
                .executionNumber(lamp1Execution)
                .force(true));
        assertThat(iot.listJobExecutionsForJob(b -> b.jobId("exec-1")).executionSummaries())
                .isEmpty();
        assertThat(data.getPendingJobExecutions(b -> b.thingName("lamp-1")).inProgressJobs())
                .isEmpty();

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
        assertThatThrownBy(() -> iot.listJobTemplates(b -> b.maxResults(251)))
                .isInstanceOf(InvalidRequestException.class);
        String exec1Arn = iot.describeJob(b -> b.jobId("exec-1")).job().jobArn();
        iot.createJobTemplate(
                b -> b.jobTemplateId("tpl-2").description("from exec-1").jobArn(exec1Arn));
        var fromJob = iot.describeJobTemplate(b -> b.jobTemplateId("tpl-2"));
        assertThat(fromJob.document()).isEqualTo(DOCUMENT);
        assertThat(fromJob.timeoutConfig().inProgressTimeoutInMinutes()).isEqualTo(10L);
        assertThatThrownBy(() -> iot.createJobTemplate(b -> b.jobTemplateId("tpl-3")
                        .description("from nothing")
                        .jobArn(exec1Arn.replace("job/exec-1", "job/no-such-job"))))
                .isInstanceOf(ResourceNotFoundException.class);
        iot.deleteJobTemplate(b -> b.jobTemplateId("tpl-1"));
        assertThatThrownBy(() -> iot.describeJobTemplate(b -> b.jobTemplateId("tpl-1")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> iot.deleteJobTemplate(b -> b.jobTemplateId("tpl-1")))
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

    /**
     * The jobs, job template and OTA update operations of the {@code iot} control plane and the {@code iot-jobs-data}
     * calls through the AWS CLI v2 (issue 12, "How it is judged"): each operation once as it succeeds and once
     * refused, with the error the operation's {@code errors} name in the {@code iot} service model (botocore
     * {@code data/iot/2015-05-28/service-2.json}) in the CLI's stderr, and {@code list-jobs} paginated by the CLI. The
     * state the calls act on is made through the SDK, which costs milliseconds where each {@code aws} process costs
     * about half a second.
     */
    @Test
    void awsCliV2ControlPlaneAndJobsData() throws Exception {
        String override = System.getenv("THINGCORE_AWS_CLI_V2");
        awsCli = Path.of(override != null && !override.isBlank() ? override : "/usr/bin/aws");
        ExternalTools.require(
                Files.isExecutable(awsCli)
                        && ExternalTools.versionLine(awsCli.toString(), "--version")
                                .filter(v -> v.startsWith("aws-cli/2."))
                                .isPresent(),
                "AWS CLI v2 (Debian package awscli, /usr/bin/aws)");
        start(null);
        iot.createThing(b -> b.thingName("lamp-1"));

        JsonNode created =
                ok("iot", "create-job", "--job-id", "cli-1", "--targets", thingArn("lamp-1"), "--document", DOCUMENT);
        assertThat(created.path("jobId").asText()).isEqualTo("cli-1");
        assertThat(ok("iot", "describe-job", "--job-id", "cli-1")
                        .path("job")
                        .path("status")
                        .asText())
                .isEqualTo("IN_PROGRESS");
        fails("ResourceNotFoundException", "DescribeJob", "iot", "describe-job", "--job-id", "nope");
        assertThat(fails(
                        "InvalidRequestException",
                        "CreateJob",
                        "iot",
                        "create-job",
                        "--job-id",
                        "cli-2",
                        "--targets",
                        thingArn("lamp-1"),
                        "--document",
                        DOCUMENT,
                        "--job-executions-retry-config",
                        "{\"criteriaList\":[{\"failureType\":\"FAILED\",\"numberOfRetries\":1}]}"))
                .contains("jobExecutionsRetryConfig");

        JsonNode pending = ok("iot-jobs-data", "get-pending-job-executions", "--thing-name", "lamp-1");
        assertThat(pending.path("queuedJobs").get(0).path("jobId").asText()).isEqualTo("cli-1");
        JsonNode next = ok("iot-jobs-data", "start-next-pending-job-execution", "--thing-name", "lamp-1");
        assertThat(next.path("execution").path("status").asText()).isEqualTo("IN_PROGRESS");
        JsonNode done = ok(
                "iot-jobs-data",
                "update-job-execution",
                "--thing-name",
                "lamp-1",
                "--job-id",
                "cli-1",
                "--status",
                "FAILED",
                "--include-job-execution-state");
        assertThat(done.path("executionState").path("status").asText()).isEqualTo("FAILED");
        JsonNode job = ok("iot", "describe-job", "--job-id", "cli-1").path("job");
        assertThat(job.path("status").asText()).isEqualTo("COMPLETED");
        assertThat(job.path("jobProcessDetails").path("numberOfFailedThings").asInt())
                .isEqualTo(1);

        // What the remaining calls act on: cli-a QUEUED on lamp-1 and lamp-2, cli-b IN_PROGRESS on lamp-3, an OTA
        // update (and its job) for lamp-ota.
        for (String thing : List.of("lamp-2", "lamp-3", "lamp-ota")) {
            iot.createThing(b -> b.thingName(thing));
        }
        iot.createJob(b ->
                b.jobId("cli-a").targets(thingArn("lamp-1"), thingArn("lamp-2")).document(DOCUMENT));
        iot.createJob(b -> b.jobId("cli-b").targets(thingArn("lamp-3")).document(DOCUMENT));
        jobsData().startNextPendingJobExecution(b -> b.thingName("lamp-3"));
        byte[] image = new byte[4096];
        new Random(12).nextBytes(image);
        StreamsWiring.ownFiles(dataDir).put(GatewayFiles.OWN_BUCKET, "cli/app.bin", new ByteArrayInputStream(image));
        iot.createOTAUpdate(b -> b.otaUpdateId("ota-cli")
                .targets(thingArn("lamp-ota"))
                .roleArn("arn:aws:iam::" + gateway.connection().accountId() + ":role/ota")
                .files(OTAUpdateFile.builder()
                        .fileName("/ota/app.bin")
                        .fileLocation(l -> l.s3Location(
                                s -> s.bucket(GatewayFiles.OWN_BUCKET).key("cli/app.bin")))
                        .build()));

        // ListJobs through the CLI's pagination: one job per request (maxResults 1, then nextToken), two per output
        // page, then the rest from the CLI's NextToken.
        List<String> allJobs = iot.listJobs(b -> b.maxResults(250)).jobs().stream()
                .map(j -> j.jobId())
                .toList();
        assertThat(allJobs).containsExactlyInAnyOrder("cli-1", "cli-a", "cli-b", "AFR_OTA-ota-cli");
        JsonNode firstPage = ok("iot", "list-jobs", "--page-size", "1", "--max-items", "2");
        assertThat(firstPage.path("jobs").size()).isEqualTo(2);
        String token = firstPage.path("NextToken").asText();
        assertThat(token).isNotEmpty();
        JsonNode rest = ok("iot", "list-jobs", "--page-size", "1", "--starting-token", token);
        assertThat(rest.has("NextToken")).isFalse();
        List<String> paged = new ArrayList<>(firstPage.path("jobs").findValuesAsText("jobId"));
        paged.addAll(rest.path("jobs").findValuesAsText("jobId"));
        assertThat(paged).containsExactlyElementsOf(allJobs);
        fails("InvalidRequestException", "ListJobs", "iot", "list-jobs", "--status", "RUNNING");

        // UpdateJob; a job that is no longer IN_PROGRESS is refused.
        ok("iot", "update-job", "--job-id", "cli-a", "--description", "firmware 3");
        assertThat(iot.describeJob(b -> b.jobId("cli-a")).job().description()).isEqualTo("firmware 3");
        fails("InvalidRequestException", "UpdateJob", "iot", "update-job", "--job-id", "cli-1", "--description", "x");

        assertThat(ok("iot", "get-job-document", "--job-id", "cli-a")
                        .path("document")
                        .asText())
                .isEqualTo(DOCUMENT);
        fails("ResourceNotFoundException", "GetJobDocument", "iot", "get-job-document", "--job-id", "nope");

        assertThat(ok("iot", "list-job-executions-for-job", "--job-id", "cli-a")
                        .path("executionSummaries")
                        .findValuesAsText("thingArn"))
                .containsExactlyInAnyOrder(thingArn("lamp-1"), thingArn("lamp-2"));
        fails(
                "ResourceNotFoundException",
                "ListJobExecutionsForJob",
                "iot",
                "list-job-executions-for-job",
                "--job-id",
                "nope");
        assertThat(ok("iot", "list-job-executions-for-thing", "--thing-name", "lamp-1")
                        .path("executionSummaries")
                        .findValuesAsText("jobId"))
                .containsExactlyInAnyOrder("cli-1", "cli-a");
        fails(
                "InvalidRequestException",
                "ListJobExecutionsForThing",
                "iot",
                "list-job-executions-for-thing",
                "--thing-name",
                "lamp-1",
                "--status",
                "RUNNING");

        JsonNode queued = ok("iot", "describe-job-execution", "--job-id", "cli-a", "--thing-name", "lamp-2")
                .path("execution");
        assertThat(queued.path("status").asText()).isEqualTo("QUEUED");
        long version = queued.path("versionNumber").asLong();
        long number = queued.path("executionNumber").asLong();
        fails(
                "ResourceNotFoundException",
                "DescribeJobExecution",
                "iot",
                "describe-job-execution",
                "--job-id",
                "cli-a",
                "--thing-name",
                "lamp-3");

        // CancelJobExecution: guarded by --expected-version; an IN_PROGRESS execution only with --force.
        fails(
                "VersionConflictException",
                "CancelJobExecution",
                "iot",
                "cancel-job-execution",
                "--job-id",
                "cli-a",
                "--thing-name",
                "lamp-2",
                "--expected-version",
                Long.toString(version + 1));
        ok(
                "iot",
                "cancel-job-execution",
                "--job-id",
                "cli-a",
                "--thing-name",
                "lamp-2",
                "--expected-version",
                Long.toString(version),
                "--status-details",
                "why=maintenance");
        var canceledExecution = iot.describeJobExecution(b -> b.jobId("cli-a").thingName("lamp-2"))
                .execution();
        assertThat(canceledExecution.status()).isEqualTo(JobExecutionStatus.CANCELED);
        assertThat(canceledExecution.statusDetails().detailsMap()).containsEntry("why", "maintenance");
        fails(
                "InvalidStateTransitionException",
                "CancelJobExecution",
                "iot",
                "cancel-job-execution",
                "--job-id",
                "cli-b",
                "--thing-name",
                "lamp-3");

        // DeleteJobExecution: a finished execution as it is, a pending one only with --force.
        ok(
                "iot",
                "delete-job-execution",
                "--job-id",
                "cli-a",
                "--thing-name",
                "lamp-2",
                "--execution-number",
                Long.toString(number));
        assertThatThrownBy(() -> iot.describeJobExecution(b -> b.jobId("cli-a").thingName("lamp-2")))
                .isInstanceOf(ResourceNotFoundException.class);
        fails(
                "InvalidStateTransitionException",
                "DeleteJobExecution",
                "iot",
                "delete-job-execution",
                "--job-id",
                "cli-a",
                "--thing-name",
                "lamp-1",
                "--execution-number",
                "1");

        // CancelJob with --force cancels the IN_PROGRESS execution too; a COMPLETED job cannot be canceled.
        JsonNode canceledJob = ok(
                "iot",
                "cancel-job",
                "--job-id",
                "cli-b",
                "--force",
                "--reason-code",
                "SUPERSEDED",
                "--comment",
                "firmware 4 replaces it");
        assertThat(canceledJob.path("jobId").asText()).isEqualTo("cli-b");
        var cliB = iot.describeJob(b -> b.jobId("cli-b")).job();
        assertThat(cliB.status()).isEqualTo(JobStatus.CANCELED);
        assertThat(cliB.forceCanceled()).isTrue();
        assertThat(cliB.reasonCode()).isEqualTo("SUPERSEDED");
        assertThat(iot.describeJobExecution(b -> b.jobId("cli-b").thingName("lamp-3"))
                        .execution()
                        .status())
                .isEqualTo(JobExecutionStatus.CANCELED);
        fails("InvalidRequestException", "CancelJob", "iot", "cancel-job", "--job-id", "cli-1");

        // DeleteJob: an IN_PROGRESS job only with --force; a CANCELED one as it is.
        fails("InvalidStateTransitionException", "DeleteJob", "iot", "delete-job", "--job-id", "cli-a");
        ok("iot", "delete-job", "--job-id", "cli-b");
        assertThat(iot.listJobExecutionsForThing(b -> b.thingName("lamp-3")).executionSummaries())
                .isEmpty();

        // Job templates.
        String[] createTemplate = {
            "iot",
            "create-job-template",
            "--job-template-id",
            "tpl-cli",
            "--description",
            "firmware",
            "--document",
            DOCUMENT
        };
        assertThat(ok(createTemplate).path("jobTemplateArn").asText()).endsWith(":jobtemplate/tpl-cli");
        fails("ConflictException", "CreateJobTemplate", createTemplate);
        assertThat(ok("iot", "describe-job-template", "--job-template-id", "tpl-cli")
                        .path("document")
                        .asText())
                .isEqualTo(DOCUMENT);
        fails(
                "ResourceNotFoundException",
                "DescribeJobTemplate",
                "iot",
                "describe-job-template",
                "--job-template-id",
                "x");
        assertThat(ok("iot", "list-job-templates").path("jobTemplates").findValuesAsText("jobTemplateId"))
                .containsExactly("tpl-cli");
        fails("InvalidRequestException", "ListJobTemplates", "iot", "list-job-templates", "--max-results", "251");
        ok("iot", "delete-job-template", "--job-template-id", "tpl-cli");
        fails(
                "ResourceNotFoundException",
                "DeleteJobTemplate",
                "iot",
                "delete-job-template",
                "--job-template-id",
                "tpl-cli");

        // OTA updates (CreateOTAUpdate through the CLI: DicOtaSimulatorIT).
        JsonNode ota = ok("iot", "get-ota-update", "--ota-update-id", "ota-cli").path("otaUpdateInfo");
        assertThat(ota.path("otaUpdateStatus").asText()).isEqualTo("CREATE_COMPLETE");
        assertThat(ota.path("awsIotJobId").asText()).isEqualTo("AFR_OTA-ota-cli");
        fails("ResourceNotFoundException", "GetOTAUpdate", "iot", "get-ota-update", "--ota-update-id", "nope");
        assertThat(ok("iot", "list-ota-updates", "--ota-update-status", "CREATE_COMPLETE")
                        .path("otaUpdates")
                        .findValuesAsText("otaUpdateId"))
                .containsExactly("ota-cli");
        fails("InvalidRequestException", "ListOTAUpdates", "iot", "list-ota-updates", "--ota-update-status", "DONE");
        assertThat(fails(
                        "InvalidRequestException",
                        "DeleteOTAUpdate",
                        "iot",
                        "delete-ota-update",
                        "--ota-update-id",
                        "ota-cli"))
                .contains("forceDeleteAWSJob");
        ok("iot", "delete-ota-update", "--ota-update-id", "ota-cli", "--force-delete-aws-job", "--delete-stream");
        assertThatThrownBy(() -> iot.getOTAUpdate(b -> b.otaUpdateId("ota-cli")))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThat(iot.listStreams(b -> b.maxResults(10)).streams()).isEmpty();
    }

    private record CliResult(int exit, String stdout, String stderr) {}

    /** An {@code aws} command that must succeed: its JSON output, or a missing node when it prints nothing. */
    private JsonNode ok(String... args) throws Exception {
        CliResult result = cli(args);
        assertThat(result.exit())
                .as(String.join(" ", args) + "\n" + result.stderr())
                .isZero();
        return result.stdout().isBlank() ? MissingNode.getInstance() : JSON.readTree(result.stdout());
    }

    /**
     * An {@code aws} command the gateway must refuse with {@code errorType} (the CLI prints "An error occurred
     * (TYPE) when calling the OPERATION operation: MESSAGE" on stderr); the stderr.
     */
    private String fails(String errorType, String operation, String... args) throws Exception {
        CliResult result = cli(args);
        assertThat(result.exit())
                .as(String.join(" ", args) + "\n" + result.stdout())
                .isNotZero();
        assertThat(result.stderr())
                .contains("An error occurred (" + errorType + ") when calling the " + operation + " operation");
        return result.stderr();
    }

    private CliResult cli(String... args) throws Exception {
        ConnectionInfo c = gateway.connection();
        List<String> command = new ArrayList<>(List.of(awsCli.toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("--endpoint-url", c.apiEndpoint(), "--output", "json"));
        Path stderr = Files.createTempFile(cliDir, "aws", ".stderr");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile());
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
        return new CliResult(process.exitValue(), output, Files.readString(stderr, StandardCharsets.UTF_8));
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
