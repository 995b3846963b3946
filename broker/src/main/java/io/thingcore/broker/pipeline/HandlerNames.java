package io.thingcore.broker.pipeline;

/** The names of the pipeline's handlers, in pipeline order (docs/architecture.md, the broker's pipeline). */
public final class HandlerNames {
    /** Holds each read of a handshake until the event loop gives it a turn; removes itself when the handshake ends. */
    public static final String HANDSHAKE_PACER = "handshake-pacer";

    /** Reads the ClientHello's SNI, then replaces itself with {@link #SSL}. */
    public static final String SNI = "sni";

    public static final String SSL = "ssl";
    /** The trust decision on handshake completion; removes itself once the certificate is accepted. */
    public static final String CLIENT_CERTIFICATE = "client-certificate";

    /**
     * Encrypts the first write (the CONNACK) with room for the TLS 1.3 session tickets that go out with it; removes
     * itself.
     */
    public static final String FIRST_RECORD = "first-record";

    /** Checks the first packet's CONNECT fields before the decoder reads them; removes itself. */
    public static final String CONNECT_FIELDS = "connect-fields";

    /** Closes a connection whose packet has begun and not ended within the bound; passes bytes on untouched. */
    public static final String PACKET_READ_BOUND = "packet-read-bound";

    public static final String MQTT_DECODER = "mqtt-decoder";
    public static final String MQTT_ENCODER = "mqtt-encoder";

    /**
     * Writes PUBLISH packets to subscribers with their message's shared head; passes every other packet on to
     * {@link #MQTT_ENCODER} (writes travel towards the head, so it sits after the encoder).
     */
    public static final String PUBLISH_ENCODER = "publish-encoder";

    /** The CONNECT stage; removes itself after CONNACK. */
    public static final String CONNECT = "connect";

    /**
     * The session stage, the last handler: every packet of a connected client, by type; refuses any other packet;
     * ends the connection when the channel closes; every exception of the connection ends here.
     */
    public static final String SESSION = "session";

    private HandlerNames() {}
}
