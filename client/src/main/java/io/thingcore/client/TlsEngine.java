package io.thingcore.client;

/** Which TLS implementation a {@link ClientTls} uses. */
public enum TlsEngine {
    /** netty-tcnative BoringSSL when it loads on this platform, the JDK's engine otherwise. */
    AUTO,
    /** netty-tcnative BoringSSL; fails when it does not load. */
    OPENSSL,
    /** The JDK's engine. */
    JDK
}
