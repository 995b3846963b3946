package io.thingcore.broker.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCounted;
import io.thingcore.broker.testing.MqttPortTls;
import io.thingcore.broker.testing.TestDirectory;
import io.thingcore.testkit.pki.TestPki;
import java.lang.reflect.Method;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The BoringSSL engine is released when its connection ends and has no finalizer (issue 14: with
 * {@code SslProvider.OPENSSL} every engine was registered for finalization, outlived one more collection after its
 * connection closed and was finalized on the broker's core).
 */
class ServerTlsTest {
    private static final TestPki PKI = new TestPki();

    private final TestDirectory directory = new TestDirectory();

    @AfterEach
    void close() {
        directory.close();
    }

    @Test
    void aBoringSslEngineIsReleasedWhenItsConnectionClosesAndIsNeverFinalized() throws Exception {
        SslContext context = MqttPortTls.boringSsl(PKI, directory);
        try {
            SslHandler handler = context.newHandler(ByteBufAllocator.DEFAULT);
            assertThat(handler.engine()).isInstanceOf(ReferenceCounted.class);
            ReferenceCounted engine = (ReferenceCounted) handler.engine();
            EmbeddedChannel channel = new EmbeddedChannel(handler);
            assertThat(engine.refCnt()).isEqualTo(1);

            channel.close().syncUninterruptibly();

            assertThat(engine.refCnt())
                    .as("released by the SslHandler as it left the pipeline")
                    .isZero();
            assertThat(declaresFinalizer(handler.engine().getClass()))
                    .as("%s declares finalize()", handler.engine().getClass().getName())
                    .isFalse();
        } finally {
            assertThat(context).isInstanceOf(ReferenceCounted.class);
            assertThat(((ReferenceCounted) context).release()).isTrue();
        }
    }

    /** Whether {@code type} or a superclass below {@code Object} declares {@code finalize()}. */
    private static boolean declaresFinalizer(Class<?> type) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.getName().equals("finalize") && m.getParameterCount() == 0) {
                    return true;
                }
            }
        }
        return false;
    }
}
