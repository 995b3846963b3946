package io.thingcore.broker.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingcore.testkit.pki.TestCa;
import io.thingcore.testkit.pki.TestPki;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.Test;

/** The certificate read in a handshake reaches that handshake's completion, and no other one. */
class HandshakeHandOffTest {
    private static final TestCa CA = TestPki.ca("CN=Hand-off CA,O=thingcore");

    @Test
    void theHandshakeThatLeftTheCertificateTakesIt() throws Exception {
        SSLSession session = SSLContext.getDefault().createSSLEngine().getSession();
        PresentedCertificate presented = presented("CN=device-a");

        HandshakeHandOff.leave(session, presented);

        assertThat(HandshakeHandOff.take(session)).isSameAs(presented);
        assertThat(HandshakeHandOff.take(session)).as("taken once").isNull();
    }

    @Test
    void anotherConnectionsHandshakeGetsNothingAndEmptiesTheSlot() throws Exception {
        SSLSession first = SSLContext.getDefault().createSSLEngine().getSession();
        SSLSession resumed = SSLContext.getDefault().createSSLEngine().getSession();

        HandshakeHandOff.leave(first, presented("CN=device-b"));

        assertThat(HandshakeHandOff.take(resumed)).isNull();
        assertThat(HandshakeHandOff.take(first))
                .as("the slot holds no closed connection's session")
                .isNull();
    }

    @Test
    void eachEventLoopThreadHasItsOwnSlot() throws Exception {
        SSLSession session = SSLContext.getDefault().createSSLEngine().getSession();
        PresentedCertificate presented = presented("CN=device-c");
        HandshakeHandOff.leave(session, presented);

        PresentedCertificate[] seenElsewhere = new PresentedCertificate[1];
        Thread other = new Thread(() -> seenElsewhere[0] = HandshakeHandOff.take(session));
        other.start();
        other.join();

        assertThat(seenElsewhere[0]).isNull();
        assertThat(HandshakeHandOff.take(session)).isSameAs(presented);
    }

    private static PresentedCertificate presented(String subject) throws Exception {
        return PresentedCertificate.parse(TestPki.device(CA, subject).certificate(), null, "192.0.2.7");
    }
}
