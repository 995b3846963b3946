package io.thingcore.cli.logging;

import ch.qos.logback.classic.ClassicConstants;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.core.spi.ContextAwareBase;
import org.jspecify.annotations.Nullable;

/**
 * The gateway's logging from the first line on, before any option is read: text on stderr behind a non-blocking
 * asynchronous appender, Netty and HikariCP at WARN, the root logger at {@value #LEVEL_VARIABLE} ({@code INFO} when
 * unset; a system property of that name wins, as it did in the XML file this replaces). logback finds it through
 * {@code META-INF/services}, before its own XML configurator: parsing that file (Joran) took 66 ms of the gateway's
 * start on one core, by logback's own status report ({@code -Dlogback.debug=true}).
 *
 * <p>It steps aside for an operator's file ({@code -Dlogback.configurationFile}) and for a {@code logback-test.xml} on
 * the class path (the modules' tests), which logback then reads as before.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class DefaultLogging extends ContextAwareBase implements Configurator {
    /** The root level's environment variable (and system property). */
    public static final String LEVEL_VARIABLE = "THINGCORE_LOG_LEVEL";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty(ClassicConstants.CONFIG_FILE_PROPERTY) != null
                || DefaultLogging.class.getClassLoader().getResource(ClassicConstants.TEST_AUTOCONFIG_FILE) != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        LogOutput.configureDefault(context, level());
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private static @Nullable String level() {
        String property = System.getProperty(LEVEL_VARIABLE);
        return property != null ? property : System.getenv(LEVEL_VARIABLE);
    }
}
