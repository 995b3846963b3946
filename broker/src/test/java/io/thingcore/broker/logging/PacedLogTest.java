package io.thingcore.broker.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class PacedLogTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger("paced-log-test");
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final AtomicLong now = new AtomicLong(1_000);
    private final PacedLog paced = new PacedLog(logger, 3, TimeUnit.SECONDS.toNanos(10), now::get);

    @BeforeEach
    void capture() {
        logger.setLevel(Level.INFO);
        appender.start();
        logger.addAppender(appender);
    }

    @AfterEach
    void release() {
        logger.detachAppender(appender);
    }

    private List<String> lines() {
        return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void aThousandRefusalsInOneIntervalWriteThreeLinesThenOneSummaryWithTheNextInterval() {
        for (int i = 0; i < 1000; i++) {
            paced.info("tls_refused", "refused {}", i);
        }
        assertThat(lines()).containsExactly("refused 0", "refused 1", "refused 2");

        now.addAndGet(TimeUnit.SECONDS.toNanos(11));
        paced.info("tls_refused", "refused {}", 1000);

        assertThat(lines())
                .containsExactly(
                        "refused 0",
                        "refused 1",
                        "refused 2",
                        "... and 997 more lines like the next one (tls_refused) in the last 11 s, not logged one by one",
                        "refused 1000");
    }

    @Test
    void aFloodOfOneKindLeavesAnotherKindItsOwnLines() {
        for (int i = 0; i < 100; i++) {
            paced.info("tls_refused", "refused {}", i);
        }
        paced.warn("keep_alive", "silent device");

        assertThat(lines()).hasSize(4).last().isEqualTo("silent device");
    }
}
