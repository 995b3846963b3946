package io.thingcore.streams.delivery;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * Decodes requests in CBOR or JSON, with the short keys of "Using AWS IoT MQTT-based file delivery in devices"
 * ({@code c}, {@code s}, {@code f}, {@code l}, {@code o}, {@code n}, {@code b}) as the AWS OTA library encodes them
 * ({@code source/ota_cbor.c}, {@code OTA_CBOR_Encode_GetStreamRequestMessage}: a map of text keys, integers, the
 * client token as a text string and the bitmap as a byte string).
 *
 * <p>The bitmap: a CBOR byte string; in JSON "a string representing the bitmap's value in hexadecimal notation" (the
 * guide's example is {@code "0x130080"} for bytes {@code 13 00 80}); an odd number of hex digits is read with a
 * leading zero. Unknown keys are ignored. A payload that is not a map of those types is {@code InvalidCbor} or
 * {@code InvalidJson}; a value of the wrong type or range, {@code InvalidRequest}.
 */
final class RequestDecoder {
    /** "The client token can't be longer than 64 bytes." */
    static final int MAX_CLIENT_TOKEN_BYTES = 64;

    private static final JsonFactory JSON = new JsonFactory();
    private static final CBORFactory CBOR = new CBORFactory();

    private RequestDecoder() {}

    static GetStreamRequest decode(Format format, byte[] payload) {
        DeliveryError malformed = format == Format.CBOR ? DeliveryError.InvalidCbor : DeliveryError.InvalidJson;
        String token = null;
        Long version = null;
        Long fileId = null;
        Long blockSize = null;
        Long offset = null;
        Long blocks = null;
        byte[] bitmap = null;
        String badField = null;
        boolean tokenTooLong = false;
        try (JsonParser p = (format == Format.CBOR ? CBOR : JSON).createParser(payload)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new Rejection(malformed, "the request is not a " + format.level + " map", null);
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "c" -> {
                        if (value != JsonToken.VALUE_STRING) {
                            badField = "c";
                        } else {
                            String text = p.getText();
                            if (text.getBytes(StandardCharsets.UTF_8).length > MAX_CLIENT_TOKEN_BYTES) {
                                tokenTooLong = true;
                            } else {
                                token = text;
                            }
                        }
                    }
                    case "s" -> version = integer(p, value);
                    case "f" -> fileId = integer(p, value);
                    case "l" -> blockSize = integer(p, value);
                    case "o" -> offset = integer(p, value);
                    case "n" -> blocks = integer(p, value);
                    case "b" -> bitmap = bitmap(p, value);
                    default -> p.skipChildren();
                }
                if (badField == null && isMissingInteger(name, version, fileId, blockSize, offset, blocks)) {
                    badField = name;
                }
                if (badField == null && name.equals("b") && bitmap == null) {
                    badField = "b";
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new Rejection(malformed, "the request is not a " + format.level + " map", null);
            }
        } catch (JsonProcessingException e) {
            throw new Rejection(malformed, "the request is not valid " + format.level, null);
        } catch (IOException e) {
            throw new Rejection(malformed, "the request is not valid " + format.level, null);
        }
        if (tokenTooLong) {
            throw new Rejection(
                    DeliveryError.InvalidRequest,
                    "the client token is longer than " + MAX_CLIENT_TOKEN_BYTES + " bytes",
                    null);
        }
        if (badField != null) {
            throw new Rejection(DeliveryError.InvalidRequest, "field '" + badField + "' has an invalid value", token);
        }
        return new GetStreamRequest(token, version, fileId, blockSize, offset, blocks, bitmap);
    }

    /** Whether {@code name} is an integer field whose value did not decode. */
    private static boolean isMissingInteger(
            String name, @Nullable Long s, @Nullable Long f, @Nullable Long l, @Nullable Long o, @Nullable Long n) {
        return switch (name) {
            case "s" -> s == null;
            case "f" -> f == null;
            case "l" -> l == null;
            case "o" -> o == null;
            case "n" -> n == null;
            default -> false;
        };
    }

    /** A non-negative integer that fits a long, else null (the caller refuses the field). */
    private static @Nullable Long integer(JsonParser p, JsonToken value) throws IOException {
        if (value != JsonToken.VALUE_NUMBER_INT) {
            p.skipChildren();
            return null;
        }
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            return null;
        }
        long v = p.getLongValue();
        return v < 0 ? null : v;
    }

    private static byte @Nullable [] bitmap(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_EMBEDDED_OBJECT) {
            Object embedded = p.getEmbeddedObject();
            return embedded instanceof byte[] bytes ? bytes : null;
        }
        if (value == JsonToken.VALUE_STRING) {
            return hex(p.getText());
        }
        p.skipChildren();
        return null;
    }

    /** {@code "0x130080"} or {@code "130080"} as bytes; null when it is not hexadecimal. */
    static byte @Nullable [] hex(String text) {
        String digits = text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
        if (digits.isEmpty()) {
            return null;
        }
        if (digits.length() % 2 == 1) {
            digits = "0" + digits;
        }
        try {
            return HexFormat.of().parseHex(digits);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
