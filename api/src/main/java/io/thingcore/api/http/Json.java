package io.thingcore.api.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The one JSON mapper of the API and small helpers to build restJson1 response bodies: null members are omitted and
 * timestamps are epoch seconds with a millisecond fraction (restJson1's default timestamp format; no shape of the AWS
 * IoT service model overrides it).
 */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final JsonNodeFactory NODES = new JsonNodeFactory(true);

    private Json() {}

    public static ObjectNode object() {
        return NODES.objectNode();
    }

    public static ArrayNode array() {
        return NODES.arrayNode();
    }

    public static ArrayNode strings(Collection<String> values) {
        ArrayNode array = array();
        values.forEach(array::add);
        return array;
    }

    public static ObjectNode stringMap(Map<String, String> values) {
        ObjectNode node = object();
        values.forEach(node::put);
        return node;
    }

    /** Puts {@code value} unless it is null (AWS omits absent members rather than sending null). */
    public static ObjectNode put(ObjectNode node, String name, @Nullable String value) {
        if (value != null) {
            node.put(name, value);
        }
        return node;
    }

    public static ObjectNode put(ObjectNode node, String name, @Nullable JsonNode value) {
        if (value != null) {
            node.set(name, value);
        }
        return node;
    }

    public static ObjectNode put(ObjectNode node, String name, @Nullable Enum<?> value) {
        if (value != null) {
            node.put(name, value.name());
        }
        return node;
    }

    /** Epoch seconds with a millisecond fraction, e.g. {@code 1634239436.587}, as both SDKs parse it. */
    public static ObjectNode put(ObjectNode node, String name, @Nullable Instant value) {
        if (value != null) {
            node.put(name, BigDecimal.valueOf(value.toEpochMilli(), 3));
        }
        return node;
    }

    public static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a JSON tree", e);
        }
    }
}
