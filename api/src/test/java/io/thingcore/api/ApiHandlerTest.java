package io.thingcore.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpRequestEncoder;
import io.netty.handler.codec.http.HttpServerCodec;
import io.thingcore.api.auth.SdkSigned;
import io.thingcore.api.auth.SigV4Verifier;
import io.thingcore.api.dataplane.DataPlane;
import io.thingcore.api.http.ApiHandler;
import io.thingcore.api.http.BodyLimitAggregator;
import io.thingcore.api.http.Dispatcher;
import io.thingcore.api.http.Json;
import io.thingcore.registry.Account;
import io.thingcore.registry.CreateThingRequest;
import io.thingcore.registry.ErrorType;
import io.thingcore.registry.Registry;
import io.thingcore.registry.RegistryException;
import io.thingcore.registry.ThingRecord;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP edge on an {@link EmbeddedChannel}: dispatch, error rendering, limits, keep-alive, pipelining. */
class ApiHandlerTest {
    private static final Account ACCOUNT = new Account("123456789012", "us-east-1");

    private final List<String> calls = new ArrayList<>();
    private final Map<String, Object> answers = new java.util.HashMap<>();
    private EmbeddedChannel channel;

    /**
     * A registry whose operations record their calls and answer from {@link #answers} (a value or an exception); its
     * namespace views and resource-family stores are such recorders too.
     */
    private Registry registry() {
        return recorder(Registry.class);
    }

    private <T> T recorder(Class<T> type) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.getReturnType().isInterface()
                    && method.getReturnType().getPackageName().equals(Registry.class.getPackageName())) {
                return recorder(method.getReturnType());
            }
            calls.add(method.getName() + (args == null ? "" : List.of(args)));
            Object answer = answers.get(method.getName());
            if (answer instanceof RuntimeException e) {
                throw e;
            }
            return answer;
        }));
    }

    private EmbeddedChannel channel(boolean resetEnabled) {
        ApiConfig config = new ApiConfig(
                "127.0.0.1",
                0,
                null,
                ACCOUNT,
                SdkSigned.ACCESS_KEY,
                SdkSigned.SECRET,
                List.of("gw.example"),
                resetEnabled,
                Clock.fixed(SdkSigned.NOW, ZoneOffset.UTC));
        SigV4Verifier verifier = new SigV4Verifier(
                SdkSigned.ACCESS_KEY,
                SdkSigned.SECRET,
                "us-east-1",
                Set.of("iot", "execute-api", "iotdata"),
                config.clock());
        Dispatcher dispatcher = new Dispatcher(
                verifier,
                config.account(),
                ApiServer.controlPlaneRoutes(config, registry()),
                DataPlane.NOT_IMPLEMENTED);
        channel = new EmbeddedChannel(
                new HttpServerCodec(), new BodyLimitAggregator(1024), new ApiHandler(dispatcher, Runnable::run, false));
        return channel;
    }

    @AfterEach
    void close() {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
    }

    private static ByteBuf encode(FullHttpRequest request) {
        EmbeddedChannel encoder = new EmbeddedChannel(new HttpRequestEncoder());
        encoder.writeOutbound(request);
        CompositeByteBuf out = Unpooled.compositeBuffer();
        for (ByteBuf part; (part = encoder.readOutbound()) != null; ) {
            out.addComponent(true, part);
        }
        encoder.finish();
        return out;
    }

    /** Sends raw bytes and decodes every response written back. */
    private List<FullHttpResponse> exchange(ByteBuf bytes) {
        channel.writeInbound(bytes);
        channel.runPendingTasks();
        EmbeddedChannel client = new EmbeddedChannel(new HttpClientCodec(), new HttpObjectAggregator(1 << 20));
        // a client codec decodes responses only for requests it has seen; feed it matching dummy requests
        List<FullHttpResponse> responses = new ArrayList<>();
        for (Object out; (out = channel.readOutbound()) != null; ) {
            client.writeOutbound(new io.netty.handler.codec.http.DefaultFullHttpRequest(
                    io.netty.handler.codec.http.HttpVersion.HTTP_1_1, io.netty.handler.codec.http.HttpMethod.GET, "/"));
            client.releaseOutbound();
            client.writeInbound(out);
            for (Object decoded; (decoded = client.readInbound()) != null; ) {
                responses.add((FullHttpResponse) decoded);
            }
        }
        client.finishAndReleaseAll();
        return responses;
    }

    private FullHttpResponse send(SdkSigned.Raw raw) {
        List<FullHttpResponse> responses = exchange(encode(raw.toNetty()));
        assertThat(responses).hasSize(1);
        return responses.get(0);
    }

    private static JsonNode json(FullHttpResponse response) throws Exception {
        try {
            return Json.MAPPER.readTree(response.content().toString(StandardCharsets.UTF_8));
        } finally {
            response.release();
        }
    }

    private static void assertAwsError(FullHttpResponse response, int status, String type) {
        assertThat(response.status().code()).isEqualTo(status);
        assertThat(response.headers().get("x-amzn-ErrorType")).isEqualTo(type);
        assertThat(response.headers().get("x-amzn-RequestId")).isNotBlank();
        assertThat(response.headers().get("Content-Type")).isEqualTo("application/json");
    }

    @Test
    void successHasRequestIdJsonAndOmitsNullMembers() throws Exception {
        channel(false);
        answers.put("describeThing", new ThingRecord("t1", "id-1", ACCOUNT.thingArn("t1"), null, Map.of("a", "b"), 3));

        FullHttpResponse response = send(SdkSigned.sign("GET", "/things/t1", Map.of(), null));

        assertThat(response.status().code()).isEqualTo(200);
        assertThat(response.headers().get("x-amzn-RequestId")).matches("[0-9a-f-]{36}");
        assertThat(response.headers().get("Content-Type")).isEqualTo("application/json");
        JsonNode body = json(response);
        assertThat(body.get("defaultClientId").asText()).isEqualTo("t1");
        assertThat(body.get("version").asLong()).isEqualTo(3);
        assertThat(body.get("attributes").get("a").asText()).isEqualTo("b");
        assertThat(body.has("thingTypeName")).isFalse();
        assertThat(calls).containsExactly("describeThing[t1]");
    }

    @Test
    void resourceAlreadyExistsCarriesResourceIdAndArn() throws Exception {
        channel(false);
        answers.put(
                "createThing",
                new RegistryException(
                        ErrorType.RESOURCE_ALREADY_EXISTS, "Thing t1 already exists", "id-1", ACCOUNT.thingArn("t1")));

        FullHttpResponse response = send(SdkSigned.sign("POST", "/things/t1", Map.of(), "{}"));

        assertAwsError(response, 409, "ResourceAlreadyExistsException");
        JsonNode body = json(response);
        assertThat(body.get("message").asText()).isEqualTo("Thing t1 already exists");
        assertThat(body.get("__type").asText()).isEqualTo("ResourceAlreadyExistsException");
        assertThat(body.get("resourceId").asText()).isEqualTo("id-1");
        assertThat(body.get("resourceArn").asText()).isEqualTo("arn:aws:iot:us-east-1:123456789012:thing/t1");
        assertThat(calls).containsExactly("createThing[" + new CreateThingRequest("t1", null, Map.of()) + "]");
    }

    @Test
    void unexpectedExceptionIsInternalFailure() throws Exception {
        channel(false);
        answers.put("describeThing", new IllegalStateException("boom (expected by the test)"));
        FullHttpResponse response = send(SdkSigned.sign("GET", "/things/t1", Map.of(), null));
        assertAwsError(response, 500, "InternalFailureException");
        assertThat(json(response).get("message").asText()).doesNotContain("boom");
    }

    @Test
    void wireValidationHappensBeforeTheRegistryIsCalled() throws Exception {
        channel(false);
        FullHttpResponse badBool =
                send(SdkSigned.sign("POST", "/keys-and-certificate", Map.of("setAsActive", List.of("yes")), null));
        assertAwsError(badBool, 400, "InvalidRequestException");
        assertThat(json(badBool).get("message").asText()).contains("setAsActive");

        FullHttpResponse badType = send(SdkSigned.sign("POST", "/policies/p", Map.of(), "{\"policyDocument\":5}"));
        assertAwsError(badType, 400, "InvalidRequestException");
        assertThat(json(badType).get("message").asText()).contains("policyDocument");

        FullHttpResponse badJson = send(SdkSigned.sign("POST", "/policies/p", Map.of(), "{\"policyDocument\":"));
        assertAwsError(badJson, 400, "InvalidRequestException");
        badJson.release();

        FullHttpResponse badPage = send(SdkSigned.sign("GET", "/things", Map.of("maxResults", List.of("251")), null));
        assertAwsError(badPage, 400, "InvalidRequestException");
        badPage.release();

        FullHttpResponse badEnum = send(SdkSigned.sign(
                "PUT", "/certificates/" + "a".repeat(64), Map.of("newStatus", List.of("ENABLED")), null));
        assertAwsError(badEnum, 400, "InvalidRequestException");
        assertThat(json(badEnum).get("message").asText()).contains("ACTIVE");

        FullHttpResponse missingHeader = send(SdkSigned.sign("PUT", "/things/t1/principals", Map.of(), null));
        assertAwsError(missingHeader, 400, "InvalidRequestException");
        assertThat(json(missingHeader).get("message").asText()).contains("x-amzn-principal");

        assertThat(calls).isEmpty();
    }

    @Test
    void unknownPathIsUnknownOperationAndWrongMethodIs405() throws Exception {
        channel(false);
        FullHttpResponse unknown = send(SdkSigned.sign("GET", "/no/such/operation", Map.of(), null));
        assertAwsError(unknown, 404, "UnknownOperationException");
        unknown.release();
        FullHttpResponse wrongMethod = send(SdkSigned.sign("PUT", "/things/t1", Map.of(), null));
        assertAwsError(wrongMethod, 405, "MethodNotAllowedException");
        wrongMethod.release();
        FullHttpResponse unsigned = send(SdkSigned.sign("GET", "/no/such/operation", Map.of(), null)
                .withHeader("Authorization", "")
                .withHeader("X-Amz-Date", "x"));
        assertThat(unsigned.status().code()).isIn(400, 403);
        unsigned.release();
    }

    @Test
    void dataPlaneSigningNameGoesToTheDataPlane() throws Exception {
        channel(false);
        FullHttpResponse response = send(SdkSigned.sign(
                "POST",
                "/topics/a%2Fb",
                Map.of(),
                "hi",
                SdkSigned.SECRET,
                "us-east-1",
                "iotdata",
                SdkSigned.NOW,
                null));
        assertAwsError(response, 404, "UnknownOperationException");
        assertThat(json(response).get("message").asText()).contains("iot-data");
    }

    @Test
    void executeApiSigningNameOfOlderCliModelsGoesToTheControlPlane() throws Exception {
        channel(false);
        FullHttpResponse response = send(SdkSigned.sign(
                "GET", "/endpoint", Map.of(), null, SdkSigned.SECRET, "us-east-1", "execute-api", SdkSigned.NOW, null));
        assertThat(response.status().code()).isEqualTo(200);
        assertThat(json(response).get("endpointAddress").asText()).isEqualTo("gw.example");
    }

    @Test
    void resetExistsOnlyWhenEnabled() throws Exception {
        channel(false);
        FullHttpResponse disabled = send(SdkSigned.sign("POST", "/_thingcore/reset", Map.of(), null));
        assertAwsError(disabled, 404, "UnknownOperationException");
        disabled.release();
        assertThat(calls).isEmpty();
        channel.finishAndReleaseAll();

        channel(true);
        FullHttpResponse enabled = send(SdkSigned.sign("POST", "/_thingcore/reset", Map.of(), null));
        assertThat(enabled.status().code()).isEqualTo(200);
        enabled.release();
        assertThat(calls).containsExactly("reset");
    }

    @Test
    void oversizedBodyIsAnAwsShaped413AndCloses() throws Exception {
        channel(false);
        String big = "{\"policyDocument\":\"" + "x".repeat(2000) + "\"}";
        List<FullHttpResponse> responses = exchange(
                encode(SdkSigned.sign("POST", "/policies/p", Map.of(), big).toNetty()));
        assertThat(responses).hasSize(1);
        assertAwsError(responses.get(0), 413, "RequestEntityTooLargeException");
        responses.get(0).release();
        assertThat(channel.isOpen()).isFalse();
        assertThat(calls).isEmpty();
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderOnOneConnection() throws Exception {
        channel(false);
        answers.put("getRegistrationCode", "ab".repeat(32));
        CompositeByteBuf both = Unpooled.compositeBuffer();
        both.addComponent(
                true,
                encode(SdkSigned.sign("GET", "/registrationcode", Map.of(), null)
                        .toNetty()));
        both.addComponent(
                true, encode(SdkSigned.sign("GET", "/endpoint", Map.of(), null).toNetty()));

        List<FullHttpResponse> responses = exchange(both);

        assertThat(responses).hasSize(2);
        assertThat(json(responses.get(0)).get("registrationCode").asText()).isEqualTo("ab".repeat(32));
        assertThat(json(responses.get(1)).get("endpointAddress").asText()).isEqualTo("gw.example");
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void connectionCloseIsHonoured() throws Exception {
        channel(false);
        FullHttpResponse response =
                send(SdkSigned.sign("GET", "/endpoint", Map.of(), null).withHeader("Connection", "close"));
        assertThat(response.status().code()).isEqualTo(200);
        assertThat(response.headers().get("Connection")).isEqualToIgnoringCase("close");
        response.release();
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void describeEndpointTypes() throws Exception {
        channel(false);
        for (String type : List.of("iot:Data-ATS", "iot:Data", "iot:CredentialProvider", "iot:Jobs")) {
            FullHttpResponse response =
                    send(SdkSigned.sign("GET", "/endpoint", Map.of("endpointType", List.of(type)), null));
            assertThat(json(response).get("endpointAddress").asText()).isEqualTo("gw.example");
        }
        FullHttpResponse unknown =
                send(SdkSigned.sign("GET", "/endpoint", Map.of("endpointType", List.of("iot:Nope")), null));
        assertAwsError(unknown, 400, "InvalidRequestException");
        unknown.release();
    }
}
