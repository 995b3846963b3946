package io.thingcore.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.thingcore.registry.Page;
import io.thingcore.registry.PolicyRecord;
import io.thingcore.registry.RegistrationConfig;
import io.thingcore.registry.Tag;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** Shapes shared by several resource families (AWS IoT API Reference, data types). */
public final class Shapes {
    private Shapes() {}

    /** {@code Tag}: capitalised {@code Key}*, {@code Value}; none when the member is absent. */
    public static List<Tag> tags(JsonBody body) {
        List<Tag> tags = body.objects("tags", tag -> new Tag(tag.requiredString("Key"), tag.string("Value")));
        return tags == null ? List.of() : tags;
    }

    public static @Nullable RegistrationConfig registrationConfig(JsonBody body) {
        JsonBody config = body.object("registrationConfig");
        return config == null
                ? null
                : new RegistrationConfig(
                        config.string("templateBody"), config.string("roleArn"), config.string("templateName"));
    }

    public static @Nullable ObjectNode registrationConfig(@Nullable RegistrationConfig config) {
        if (config == null) {
            return null;
        }
        ObjectNode node = Json.object();
        Json.put(node, "templateBody", config.templateBody());
        Json.put(node, "roleArn", config.roleArn());
        Json.put(node, "templateName", config.templateName());
        return node;
    }

    public static @Nullable ObjectNode validity(@Nullable Instant notBefore, @Nullable Instant notAfter) {
        if (notBefore == null && notAfter == null) {
            return null;
        }
        ObjectNode node = Json.object();
        Json.put(node, "notBefore", notBefore);
        Json.put(node, "notAfter", notAfter);
        return node;
    }

    /** {@code Policy} list item. */
    public static ObjectNode policy(PolicyRecord policy) {
        ObjectNode node = Json.object();
        Json.put(node, "policyName", policy.policyName());
        Json.put(node, "policyArn", policy.policyArn());
        return node;
    }

    /** A marker-paginated list: items under {@code member}, {@code nextMarker} only when there is a next page. */
    public static <T> ObjectNode markerPage(Page<T> page, String member, Function<T, ? extends JsonNode> item) {
        ObjectNode node = Json.object();
        ArrayNode array = node.putArray(member);
        page.items().forEach(i -> array.add(item.apply(i)));
        Json.put(node, "nextMarker", page.nextToken());
        return node;
    }

    /** A token-paginated list: items under {@code member}, {@code nextToken} only when there is a next page. */
    public static <T> ObjectNode tokenPage(Page<T> page, String member, Function<T, ? extends JsonNode> item) {
        ObjectNode node = Json.object();
        ArrayNode array = node.putArray(member);
        page.items().forEach(i -> array.add(item.apply(i)));
        Json.put(node, "nextToken", page.nextToken());
        return node;
    }

    public static TextNode text(String value) {
        return TextNode.valueOf(value);
    }
}
