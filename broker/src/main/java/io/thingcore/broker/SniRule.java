package io.thingcore.broker;

/**
 * What the broker requires of the TLS Server Name Indication (RFC 6066 section 3) sent by a client whose certificate
 * is {@code SNI_ONLY}: issued by a CA registered in {@code SNI_ONLY} ("multi-account") mode, or registered without a
 * CA. AWS IoT requires such devices to send SNI (AWS IoT API Reference, {@code CertificateDescription.certificateMode}:
 * "Devices with certificates in SNI_ONLY mode must send the SNI extension"; AWS IoT developer guide, "Transport
 * security in AWS IoT Core"), because the SNI is what routes them to one of the accounts that registered the CA.
 * Certificates in {@code DEFAULT} mode need no SNI under either rule. Why thingcore defaults to {@link #LENIENT}:
 * docs/adr/0004-sni-rule-and-keep-alive-zero.md.
 */
public enum SniRule {
    /**
     * An {@code SNI_ONLY} certificate presented without SNI is accepted (with one warning per connection): this
     * gateway serves one account, so an SNI could only route to it. Silicon Labs Matter DIC firmware before "Matter +
     * AWS" never sets a host name on its mbedTLS context and so sends no SNI. An SNI that is present and names none
     * of the gateway's host names is still refused.
     */
    LENIENT,
    /** AWS IoT's rule: an {@code SNI_ONLY} certificate must send SNI naming one of the gateway's host names. */
    STRICT
}
