package io.thingcore.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.epoll.Epoll;
import io.thingcore.testkit.net.NativeTransport;
import org.junit.jupiter.api.Test;

class GeneratorTest {
    /**
     * On NIO the generator's one core saturated first in fan-out and fan-in (93-98% against 87-92% on epoll, same
     * scenarios and machine), so a fallback would quietly turn broker figures into generator figures: the build fails
     * instead where Netty's epoll library is bundled.
     */
    @Test
    void onLinuxX8664_theGeneratorRunsOnEpoll() {
        NativeTransport.assumeEpollBundled("the generator");
        assertThat(Epoll.unavailabilityCause()).isNull();
        assertThat(Generator.EPOLL).isTrue();
    }
}
