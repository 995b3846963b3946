package io.thingcore.bench.policy;

import io.thingcore.policy.AuthorizationContext;
import io.thingcore.policy.AuthorizationRequest;
import io.thingcore.policy.Decision;
import io.thingcore.policy.PolicyDocument;
import io.thingcore.policy.PolicyEvaluator;
import io.thingcore.policy.PolicyRef;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of one authorization decision: (a) the DIC seed policy ("Allow * on *"), (b) a ten-statement policy with
 * {@code ${iot:ClientId}}, thing-name variables and conditions, for an allowed publish, an explicitly denied one and
 * an implicitly denied one; plus the explaining {@code evaluate} path that TestAuthorization uses.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class PolicyEvaluationBenchmark {
    public static final String SEED_POLICY =
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}";

    private static final String ARN = "arn:aws:iot:us-east-1:123456789012:";

    /** Ten statements, as a per-device policy of a fleet would have them. */
    public static final String DEVICE_POLICY = """
            {
              "Version": "2012-10-17",
              "Statement": [
                {"Effect": "Allow", "Action": "iot:Connect",
                 "Resource": "ARN:client/${iot:Connection.Thing.ThingName}",
                 "Condition": {"Bool": {"iot:Connection.Thing.IsAttached": "true"}}},
                {"Effect": "Allow", "Action": "iot:Subscribe",
                 "Resource": ["ARN:topicfilter/dev/${iot:ClientId}/*", "ARN:topicfilter/command"]},
                {"Effect": "Allow", "Action": "iot:Receive",
                 "Resource": ["ARN:topic/dev/${iot:ClientId}/*", "ARN:topic/command"]},
                {"Effect": "Allow", "Action": "iot:Publish", "Resource": "ARN:topic/light/${iot:ClientId}/state"},
                {"Effect": "Allow", "Action": "iot:Publish",
                 "Resource": "ARN:topic/lock/${iot:Connection.Thing.ThingName}/*"},
                {"Effect": "Allow", "Action": ["iot:GetThingShadow", "iot:UpdateThingShadow"],
                 "Resource": "ARN:thing/${iot:Connection.Thing.ThingName}"},
                {"Effect": "Allow", "Action": ["iot:Publish", "iot:Receive"],
                 "Resource": "ARN:topic/$aws/things/${iot:Connection.Thing.ThingName}/shadow/*"},
                {"Effect": "Allow", "Action": "iot:Publish", "Resource": "ARN:topic/dev/${iot:ClientId}/telemetry",
                 "Condition": {"StringEquals": {"iot:Connection.Thing.Attributes[site]": "lab"},
                               "StringLike": {"iot:Certificate.Subject.CommonName": "dev-*"}}},
                {"Effect": "Deny", "Action": "iot:Publish", "Resource": "ARN:topic/dev/${iot:ClientId}/admin/*"},
                {"Effect": "Deny", "Action": "iot:*", "Resource": "ARN:topic/restricted/*"}
              ]
            }
            """.replace("ARN:", ARN);

    private List<PolicyRef> seed;
    private List<PolicyRef> device;
    private AuthorizationContext context;
    private String publish;
    private String allowedTopic;
    private String deniedTopic;
    private String unmatchedTopic;
    private AuthorizationRequest allowedRequest;

    @Setup
    public void setUp() {
        seed = List.of(new PolicyRef("DIC_POLICY", ARN + "policy/DIC_POLICY", PolicyDocument.parse(SEED_POLICY)));
        device = List.of(
                new PolicyRef("DevicePolicy", ARN + "policy/DevicePolicy", PolicyDocument.parse(DEVICE_POLICY)));
        context = AuthorizationContext.builder()
                .clientId("dev-001")
                .sourceIp("192.0.2.10")
                .thing("dev-001", "light", Map.of("site", "lab"))
                .certificateSubject(Map.of("CommonName", List.of("dev-001")))
                .build();
        publish = "iot:Publish";
        allowedTopic = ARN + "topic/dev/dev-001/telemetry";
        deniedTopic = ARN + "topic/dev/dev-001/admin/reset";
        unmatchedTopic = ARN + "topic/dev/dev-002/telemetry";
        allowedRequest = new AuthorizationRequest(publish, allowedTopic);
        if (!isAllowedSeed()
                || !isAllowedDevicePublish()
                || isAllowedDeviceExplicitDeny()
                || isAllowedDeviceImplicitDeny()) {
            throw new IllegalStateException("benchmark policies do not decide as intended");
        }
    }

    @Benchmark
    public boolean isAllowedSeed() {
        return PolicyEvaluator.isAllowed(seed, publish, allowedTopic, context);
    }

    @Benchmark
    public boolean isAllowedDevicePublish() {
        return PolicyEvaluator.isAllowed(device, publish, allowedTopic, context);
    }

    @Benchmark
    public boolean isAllowedDeviceExplicitDeny() {
        return PolicyEvaluator.isAllowed(device, publish, deniedTopic, context);
    }

    @Benchmark
    public boolean isAllowedDeviceImplicitDeny() {
        return PolicyEvaluator.isAllowed(device, publish, unmatchedTopic, context);
    }

    @Benchmark
    public Decision evaluateDevicePublish() {
        return PolicyEvaluator.evaluate(device, allowedRequest, context);
    }
}
