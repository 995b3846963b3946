package io.thingcore.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingcore.testkit.tools.ExternalTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * botocore (boto3, and the AWS CLI v1 built on it) signs differently from the Java SDK: no
 * {@code x-amz-content-sha256}, its own header set, and a path label double-encoded by its own code. This proves
 * thingcore accepts botocore's canonicalisation, ARNs with {@code %3A}/{@code %2F} in the path included. Skipped
 * when python3/boto3 is absent, unless the environment variable {@code CI} is set (then it fails).
 */
class BotocoreCompatibilityTest {
    private static final String SCRIPT = """
            import boto3, botocore, json, sys
            from botocore.exceptions import ClientError
            endpoint, key, secret, suffix = sys.argv[1:5]
            def client(secret):
                return boto3.client('iot', endpoint_url=endpoint, region_name='us-east-1',
                                    aws_access_key_id=key, aws_secret_access_key=secret)
            iot = client(secret)
            name = 'boto-' + suffix
            created = iot.create_thing(thingName=name, attributePayload={'attributes': {'room': 'hall'}})
            assert created['thingArn'].endswith(':thing/' + name), created
            described = iot.describe_thing(thingName=name)
            assert described['defaultClientId'] == name and described['attributes'] == {'room': 'hall'}, described
            iot.update_thing(thingName=name, attributePayload={'attributes': {'floor': '1'}, 'merge': True},
                             expectedVersion=described['version'])
            cert = iot.create_keys_and_certificate(setAsActive=True)
            arn = cert['certificateArn']
            iot.create_policy(policyName='P-' + suffix, policyDocument=json.dumps(
                {'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': '*', 'Resource': '*'}]}))
            iot.attach_policy(policyName='P-' + suffix, target=arn)
            iot.attach_thing_principal(thingName=name, principal=arn)
            attached = iot.list_attached_policies(target=arn)['policies']
            assert [p['policyName'] for p in attached] == ['P-' + suffix], attached
            assert iot.list_principal_things(principal=arn)['things'] == [name]
            pages = list(iot.get_paginator('list_things').paginate(
                attributeName='room', attributeValue='hall', PaginationConfig={'PageSize': 1}))
            assert [t['thingName'] for p in pages for t in p['things']] == [name], pages
            assert iot.describe_endpoint(endpointType='iot:Data-ATS')['endpointAddress']
            try:
                iot.describe_thing(thingName='missing-' + suffix)
                raise AssertionError('expected ResourceNotFoundException')
            except iot.exceptions.ResourceNotFoundException as e:
                assert e.response['ResponseMetadata']['HTTPStatusCode'] == 404
            try:
                iot.create_thing(thingName=name + '-other', thingTypeName='no-such-type-' + suffix)
                raise AssertionError('expected ResourceNotFoundException')
            except iot.exceptions.ResourceNotFoundException:
                pass
            try:
                client('wrong-secret').create_thing(thingName='forged-' + suffix)
                raise AssertionError('expected InvalidSignatureException')
            except ClientError as e:
                assert e.response['Error']['Code'] == 'InvalidSignatureException', e.response
                assert e.response['ResponseMetadata']['HTTPStatusCode'] == 403
            try:
                iot.describe_thing(thingName='forged-' + suffix)
                raise AssertionError('forged request had an effect')
            except iot.exceptions.ResourceNotFoundException:
                pass
            print('ARN=' + arn)
            print('BOTOCORE-OK')
            """;

    @TempDir
    static Path dir;

    static TestGateway gateway;

    @BeforeAll
    static void start() {
        gateway = new TestGateway(dir);
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private record Result(int exit, String output) {}

    private static Result run(List<String> command, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return new Result(-1, e.getMessage());
        }
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new Result(-2, "timed out");
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    private static void assumeAvailable(List<String> probe, String what) throws Exception {
        Result result = run(probe, Map.of());
        ExternalTools.require(result.exit() == 0, what + " (" + result.output().strip() + ")");
    }

    private static Map<String, String> credentials() {
        return Map.of(
                "AWS_ACCESS_KEY_ID",
                TestGateway.ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY",
                TestGateway.SECRET,
                "AWS_DEFAULT_REGION",
                "us-east-1",
                "AWS_CONFIG_FILE",
                dir.resolve("none").toString(),
                "AWS_SHARED_CREDENTIALS_FILE",
                dir.resolve("none").toString());
    }

    @Test
    void boto3SigningAndErrorsAreAccepted() throws Exception {
        assumeAvailable(List.of("python3", "-c", "import boto3"), "python3 with boto3");
        String suffix = Long.toHexString(System.nanoTime());
        Result result = run(
                List.of(
                        "python3",
                        "-c",
                        SCRIPT,
                        gateway.endpoint(),
                        TestGateway.ACCESS_KEY,
                        TestGateway.SECRET,
                        suffix),
                credentials());
        assertThat(result.output()).as("python output").contains("BOTOCORE-OK");
        assertThat(result.exit()).isZero();
    }

    @Test
    void awsCliListsAttachedPoliciesByArn() throws Exception {
        assumeAvailable(List.of("aws", "--version"), "the AWS CLI");
        String arn = gateway.registry
                .certificates()
                .createKeysAndCertificate(false)
                .certificate()
                .certificateArn();
        String policy = "cli-" + Long.toHexString(System.nanoTime());
        gateway.registry
                .policies()
                .createPolicy(
                        policy,
                        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                                + "\"Action\":\"iot:Connect\",\"Resource\":\"*\"}]}",
                        List.of());
        gateway.registry.policies().attachPolicy(policy, arn);
        List<String> command = new ArrayList<>(List.of(
                "aws",
                "--endpoint-url",
                gateway.endpoint(),
                "--output",
                "json",
                "iot",
                "list-attached-policies",
                "--target",
                arn));

        Result result = run(command, credentials());

        assertThat(result.output()).contains("\"policyName\": \"" + policy + "\"");
        assertThat(result.exit()).isZero();

        Result missing = run(
                List.of("aws", "--endpoint-url", gateway.endpoint(), "iot", "describe-thing", "--thing-name", "none"),
                credentials());
        assertThat(missing.exit()).isNotZero();
        assertThat(missing.output()).contains("ResourceNotFoundException");
    }
}
