package io.thingcore.api.things;

import static io.netty.handler.codec.http.HttpMethod.DELETE;
import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.POST;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.thingcore.api.http.ApiRequest;
import io.thingcore.api.http.ApiResponse;
import io.thingcore.api.http.Json;
import io.thingcore.api.http.JsonBody;
import io.thingcore.api.http.RouteTable;
import io.thingcore.api.http.Shapes;
import io.thingcore.registry.CreateThingTypeRequest;
import io.thingcore.registry.Registry;
import io.thingcore.registry.ThingTypeRecord;
import java.util.List;
import java.util.Objects;

/** Thing types (AWS IoT API Reference): create, describe, list, deprecate, delete. */
public final class ThingTypeOperations {
    private final Registry registry;

    public ThingTypeOperations(Registry registry) {
        this.registry = registry;
    }

    public void register(RouteTable routes) {
        routes.add(POST, "/thing-types/{thingTypeName}", "CreateThingType", this::createThingType)
                .add(GET, "/thing-types/{thingTypeName}", "DescribeThingType", this::describeThingType)
                .add(GET, "/thing-types", "ListThingTypes", this::listThingTypes)
                .add(POST, "/thing-types/{thingTypeName}/deprecate", "DeprecateThingType", this::deprecateThingType)
                .add(DELETE, "/thing-types/{thingTypeName}", "DeleteThingType", this::deleteThingType);
    }

    ApiResponse createThingType(ApiRequest request) {
        JsonBody body = request.json();
        JsonBody properties = body.object("thingTypeProperties");
        String description = null;
        List<String> searchable = null;
        if (properties != null) {
            description = properties.string("thingTypeDescription");
            searchable = properties.strings("searchableAttributes");
            properties.object("mqtt5Configuration"); // type-checked; not stored yet
        }
        ThingTypeRecord type = registry.forNamespace(request.namespace())
                .thingTypes()
                .createThingType(new CreateThingTypeRequest(
                        request.label("thingTypeName"),
                        description,
                        Objects.requireNonNullElse(searchable, List.of()),
                        Shapes.tags(body)));
        ObjectNode out = Json.object();
        Json.put(out, "thingTypeName", type.thingTypeName());
        Json.put(out, "thingTypeArn", type.thingTypeArn());
        Json.put(out, "thingTypeId", type.thingTypeId());
        return ApiResponse.of(out);
    }

    private static ObjectNode properties(ThingTypeRecord type) {
        ObjectNode properties = Json.object();
        Json.put(properties, "thingTypeDescription", type.description());
        properties.set("searchableAttributes", Json.strings(type.searchableAttributes()));
        return properties;
    }

    private static ObjectNode metadata(ThingTypeRecord type) {
        ObjectNode metadata = Json.object();
        metadata.put("deprecated", type.deprecated());
        Json.put(metadata, "deprecationDate", type.deprecationDate());
        Json.put(metadata, "creationDate", type.creationDate());
        return metadata;
    }

    ApiResponse describeThingType(ApiRequest request) {
        ThingTypeRecord type = registry.forNamespace(request.namespace())
                .thingTypes()
                .describeThingType(request.label("thingTypeName"));
        ObjectNode out = Json.object();
        Json.put(out, "thingTypeName", type.thingTypeName());
        Json.put(out, "thingTypeId", type.thingTypeId());
        Json.put(out, "thingTypeArn", type.thingTypeArn());
        out.set("thingTypeProperties", properties(type));
        out.set("thingTypeMetadata", metadata(type));
        return ApiResponse.of(out);
    }

    ApiResponse listThingTypes(ApiRequest request) {
        var page = registry.forNamespace(request.namespace())
                .thingTypes()
                .listThingTypes(request.query("thingTypeName"), request.tokenPage());
        return ApiResponse.of(Shapes.tokenPage(page, "thingTypes", type -> {
            ObjectNode item = Json.object();
            Json.put(item, "thingTypeName", type.thingTypeName());
            Json.put(item, "thingTypeArn", type.thingTypeArn());
            item.set("thingTypeProperties", properties(type));
            item.set("thingTypeMetadata", metadata(type));
            return item;
        }));
    }

    ApiResponse deprecateThingType(ApiRequest request) {
        registry.forNamespace(request.namespace())
                .thingTypes()
                .deprecateThingType(
                        request.label("thingTypeName"), request.json().bool("undoDeprecate", false));
        return ApiResponse.empty();
    }

    ApiResponse deleteThingType(ApiRequest request) {
        registry.forNamespace(request.namespace()).thingTypes().deleteThingType(request.label("thingTypeName"));
        return ApiResponse.empty();
    }
}
