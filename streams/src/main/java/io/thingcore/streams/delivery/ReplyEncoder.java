package io.thingcore.streams.delivery;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import io.thingcore.streams.model.PinnedFile;
import io.thingcore.streams.model.Stream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.jspecify.annotations.Nullable;

/**
 * Encodes the replies of MQTT-based file delivery with the short keys of "Using AWS IoT MQTT-based file delivery in
 * devices":
 *
 * <ul>
 *   <li>a data block ("GetStream response"): {@code c} (when the request had one), {@code f} file ID, {@code l} the
 *       block's payload size, {@code i} block ID, {@code p} payload; in CBOR the payload is a byte string, which is
 *       what the AWS OTA library reads ({@code source/ota_cbor.c}, {@code OTA_CBOR_Decode_GetStreamResponseMessage}:
 *       integers {@code f}, {@code i}, {@code l} and a byte string {@code p}); in JSON it is Base64;
 *   <li>a description ("DescribeStream response"): {@code c}, {@code s} stream version, {@code d} description (when
 *       the stream has one), {@code r} files with {@code f} and {@code z} size;
 *   <li>a rejection ("Handling errors"): {@code o} error code, {@code m} message, {@code c} when the request had a
 *       valid one.
 * </ul>
 *
 * <p>CBOR maps and arrays are definite-length (RFC 8949 section 3.2), which every decoder reads. Thread-safe.
 */
public final class ReplyEncoder {
    private static final JsonFactory JSON = new JsonFactory();
    private static final CBORFactory CBOR = new CBORFactory();

    /** Bytes a block reply adds to its payload (keys, integers, a 64-byte token), so one buffer fits. */
    private static final int BLOCK_OVERHEAD = 128;

    private ReplyEncoder() {}

    /** One data block reply; {@code block} holds exactly the block's bytes. */
    public static byte[] block(
            Format format, @Nullable String clientToken, int fileId, int blockId, BlockCache.Block block) {
        int payloadBytes = format == Format.CBOR ? block.length() : (block.length() + 2) / 3 * 4;
        ByteArrayBuilder out = new ByteArrayBuilder(payloadBytes + BLOCK_OVERHEAD);
        try (JsonGenerator g = generator(format, out)) {
            startObject(g, clientToken == null ? 4 : 5);
            if (clientToken != null) {
                g.writeStringField("c", clientToken);
            }
            g.writeNumberField("f", fileId);
            g.writeNumberField("l", block.length());
            g.writeNumberField("i", blockId);
            g.writeFieldName("p");
            g.writeBinary(block.array(), block.offset(), block.length());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The reply to {@code DescribeStream}. */
    public static byte[] description(Format format, @Nullable String clientToken, Stream stream) {
        ByteArrayBuilder out = new ByteArrayBuilder(256);
        try (JsonGenerator g = generator(format, out)) {
            startObject(g, 2 + (clientToken == null ? 0 : 1) + (stream.description() == null ? 0 : 1));
            if (clientToken != null) {
                g.writeStringField("c", clientToken);
            }
            g.writeNumberField("s", stream.version());
            if (stream.description() != null) {
                g.writeStringField("d", stream.description());
            }
            g.writeFieldName("r");
            g.writeStartArray(stream.files(), stream.files().size());
            for (PinnedFile f : stream.files()) {
                startObject(g, 2);
                g.writeNumberField("f", f.fileId());
                g.writeNumberField("z", f.size());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The reply on {@code rejected}. */
    public static byte[] rejection(Format format, DeliveryError code, String message, @Nullable String clientToken) {
        ByteArrayBuilder out = new ByteArrayBuilder(128);
        try (JsonGenerator g = generator(format, out)) {
            startObject(g, clientToken == null ? 2 : 3);
            g.writeStringField("o", code.name());
            g.writeStringField("m", message);
            if (clientToken != null) {
                g.writeStringField("c", clientToken);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static JsonGenerator generator(Format format, ByteArrayBuilder out) throws IOException {
        return format == Format.CBOR ? CBOR.createGenerator(out) : JSON.createGenerator(out);
    }

    private static void startObject(JsonGenerator g, int size) throws IOException {
        if (g instanceof CBORGenerator cbor) {
            cbor.writeStartObject(size);
        } else {
            g.writeStartObject();
        }
    }
}
