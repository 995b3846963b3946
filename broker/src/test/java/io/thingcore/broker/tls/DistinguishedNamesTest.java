package io.thingcore.broker.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.DERNumericString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.junit.jupiter.api.Test;

/** Certificate names as policy variables see them (AWS IoT Developer Guide, "X.509 certificate policy variables"). */
class DistinguishedNamesTest {

    @Test
    void readsTheAttributesUnderAwsNamesInCertificateOrder() {
        X500Principal name = new X500Principal("CN=sensor-7, OU=Line 2, OU=Hall B, O=Example\\, Inc., C=US");

        assertThat(DistinguishedNames.attributes(name))
                .containsExactly(
                        Map.entry("Country", List.of("US")),
                        Map.entry("Organization", List.of("Example, Inc.")),
                        Map.entry("OrganizationalUnit", List.of("Hall B", "Line 2")),
                        Map.entry("CommonName", List.of("sensor-7")));
    }

    @Test
    void aValueTheJdkShowsOnlyAsHexIsLeftOut_notPrintedAsAJavaArray() throws Exception {
        // C as a NumericString: the JDK's RFC 2253 form of it is "#" and the DER in hex (RFC 2253 section 2.4).
        X500Name encoded = new X500Name(new RDN[] {
            new RDN(BCStyle.C, new DERNumericString("276")), new RDN(BCStyle.CN, new DERUTF8String("numeric-country"))
        });
        X500Principal name = new X500Principal(encoded.getEncoded());

        Map<String, List<String>> attributes = DistinguishedNames.attributes(name);

        assertThat(attributes).containsExactly(Map.entry("CommonName", List.of("numeric-country")));
        assertThat(DistinguishedNames.attributes(name)).isEqualTo(attributes);
    }
}
