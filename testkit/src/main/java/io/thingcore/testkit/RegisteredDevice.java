package io.thingcore.testkit;

import io.thingcore.pki.Pem;
import io.thingcore.server.ConnectionInfo;
import io.thingcore.testkit.pki.Device;
import io.thingcore.testkit.pki.TestCa;
import io.thingcore.testkit.pki.TestPki;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLSocketFactory;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CertificateMode;
import software.amazon.awssdk.services.iot.model.CertificateStatus;
import software.amazon.awssdk.services.iot.model.RegisterCertificateResponse;

/**
 * A device as the tests that drive a gateway through the API set one up: a test CA registered (SNI_ONLY, active), a
 * device certificate it issued registered ACTIVE with a policy attached, and, when named, a thing it is attached to.
 *
 * @param keys the device's key pair
 * @param certificate the device's certificate (X.509 v1, as the DIC firmware's)
 * @param certificateId the ID RegisterCertificate answered
 * @param certificateArn the ARN RegisterCertificate answered
 */
public record RegisteredDevice(KeyPair keys, X509Certificate certificate, String certificateId, String certificateArn) {
    /** How the device is registered: its CA's and its own subject, and the policy made and attached to it. */
    public record Registration(
            String caSubject,
            String deviceSubject,
            String policyName,
            String policyDocument,
            boolean autoRegistration) {
        public Registration(String caSubject, String deviceSubject, String policyName, String policyDocument) {
            this(caSubject, deviceSubject, policyName, policyDocument, false);
        }

        /** The same with the CA's {@code allowAutoRegistration} set (just-in-time registration of what it issues). */
        public Registration withAutoRegistration() {
            return new Registration(caSubject, deviceSubject, policyName, policyDocument, true);
        }
    }

    /** Registers a new CA, the policy and a device certificate through {@code iot}, and attaches the policy. */
    public static RegisteredDevice register(IotClient iot, Registration registration) {
        TestCa ca = TestPki.ca(registration.caSubject());
        Device issued = TestPki.deviceV1(ca, registration.deviceSubject());
        String caPem = Pem.write(ca.certificate());
        iot.registerCACertificate(b -> {
            b.caCertificate(caPem).certificateMode(CertificateMode.SNI_ONLY).setAsActive(true);
            if (registration.autoRegistration()) {
                b.allowAutoRegistration(true);
            }
        });
        iot.createPolicy(b -> b.policyName(registration.policyName()).policyDocument(registration.policyDocument()));
        RegisterCertificateResponse registered =
                iot.registerCertificate(b -> b.certificatePem(Pem.write(issued.certificate()))
                        .caCertificatePem(caPem)
                        .status(CertificateStatus.ACTIVE));
        iot.attachPolicy(b -> b.policyName(registration.policyName()).target(registered.certificateArn()));
        return new RegisteredDevice(
                issued.keys(), issued.certificate(), registered.certificateId(), registered.certificateArn());
    }

    /** Creates the thing {@code thing} and attaches this certificate to it; returns this device. */
    public RegisteredDevice attachedTo(IotClient iot, String thing) {
        iot.createThing(b -> b.thingName(thing));
        iot.attachThingPrincipal(b -> b.thingName(thing).principal(certificateArn));
        return this;
    }

    /** The device's TLS for an MQTT client to the gateway of {@code connection} (trusting its server CA, with SNI). */
    public SSLSocketFactory socketFactory(ConnectionInfo connection) throws IOException, GeneralSecurityException {
        return MqttTls.socketFactory(
                certificate, keys.getPrivate(), Path.of(connection.serverCaFile()), connection.mqttHost());
    }
}
