package io.thingcore.api.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Typed, wire-level access to a restJson1 request body or to one nested structure in it. Every accessor checks the
 * JSON type of one member and names the member in its InvalidRequestException; a JSON {@code null} counts as absent;
 * unknown members are ignored, as AWS ignores them. Semantic rules (name patterns, lengths, states) are the
 * registry's.
 */
public final class JsonBody {
    private static final JsonBody EMPTY = new JsonBody(Json.object(), "");

    private final ObjectNode node;
    private final String path;

    private JsonBody(ObjectNode node, String path) {
        this.node = node;
        this.path = path;
    }

    /**
     * An empty body and {@code {}} are the same request (botocore's {@code RestJSONSerializer} in {@code serialize.py}
     * sends either).
     */
    public static JsonBody parse(byte[] body) {
        if (body.length == 0 || isBlank(body)) {
            return EMPTY;
        }
        JsonNode tree;
        try {
            tree = Json.MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw ApiException.invalidRequest("The request body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.invalidRequest("The request body cannot be read: " + e.getMessage());
        }
        if (tree == null || tree.isMissingNode()) {
            return EMPTY;
        }
        if (!(tree instanceof ObjectNode object)) {
            throw ApiException.invalidRequest("The request body must be a JSON object");
        }
        return new JsonBody(object, "");
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }

    private @Nullable JsonNode member(String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value;
    }

    private String qualified(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private ApiException wrongType(String name, String expected) {
        return ApiException.invalidRequest("Member '" + qualified(name) + "' must be " + expected);
    }

    /** AWS's refusal of a request that lacks the required member {@code name}. */
    public ApiException missing(String name) {
        return ApiException.invalidRequest("Member '" + qualified(name) + "' is required");
    }

    public boolean has(String name) {
        return member(name) != null;
    }

    public @Nullable String string(String name) {
        JsonNode value = member(name);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            throw wrongType(name, "a string");
        }
        return value.textValue();
    }

    public String requiredString(String name) {
        String value = string(name);
        if (value == null) {
            throw missing(name);
        }
        return value;
    }

    public @Nullable Boolean bool(String name) {
        JsonNode value = member(name);
        if (value == null) {
            return null;
        }
        if (!value.isBoolean()) {
            throw wrongType(name, "a boolean (true or false)");
        }
        return value.booleanValue();
    }

    public boolean bool(String name, boolean absent) {
        Boolean value = bool(name);
        return value == null ? absent : value;
    }

    public @Nullable Long longValue(String name) {
        JsonNode value = member(name);
        if (value == null) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw wrongType(name, "an integer");
        }
        return value.longValue();
    }

    /** A JSON number, integral or not (a {@code double} member such as {@code thresholdPercentage}). */
    public @Nullable Double number(String name) {
        JsonNode value = member(name);
        if (value == null) {
            return null;
        }
        if (!value.isNumber()) {
            throw wrongType(name, "a number");
        }
        return value.doubleValue();
    }

    /** The names of the members present (not null), for refusing members an operation does not offer. */
    public List<String> memberNames() {
        List<String> names = new ArrayList<>();
        node.properties().forEach(entry -> {
            if (!entry.getValue().isNull()) {
                names.add(entry.getKey());
            }
        });
        return names;
    }

    public <E extends Enum<E>> @Nullable E enumValue(String name, Class<E> type) {
        String value = string(name);
        return value == null ? null : Params.enumValue(qualified(name), value, type);
    }

    public @Nullable JsonBody object(String name) {
        JsonNode value = member(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof ObjectNode object)) {
            throw wrongType(name, "a JSON object");
        }
        return new JsonBody(object, qualified(name));
    }

    /** A list of structures, each read by {@code reader}; null when absent. */
    public <T> @Nullable List<T> objects(String name, Function<JsonBody, T> reader) {
        JsonNode value = member(name);
        if (value == null) {
            return null;
        }
        if (!value.isArray()) {
            throw wrongType(name, "a list");
        }
        List<T> items = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            if (!(item instanceof ObjectNode object)) {
                throw wrongType(name, "a list of JSON objects");
            }
            items.add(reader.apply(new JsonBody(object, qualified(name) + "[" + i + "]")));
        }
        return items;
    }

    public @Nullable List<String> strings(String name) {
        JsonNode value = member(name);
        if (value == null) {
            return null;
        }
        if (!value.isArray()) {
            throw wrongType(name, "a list of strings");
        }
        List<String> items = new ArrayList<>(value.size());
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw wrongType(name, "a list of strings");
            }
            items.add(item.textValue());
        }
        return items;
    }

    public @Nullable Map<String, String> stringMap(String name) {
        JsonNode value = member(name);
        if (value == null) {
            return null;
        }
        if (!value.isObject()) {
            throw wrongType(name, "a map of strings");
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : value.properties()) {
            if (!entry.getValue().isTextual()) {
                throw wrongType(name + "." + entry.getKey(), "a string");
            }
            map.put(entry.getKey(), entry.getValue().textValue());
        }
        return map;
    }
}
