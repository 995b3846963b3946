package io.thingcore.api.cacertificates;

import static io.netty.handler.codec.http.HttpMethod.DELETE;
import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.POST;
import static io.netty.handler.codec.http.HttpMethod.PUT;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.thingcore.api.http.ApiRequest;
import io.thingcore.api.http.ApiResponse;
import io.thingcore.api.http.Json;
import io.thingcore.api.http.JsonBody;
import io.thingcore.api.http.RouteTable;
import io.thingcore.api.http.Shapes;
import io.thingcore.registry.AutoRegistrationStatus;
import io.thingcore.registry.CaCertificateRecord;
import io.thingcore.registry.CaCertificateStatus;
import io.thingcore.registry.CertificateMode;
import io.thingcore.registry.RegisterCaCertificateRequest;
import io.thingcore.registry.Registry;
import io.thingcore.registry.UpdateCaCertificateRequest;

/** CA certificates and the registration code (AWS IoT API Reference). */
public final class CaCertificateOperations {
    private final Registry registry;

    public CaCertificateOperations(Registry registry) {
        this.registry = registry;
    }

    public void register(RouteTable routes) {
        routes.add(POST, "/cacertificate", "RegisterCACertificate", this::registerCaCertificate)
                .add(GET, "/registrationcode", "GetRegistrationCode", this::getRegistrationCode)
                .add(DELETE, "/registrationcode", "DeleteRegistrationCode", this::deleteRegistrationCode)
                .add(GET, "/cacertificate/{caCertificateId}", "DescribeCACertificate", this::describeCaCertificate)
                .add(GET, "/cacertificates", "ListCACertificates", this::listCaCertificates)
                .add(PUT, "/cacertificate/{caCertificateId}", "UpdateCACertificate", this::updateCaCertificate)
                .add(DELETE, "/cacertificate/{caCertificateId}", "DeleteCACertificate", this::deleteCaCertificate);
    }

    ApiResponse registerCaCertificate(ApiRequest request) {
        JsonBody body = request.json();
        RegisterCaCertificateRequest register = new RegisterCaCertificateRequest(
                body.requiredString("caCertificate"),
                body.string("verificationCertificate"),
                body.enumValue("certificateMode", CertificateMode.class),
                request.queryBool("setAsActive", false),
                request.queryBool("allowAutoRegistration", false),
                Shapes.registrationConfig(body),
                Shapes.tags(body));
        CaCertificateRecord ca =
                registry.forNamespace(request.namespace()).caCertificates().registerCaCertificate(register);
        ObjectNode out = Json.object();
        Json.put(out, "certificateArn", ca.certificateArn());
        Json.put(out, "certificateId", ca.certificateId());
        return ApiResponse.of(out);
    }

    ApiResponse getRegistrationCode(ApiRequest request) {
        return ApiResponse.of(Json.object()
                .put(
                        "registrationCode",
                        registry.forNamespace(request.namespace())
                                .caCertificates()
                                .getRegistrationCode()));
    }

    ApiResponse deleteRegistrationCode(ApiRequest request) {
        registry.forNamespace(request.namespace()).caCertificates().deleteRegistrationCode();
        return ApiResponse.empty();
    }

    ApiResponse describeCaCertificate(ApiRequest request) {
        CaCertificateRecord ca = registry.forNamespace(request.namespace())
                .caCertificates()
                .describeCaCertificate(request.label("caCertificateId"));
        ObjectNode description = Json.object();
        Json.put(description, "certificateArn", ca.certificateArn());
        Json.put(description, "certificateId", ca.certificateId());
        Json.put(description, "status", ca.status());
        Json.put(description, "certificatePem", ca.certificatePem());
        Json.put(description, "ownedBy", ca.ownedBy());
        Json.put(description, "creationDate", ca.creationDate());
        Json.put(description, "autoRegistrationStatus", ca.autoRegistrationStatus());
        Json.put(description, "lastModifiedDate", ca.lastModifiedDate());
        description.put("customerVersion", ca.customerVersion());
        Json.put(description, "generationId", ca.generationId());
        Json.put(description, "validity", Shapes.validity(ca.notBefore(), ca.notAfter()));
        Json.put(description, "certificateMode", ca.certificateMode());
        ObjectNode out = Json.object();
        out.set("certificateDescription", description);
        Json.put(out, "registrationConfig", Shapes.registrationConfig(ca.registrationConfig()));
        return ApiResponse.of(out);
    }

    ApiResponse listCaCertificates(ApiRequest request) {
        var page = registry.forNamespace(request.namespace())
                .caCertificates()
                .listCaCertificates(request.markerPage(true), request.query("templateName"));
        return ApiResponse.of(Shapes.markerPage(page, "certificates", ca -> {
            ObjectNode item = Json.object();
            Json.put(item, "certificateArn", ca.certificateArn());
            Json.put(item, "certificateId", ca.certificateId());
            Json.put(item, "status", ca.status());
            Json.put(item, "creationDate", ca.creationDate());
            return item;
        }));
    }

    ApiResponse updateCaCertificate(ApiRequest request) {
        JsonBody body = request.json();
        registry.forNamespace(request.namespace())
                .caCertificates()
                .updateCaCertificate(new UpdateCaCertificateRequest(
                        request.label("caCertificateId"),
                        request.queryEnum("newStatus", CaCertificateStatus.class),
                        request.queryEnum("newAutoRegistrationStatus", AutoRegistrationStatus.class),
                        Shapes.registrationConfig(body),
                        body.bool("removeAutoRegistration", false)));
        return ApiResponse.empty();
    }

    ApiResponse deleteCaCertificate(ApiRequest request) {
        registry.forNamespace(request.namespace())
                .caCertificates()
                .deleteCaCertificate(request.label("caCertificateId"));
        return ApiResponse.empty();
    }
}
