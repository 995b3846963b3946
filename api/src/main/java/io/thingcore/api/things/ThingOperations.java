package io.thingcore.api.things;

import static io.netty.handler.codec.http.HttpMethod.DELETE;
import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.PATCH;
import static io.netty.handler.codec.http.HttpMethod.POST;
import static io.netty.handler.codec.http.HttpMethod.PUT;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.thingcore.api.http.ApiRequest;
import io.thingcore.api.http.ApiResponse;
import io.thingcore.api.http.Json;
import io.thingcore.api.http.JsonBody;
import io.thingcore.api.http.RouteTable;
import io.thingcore.api.http.Shapes;
import io.thingcore.registry.CreateThingRequest;
import io.thingcore.registry.ListThingsRequest;
import io.thingcore.registry.Registry;
import io.thingcore.registry.RegistryException;
import io.thingcore.registry.ThingPrincipalType;
import io.thingcore.registry.ThingRecord;
import io.thingcore.registry.UpdateThingRequest;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Things and thing↔principal attachments (AWS IoT API Reference). The principal of the attachment operations travels in
 * the {@code x-amzn-principal} header.
 */
public final class ThingOperations {
    static final String PRINCIPAL_HEADER = "x-amzn-principal";

    private final Registry registry;

    public ThingOperations(Registry registry) {
        this.registry = registry;
    }

    public void register(RouteTable routes) {
        routes.add(POST, "/things/{thingName}", "CreateThing", this::createThing)
                .add(GET, "/things/{thingName}", "DescribeThing", this::describeThing)
                .add(GET, "/things", "ListThings", this::listThings)
                .add(PATCH, "/things/{thingName}", "UpdateThing", this::updateThing)
                .add(DELETE, "/things/{thingName}", "DeleteThing", this::deleteThing)
                .add(PUT, "/things/{thingName}/principals", "AttachThingPrincipal", this::attachThingPrincipal)
                .add(DELETE, "/things/{thingName}/principals", "DetachThingPrincipal", this::detachThingPrincipal)
                .add(GET, "/things/{thingName}/principals", "ListThingPrincipals", this::listThingPrincipals)
                .add(GET, "/principals/things", "ListPrincipalThings", this::listPrincipalThings);
    }

    /** {@code attributePayload.attributes}, or null when absent. */
    private static @Nullable Map<String, String> attributes(@Nullable JsonBody payload) {
        return payload == null ? null : payload.stringMap("attributes");
    }

    ApiResponse createThing(ApiRequest request) {
        JsonBody body = request.json();
        String billingGroup = body.string("billingGroupName");
        JsonBody payload = body.object("attributePayload");
        Map<String, String> attributes = attributes(payload);
        if (payload != null) {
            payload.bool("merge"); // type-checked only; merge is meaningful on UpdateThing alone
        }
        String thingTypeName = body.string("thingTypeName");
        if (billingGroup != null) {
            // billing groups are not modelled by the registry: none exists, as AWS reports for an unknown group
            throw RegistryException.notFound("Billing group " + billingGroup + " does not exist");
        }
        ThingRecord thing = registry.forNamespace(request.namespace())
                .things()
                .createThing(new CreateThingRequest(
                        request.label("thingName"), thingTypeName, Objects.requireNonNullElse(attributes, Map.of())));
        ObjectNode out = Json.object();
        Json.put(out, "thingName", thing.thingName());
        Json.put(out, "thingArn", thing.thingArn());
        Json.put(out, "thingId", thing.thingId());
        return ApiResponse.of(out);
    }

    ApiResponse describeThing(ApiRequest request) {
        ThingRecord thing =
                registry.forNamespace(request.namespace()).things().describeThing(request.label("thingName"));
        ObjectNode out = Json.object();
        // the default client ID of a thing is its name (AWS IoT API Reference, DescribeThing defaultClientId)
        Json.put(out, "defaultClientId", thing.thingName());
        Json.put(out, "thingName", thing.thingName());
        Json.put(out, "thingId", thing.thingId());
        Json.put(out, "thingArn", thing.thingArn());
        Json.put(out, "thingTypeName", thing.thingTypeName());
        out.set("attributes", Json.stringMap(thing.attributes()));
        out.put("version", thing.version());
        return ApiResponse.of(out);
    }

    ApiResponse listThings(ApiRequest request) {
        ListThingsRequest filter = new ListThingsRequest(
                request.query("attributeName"),
                request.query("attributeValue"),
                request.query("thingTypeName"),
                request.queryBool("usePrefixAttributeValue", false));
        var page = registry.forNamespace(request.namespace()).things().listThings(filter, request.tokenPage());
        return ApiResponse.of(Shapes.tokenPage(page, "things", thing -> {
            ObjectNode item = Json.object();
            Json.put(item, "thingName", thing.thingName());
            Json.put(item, "thingTypeName", thing.thingTypeName());
            Json.put(item, "thingArn", thing.thingArn());
            item.set("attributes", Json.stringMap(thing.attributes()));
            item.put("version", thing.version());
            return item;
        }));
    }

    ApiResponse updateThing(ApiRequest request) {
        JsonBody body = request.json();
        JsonBody payload = body.object("attributePayload");
        registry.forNamespace(request.namespace())
                .things()
                .updateThing(new UpdateThingRequest(
                        request.label("thingName"),
                        body.string("thingTypeName"),
                        attributes(payload),
                        payload != null && payload.bool("merge", false),
                        body.longValue("expectedVersion"),
                        body.bool("removeThingType", false)));
        return ApiResponse.empty();
    }

    ApiResponse deleteThing(ApiRequest request) {
        registry.forNamespace(request.namespace())
                .things()
                .deleteThing(request.label("thingName"), request.queryLong("expectedVersion"));
        return ApiResponse.empty();
    }

    ApiResponse attachThingPrincipal(ApiRequest request) {
        registry.forNamespace(request.namespace())
                .things()
                .attachThingPrincipal(
                        request.label("thingName"),
                        request.requiredHeader(PRINCIPAL_HEADER, "principal"),
                        request.queryEnum("thingPrincipalType", ThingPrincipalType.class));
        return ApiResponse.empty();
    }

    ApiResponse detachThingPrincipal(ApiRequest request) {
        registry.forNamespace(request.namespace())
                .things()
                .detachThingPrincipal(
                        request.label("thingName"), request.requiredHeader(PRINCIPAL_HEADER, "principal"));
        return ApiResponse.empty();
    }

    ApiResponse listThingPrincipals(ApiRequest request) {
        var page = registry.forNamespace(request.namespace())
                .things()
                .listThingPrincipals(request.label("thingName"), request.tokenPage());
        return ApiResponse.of(Shapes.tokenPage(page, "principals", Shapes::text));
    }

    ApiResponse listPrincipalThings(ApiRequest request) {
        var page = registry.forNamespace(request.namespace())
                .things()
                .listPrincipalThings(request.requiredHeader(PRINCIPAL_HEADER, "principal"), request.tokenPage());
        return ApiResponse.of(Shapes.tokenPage(page, "things", Shapes::text));
    }
}
