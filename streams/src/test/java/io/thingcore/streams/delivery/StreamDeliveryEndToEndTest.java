package io.thingcore.streams.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.thingcore.broker.BrokerConfig;
import io.thingcore.broker.MqttBroker;
import io.thingcore.broker.spi.CaRecord;
import io.thingcore.broker.spi.CaStatus;
import io.thingcore.broker.spi.CertificateMode;
import io.thingcore.broker.spi.CertificateStatus;
import io.thingcore.broker.spi.ThingRecord;
import io.thingcore.broker.testing.Received;
import io.thingcore.broker.testing.TestDirectory;
import io.thingcore.broker.testing.V3Client;
import io.thingcore.policy.PolicyRef;
import io.thingcore.registry.Account;
import io.thingcore.storage.Storage;
import io.thingcore.streams.control.CreateStreamRequest;
import io.thingcore.streams.control.Streams;
import io.thingcore.streams.control.UpdateStreamRequest;
import io.thingcore.streams.files.LocalFileStore;
import io.thingcore.streams.model.S3Location;
import io.thingcore.streams.model.StreamFile;
import io.thingcore.streams.store.JdbcStreamStore;
import io.thingcore.testkit.pki.Device;
import io.thingcore.testkit.pki.TestCa;
import io.thingcore.testkit.pki.TestPki;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MQTT-based file delivery behind a real broker over mutual TLS, driven by a device written from the AWS OTA
 * library's protocol ({@link OtaStreamClient}), with the least-privilege device policy of "Managing a stream in the
 * AWS Cloud" ("Grant permissions to your devices"): every answer a device would notice, from a whole 1 MiB file in
 * CBOR and JSON to each documented error code.
 */
class StreamDeliveryEndToEndTest {
    static final Account NS = new Account("123456789012", "us-east-1");
    static final String ROLE = "arn:aws:iam::123456789012:role/stream-reader";
    static final int MIB = 1024 * 1024;
    /** "Managing a stream in the AWS Cloud", "Grant permissions to your devices", with any region and account. */
    static final String DEVICE_POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":["
            + "{\"Effect\":\"Allow\",\"Action\":[\"iot:Connect\"],"
            + "\"Resource\":[\"arn:aws:iot:*:*:client/${iot:Connection.Thing.ThingName}\"]},"
            + "{\"Effect\":\"Allow\",\"Action\":[\"iot:Receive\",\"iot:Publish\"],"
            + "\"Resource\":[\"arn:aws:iot:*:*:topic/$aws/things/${iot:Connection.Thing.ThingName}/streams/*\"]},"
            + "{\"Effect\":\"Allow\",\"Action\":\"iot:Subscribe\","
            + "\"Resource\":[\"arn:aws:iot:*:*:topicfilter/$aws/things/${iot:Connection.Thing.ThingName}/streams/*\"]}]}";

    static final AtomicInteger IDS = new AtomicInteger();

    @TempDir
    static Path dir;

    static TestPki pki;
    static TestDirectory directory;
    static MqttBroker broker;
    static int port;
    static TestCa ca;
    static CaRecord caRecord;
    static Storage storage;
    static Streams streams;
    static BlockCache cache;
    static byte[] image;

    final List<AutoCloseable> clients = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        String url = "jdbc:sqlite:" + dir.resolve("streams.db");
        storage = Storage.open(url, Clock.systemUTC());
        LocalFileStore files = new LocalFileStore(dir.resolve("files"));
        image = new byte[MIB];
        new Random(42).nextBytes(image);
        files.put("firmware", "app.gbl", new ByteArrayInputStream(image));
        files.put("firmware", "notes.txt", new ByteArrayInputStream("v2".getBytes(StandardCharsets.UTF_8)));
        streams = new Streams(JdbcStreamStore.open(storage), files, Clock.systemUTC());
        streams.create(
                NS,
                new CreateStreamRequest(
                        "ota-app",
                        "DIC application image",
                        List.of(new StreamFile(0, new S3Location("firmware", "app.gbl", null))),
                        ROLE));
        cache = new BlockCache(files, BlockCache.DEFAULT_SEGMENT_SIZE, 16L * MIB);

        pki = new TestPki();
        directory = new TestDirectory();
        ca = TestPki.ca("CN=Streams CA");
        caRecord = directory.registerCa(ca.certificate(), CaStatus.ACTIVE, false, CertificateMode.DEFAULT);
        broker = new MqttBroker(directory, directory);
        broker.register(new StreamDeliveryService(id -> streams.find(NS, id), cache));
        port = broker.start(
                BrokerConfig.builder(pki.serverKey, List.of(pki.serverCertificate, pki.serverCa.certificate()))
                        .bindHost("127.0.0.1")
                        .port(0)
                        .hostNames(List.of("localhost"))
                        .accountId("123456789012")
                        .build());
    }

    @AfterAll
    static void stop() throws Exception {
        broker.close();
        directory.close();
        storage.close();
    }

    @AfterEach
    void closeClients() throws Exception {
        for (AutoCloseable c : clients) {
            c.close();
        }
    }

    OtaStreamClient device(String stream) throws Exception {
        String name = "ota-device-" + IDS.incrementAndGet();
        directory.things.put(name, new ThingRecord(name, null, Map.of()));
        Device device = TestPki.device(ca, "CN=" + name);
        PolicyRef policy = TestDirectory.policy("p-" + name, DEVICE_POLICY);
        directory.register(
                device.certificate(), caRecord.caCertificateId(), CertificateStatus.ACTIVE, List.of(policy), name);
        V3Client c = new V3Client(port, name, pki.clientContext(device), "localhost");
        clients.add(c);
        c.connect();
        return new OtaStreamClient(c, name, stream);
    }

    /** The one reply expected next, decoded. */
    static JsonNode reply(OtaStreamClient d, String operation, String format) throws Exception {
        Received r = d.mqtt.poll(5000);
        assertThat(r).as("a reply on " + operation).isNotNull();
        assertThat(r.topic()).isEqualTo(d.topic(operation, format));
        return OtaStreamClient.decode(format, r.payload());
    }

    static void assertRejected(OtaStreamClient d, String format, String code) throws Exception {
        JsonNode rejected = reply(d, "rejected", format);
        assertThat(rejected.get("o").asText()).isEqualTo(code);
        assertThat(rejected.get("m").asText()).isNotEmpty();
    }

    @Test
    void oneMebibyte_inCbor_blockByBlockAsTheOtaAgentAsks() throws Exception {
        OtaStreamClient d = device("ota-app");
        d.subscribe("cbor");
        long before = cache.loads();
        byte[] received = d.downloadCbor(0, MIB, 1024);
        assertThat(received).isEqualTo(image);
        assertThat(d.mqtt.poll(200)).as("one block per request, nothing more").isNull();
        // a second device reads the file from memory: no segment is read twice
        OtaStreamClient second = device("ota-app");
        second.subscribe("cbor");
        assertThat(second.downloadCbor(0, MIB, 1024)).isEqualTo(image);
        assertThat(cache.loads() - before).isLessThanOrEqualTo(MIB / BlockCache.DEFAULT_SEGMENT_SIZE);
    }

    @Test
    void oneMebibyte_inJson_128KiBPerRequest() throws Exception {
        OtaStreamClient d = device("ota-app");
        d.subscribe("json");
        int version = streams.describe(NS, "ota-app").version();
        assertThat(d.downloadJson(version, 0, MIB, 4096, 32)).isEqualTo(image);
    }

    @Test
    void describe_inCborAndJson_listsFilesWithSizes() throws Exception {
        OtaStreamClient d = device("ota-app");
        for (String format : List.of("cbor", "json")) {
            d.subscribe(format);
            byte[] request = format.equals("cbor")
                    ? OtaStreamClient.CBOR.writeValueAsBytes(Map.of("c", "token-1"))
                    : "{\"c\":\"token-1\"}".getBytes(StandardCharsets.UTF_8);
            d.publish("describe", format, request);
            JsonNode description = reply(d, "description", format);
            assertThat(description.get("c").asText()).isEqualTo("token-1");
            assertThat(description.get("s").asInt())
                    .isEqualTo(streams.describe(NS, "ota-app").version());
            assertThat(description.get("d").asText()).isEqualTo("DIC application image");
            assertThat(description.get("r").get(0).get("f").asInt()).isZero();
            assertThat(description.get("r").get(0).get("z").asLong()).isEqualTo(MIB);
        }
    }

    @Test
    void bitmap_theGuidesExample_blocks20_21_24_43() throws Exception {
        OtaStreamClient d = device("ota-app");
        d.subscribe("json");
        String request = "{\"c\":\"1\",\"l\":256,\"f\":0,\"o\":20,\"n\":32,\"b\":\"0x130080\"}";
        d.publish("get", "json", request.getBytes(StandardCharsets.UTF_8));
        List<Integer> ids = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            OtaStreamClient.Block b =
                    OtaStreamClient.decodeJson(d.mqtt.poll(5000).payload());
            ids.add(b.blockId());
            assertThat(b.payload())
                    .isEqualTo(java.util.Arrays.copyOfRange(image, b.blockId() * 256, b.blockId() * 256 + 256));
            assertThat(b.clientToken()).isEqualTo("1");
        }
        assertThat(ids).containsExactly(20, 21, 24, 43);
        assertThat(d.mqtt.poll(200)).isNull();
    }

    @Test
    void bitmap_inCbor_onlyTheMissingBlocks_andNLimitsThem() throws Exception {
        OtaStreamClient d = device("ota-app");
        d.subscribe("cbor");
        byte[] bitmap = {(byte) 0b1010_0000, 0, (byte) 0b0000_0001};
        d.publish("get", "cbor", OtaStreamClient.cborRequest("rdy", 0, 1024, 100, bitmap, 2));
        assertThat(OtaStreamClient.decodeCbor(d.mqtt.poll(5000).payload()).blockId())
                .isEqualTo(105);
        assertThat(OtaStreamClient.decodeCbor(d.mqtt.poll(5000).payload()).blockId())
                .isEqualTo(107);
        assertThat(d.mqtt.poll(200))
                .as("n = 2 limits the bitmap's three blocks")
                .isNull();
    }

    @Test
    void staleStreamVersion_versionMismatch() throws Exception {
        streams.create(
                NS,
                new CreateStreamRequest(
                        "versioned",
                        null,
                        List.of(new StreamFile(0, new S3Location("firmware", "notes.txt", null))),
                        ROLE));
        streams.update(NS, new UpdateStreamRequest("versioned", "second", null, null));
        OtaStreamClient d = device("versioned");
        d.subscribe("json");
        d.publish("get", "json", "{\"c\":\"t\",\"s\":1,\"f\":0,\"l\":256}".getBytes(StandardCharsets.UTF_8));
        JsonNode rejected = reply(d, "rejected", "json");
        assertThat(rejected.get("o").asText()).isEqualTo("VersionMismatch");
        assertThat(rejected.get("c").asText()).isEqualTo("t");
        d.publish("get", "json", "{\"s\":2,\"f\":0,\"l\":256}".getBytes(StandardCharsets.UTF_8));
        OtaStreamClient.Block b =
                OtaStreamClient.decodeJson(reply(d, "data", "json").toString().getBytes(StandardCharsets.UTF_8));
        assertThat(new String(b.payload(), StandardCharsets.UTF_8)).isEqualTo("v2");
    }

    @Test
    void errors_asTheGuideNamesThem() throws Exception {
        OtaStreamClient d = device("ota-app");
        d.subscribe("cbor");
        d.subscribe("json");
        d.publish("get", "cbor", OtaStreamClient.cborRequest("rdy", 9, 1024, 0, new byte[] {1}, 1));
        assertRejected(d, "cbor", "ResourceNotFound");
        d.publish("get", "cbor", OtaStreamClient.cborRequest("rdy", 0, 131_073, 0, new byte[] {1}, 1));
        assertRejected(d, "cbor", "BlockSizeOutOfBounds");
        d.publish("get", "cbor", OtaStreamClient.cborRequest("rdy", 0, 255, 0, new byte[] {1}, 1));
        assertRejected(d, "cbor", "BlockSizeOutOfBounds");
        d.publish("get", "cbor", OtaStreamClient.cborRequest("rdy", 0, 1024, 1024, new byte[] {1}, 1));
        assertRejected(d, "cbor", "OffsetOutOfBounds");
        d.publish("get", "cbor", OtaStreamClient.cborRequest("rdy", 0, 1024, 0, new byte[12_288], 1));
        assertRejected(d, "cbor", "BlockBitmapLimitExceeded");
        d.publish("get", "json", "{\"f\":0,\"l\":1024,\"n\":98305}".getBytes(StandardCharsets.UTF_8));
        assertRejected(d, "json", "BlockCountLimitExceeded");
        d.publish("get", "cbor", new byte[] {(byte) 0xff, 0x00});
        assertRejected(d, "cbor", "InvalidCbor");
        d.publish("get", "json", "{not json".getBytes(StandardCharsets.UTF_8));
        assertRejected(d, "json", "InvalidJson");
        d.publish(
                "get",
                "json",
                ("{\"c\":\"" + "x".repeat(65) + "\",\"f\":0,\"l\":1024}").getBytes(StandardCharsets.UTF_8));
        JsonNode tooLong = reply(d, "rejected", "json");
        assertThat(tooLong.get("o").asText()).isEqualTo("InvalidRequest");
        assertThat(tooLong.has("c"))
                .as("an invalid client token is not returned")
                .isFalse();

        OtaStreamClient unknown = device("no-such-stream");
        unknown.subscribe("json");
        unknown.publish("describe", "json", "{}".getBytes(StandardCharsets.UTF_8));
        assertRejected(unknown, "json", "ResourceNotFound");
    }

    @Test
    void anotherThingsStreamTopic_refusedByTheBrokersPolicy_connectionClosed() throws Exception {
        OtaStreamClient victim = device("ota-app");
        victim.subscribe("cbor");
        OtaStreamClient attacker = device("ota-app");
        OtaStreamClient asVictim = new OtaStreamClient(attacker.mqtt, victim.thing, "ota-app");
        try {
            asVictim.publish("get", "cbor", OtaStreamClient.cborRequest("rdy", 0, 1024, 0, new byte[] {1}, 1));
        } catch (Exception expected) {
            // the broker may close the connection while the client publishes
        }
        assertThat(attacker.mqtt.awaitLost(5000)).isTrue();
        assertThat(victim.mqtt.poll(300))
                .as("no block is sent to the victim's topics either")
                .isNull();
        try {
            attacker.mqtt.client.subscribe("$aws/things/" + victim.thing + "/streams/ota-app/data/cbor", 0);
        } catch (Exception expected) {
            // the connection is gone
        }
    }
}
