package io.thingcore.broker;

/** Which TLS implementation serves the MQTT port. */
public enum TlsProvider {
    /** netty-tcnative BoringSSL when it loads on this platform, the JDK engine otherwise. */
    AUTO,
    /** netty-tcnative BoringSSL; start-up fails when it does not load. */
    OPENSSL,
    /** The JDK's SSLEngine. */
    JDK
}
