package io.thingcore.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.thingcore.api.ops.ApiCounters;
import io.thingcore.api.ops.AuditLog;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.IotException;
import software.amazon.awssdk.services.iot.model.ResourceNotFoundException;

/**
 * What an operator reads about API calls: one {@code thingcore.audit} line per control-plane write and per refused
 * signature (who, what, result; never the secret), none for reads, and the per-operation call and error counters that
 * {@code /_thingcore/metrics} exposes.
 */
class AuditAndCountersTest {
    @TempDir
    Path dir;

    private TestGateway gateway;
    private final List<String> audit = new CopyOnWriteArrayList<>();
    private final AppenderBase<ILoggingEvent> capture = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
            audit.add(event.getLevel() + " " + event.getFormattedMessage());
        }
    };

    @BeforeEach
    void start() {
        gateway = new TestGateway(dir);
        Logger logger = (Logger) LoggerFactory.getLogger(AuditLog.LOGGER);
        capture.setContext(logger.getLoggerContext());
        capture.start();
        logger.setLevel(Level.INFO); // the test configuration logs WARN and above outside io.thingcore
        logger.addAppender(capture);
    }

    @AfterEach
    void stop() {
        Logger logger = (Logger) LoggerFactory.getLogger(AuditLog.LOGGER);
        logger.detachAppender(capture);
        logger.setLevel(null);
        gateway.close();
    }

    @Test
    void everyWriteAndEveryRefusedSignatureGetsOneAuditLineAndReadsNone() {
        try (IotClient iot = client(TestGateway.SECRET);
                IotClient forger = client("not-the-secret")) {
            iot.createThing(b -> b.thingName("DIC_2"));
            iot.describeThing(b -> b.thingName("DIC_2"));
            iot.listThings();
            assertThatThrownBy(() -> iot.deletePolicy(b -> b.policyName("missing")))
                    .isInstanceOf(ResourceNotFoundException.class);
            assertThatThrownBy(() -> forger.createThing(b -> b.thingName("forged")))
                    .isInstanceOf(IotException.class);
        }

        assertThat(audit)
                .hasSize(3)
                .allSatisfy(line -> assertThat(line)
                        .startsWith("INFO ")
                        .doesNotContain(TestGateway.SECRET)
                        .doesNotContain("not-the-secret")
                        .doesNotContain("Signature="));
        assertThat(audit.get(0))
                .startsWith("INFO write: who=" + TestGateway.ACCESS_KEY + " what=CreateThing /things/DIC_2 result=200");
        assertThat(audit.get(1))
                .startsWith("INFO write: who=" + TestGateway.ACCESS_KEY
                        + " what=DeletePolicy /policies/missing result=404 ResourceNotFoundException");
        assertThat(audit.get(2))
                .startsWith("INFO signature refused: who=" + TestGateway.ACCESS_KEY
                        + " what=POST /things/forged result=403 InvalidSignatureException from=/127.0.0.1:");
    }

    @Test
    void aForgedAccessKeyIdIsLoggedEscapedOnOneLine() throws Exception {
        // A presigned URL's credential is percent-decoded, so it can carry a line feed that would forge a log line.
        String query = "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA%0AINFO%20write%3A%20who%3Dadmin"
                + "%2F20260101%2Fus-east-1%2Fiot%2Faws4_request&X-Amz-Date=20260101T000000Z&X-Amz-SignedHeaders=host"
                + "&X-Amz-Signature=00";
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.endpoint() + "/things/x?" + query))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            int status =
                    http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            assertThat(status).isEqualTo(403);
        }

        assertThat(audit)
                .singleElement()
                .satisfies(
                        line -> assertThat(line)
                                .doesNotContain("\n")
                                .startsWith(
                                        "INFO signature refused: who=AKIA\\x0aINFO write: who=admin what=POST /things/x result=403 "));
    }

    @Test
    void countsCallsAndErrorsPerOperation() {
        try (IotClient iot = client(TestGateway.SECRET)) {
            iot.createThing(b -> b.thingName("DIC_2"));
            iot.describeThing(b -> b.thingName("DIC_2"));
            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(() -> iot.describeThing(b -> b.thingName("missing")))
                        .isInstanceOf(ResourceNotFoundException.class);
            }
        }
        ApiCounters counters = gateway.server.counters();
        assertThat(counters.calls()).containsEntry("CreateThing", 1L).containsEntry("DescribeThing", 4L);
        assertThat(counters.errors())
                .containsExactly(org.assertj.core.api.Assertions.entry(
                        new ApiCounters.Key("DescribeThing", "ResourceNotFoundException"), 3L));
    }

    private IotClient client(String secret) {
        return IotClient.builder()
                .endpointOverride(URI.create(gateway.endpoint()))
                .region(Region.US_EAST_1)
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create(TestGateway.ACCESS_KEY, secret)))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }
}
