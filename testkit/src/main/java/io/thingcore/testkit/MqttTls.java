package io.thingcore.testkit;

import io.thingcore.pki.Pem;
import io.thingcore.testkit.mqtt.SniSocketFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * Client-side TLS for MQTT tests, the way a device is set up: its certificate and key, the gateway's server CA as
 * the only trust anchor, and SNI naming the endpoint host. SNI is set explicitly because the JDK never sends it for
 * a dotless name such as {@code localhost}, while the firmware and mosquitto do.
 */
public final class MqttTls {
    private MqttTls() {}

    public static SSLSocketFactory socketFactory(
            X509Certificate certificate, PrivateKey key, Path serverCaFile, String sniHost)
            throws IOException, GeneralSecurityException {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("device", key, new char[0], new X509Certificate[] {certificate});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, new char[0]);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server-ca", Pem.readCertificate(Files.readString(serverCaFile)));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return new SniSocketFactory(context.getSocketFactory(), sniHost);
    }
}
