package io.thingcore.api.certificates;

import static io.netty.handler.codec.http.HttpMethod.DELETE;
import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.POST;
import static io.netty.handler.codec.http.HttpMethod.PUT;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.thingcore.api.http.ApiRequest;
import io.thingcore.api.http.ApiResponse;
import io.thingcore.api.http.Json;
import io.thingcore.api.http.JsonBody;
import io.thingcore.api.http.Params;
import io.thingcore.api.http.RouteTable;
import io.thingcore.api.http.Shapes;
import io.thingcore.registry.CertificateRecord;
import io.thingcore.registry.CertificateStatus;
import io.thingcore.registry.CreatedCertificate;
import io.thingcore.registry.Registry;

/** Device certificates (AWS IoT API Reference): register with/without CA, issue, describe, list, update, delete. */
public final class CertificateOperations {
    private final Registry registry;

    public CertificateOperations(Registry registry) {
        this.registry = registry;
    }

    public void register(RouteTable routes) {
        routes.add(POST, "/certificate/register", "RegisterCertificate", this::registerCertificate)
                .add(POST, "/certificate/register-no-ca", "RegisterCertificateWithoutCA", this::registerWithoutCa)
                .add(POST, "/keys-and-certificate", "CreateKeysAndCertificate", this::createKeysAndCertificate)
                .add(POST, "/certificates", "CreateCertificateFromCsr", this::createCertificateFromCsr)
                .add(GET, "/certificates/{certificateId}", "DescribeCertificate", this::describeCertificate)
                .add(GET, "/certificates", "ListCertificates", this::listCertificates)
                .add(GET, "/certificates-by-ca/{caCertificateId}", "ListCertificatesByCA", this::listCertificatesByCa)
                .add(PUT, "/certificates/{certificateId}", "UpdateCertificate", this::updateCertificate)
                .add(DELETE, "/certificates/{certificateId}", "DeleteCertificate", this::deleteCertificate);
    }

    private static ApiResponse idAndArn(CertificateRecord certificate) {
        ObjectNode out = Json.object();
        Json.put(out, "certificateArn", certificate.certificateArn());
        Json.put(out, "certificateId", certificate.certificateId());
        return ApiResponse.of(out);
    }

    ApiResponse registerCertificate(ApiRequest request) {
        JsonBody body = request.json();
        return idAndArn(registry.forNamespace(request.namespace())
                .certificates()
                .registerCertificate(
                        body.requiredString("certificatePem"),
                        body.string("caCertificatePem"),
                        body.enumValue("status", CertificateStatus.class),
                        request.queryBool("setAsActive", false)));
    }

    ApiResponse registerWithoutCa(ApiRequest request) {
        JsonBody body = request.json();
        return idAndArn(registry.forNamespace(request.namespace())
                .certificates()
                .registerCertificateWithoutCa(
                        body.requiredString("certificatePem"), body.enumValue("status", CertificateStatus.class)));
    }

    ApiResponse createKeysAndCertificate(ApiRequest request) {
        CreatedCertificate created = registry.forNamespace(request.namespace())
                .certificates()
                .createKeysAndCertificate(request.queryBool("setAsActive", false));
        ObjectNode out = created(created);
        ObjectNode keyPair = Json.object();
        // KeyPair is the one shape with capitalised members (AWS IoT API Reference, data type KeyPair)
        Json.put(keyPair, "PublicKey", created.publicKeyPem());
        Json.put(keyPair, "PrivateKey", created.privateKeyPem());
        out.set("keyPair", keyPair);
        return ApiResponse.of(out);
    }

    ApiResponse createCertificateFromCsr(ApiRequest request) {
        String csr = request.json().requiredString("certificateSigningRequest");
        return ApiResponse.of(created(registry.forNamespace(request.namespace())
                .certificates()
                .createCertificateFromCsr(csr, request.queryBool("setAsActive", false))));
    }

    private static ObjectNode created(CreatedCertificate created) {
        ObjectNode out = Json.object();
        Json.put(out, "certificateArn", created.certificate().certificateArn());
        Json.put(out, "certificateId", created.certificate().certificateId());
        Json.put(out, "certificatePem", created.certificate().certificatePem());
        return out;
    }

    ApiResponse describeCertificate(ApiRequest request) {
        CertificateRecord c = registry.forNamespace(request.namespace())
                .certificates()
                .describeCertificate(request.label("certificateId"));
        ObjectNode description = Json.object();
        Json.put(description, "certificateArn", c.certificateArn());
        Json.put(description, "certificateId", c.certificateId());
        Json.put(description, "caCertificateId", c.caCertificateId());
        Json.put(description, "status", c.status());
        Json.put(description, "certificatePem", c.certificatePem());
        Json.put(description, "ownedBy", c.ownedBy());
        Json.put(description, "creationDate", c.creationDate());
        Json.put(description, "lastModifiedDate", c.lastModifiedDate());
        description.put("customerVersion", c.customerVersion());
        description.set("transferData", Json.object());
        Json.put(description, "generationId", c.generationId());
        Json.put(description, "validity", Shapes.validity(c.notBefore(), c.notAfter()));
        Json.put(description, "certificateMode", c.certificateMode());
        return ApiResponse.of(Json.object().set("certificateDescription", description));
    }

    private static ObjectNode listItem(CertificateRecord c) {
        ObjectNode item = Json.object();
        Json.put(item, "certificateArn", c.certificateArn());
        Json.put(item, "certificateId", c.certificateId());
        Json.put(item, "status", c.status());
        Json.put(item, "certificateMode", c.certificateMode());
        Json.put(item, "creationDate", c.creationDate());
        return item;
    }

    ApiResponse listCertificates(ApiRequest request) {
        return ApiResponse.of(Shapes.markerPage(
                registry.forNamespace(request.namespace()).certificates().listCertificates(request.markerPage(true)),
                "certificates",
                CertificateOperations::listItem));
    }

    ApiResponse listCertificatesByCa(ApiRequest request) {
        return ApiResponse.of(Shapes.markerPage(
                registry.forNamespace(request.namespace())
                        .certificates()
                        .listCertificatesByCa(request.label("caCertificateId"), request.markerPage(true)),
                "certificates",
                CertificateOperations::listItem));
    }

    ApiResponse updateCertificate(ApiRequest request) {
        CertificateStatus status =
                Params.enumValue("newStatus", request.requiredQuery("newStatus"), CertificateStatus.class);
        registry.forNamespace(request.namespace())
                .certificates()
                .updateCertificate(request.label("certificateId"), status);
        return ApiResponse.empty();
    }

    ApiResponse deleteCertificate(ApiRequest request) {
        registry.forNamespace(request.namespace())
                .certificates()
                .deleteCertificate(request.label("certificateId"), request.queryBool("forceDelete", false));
        return ApiResponse.empty();
    }
}
