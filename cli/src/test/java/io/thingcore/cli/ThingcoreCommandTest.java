package io.thingcore.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ThingcoreCommandTest {

    @Test
    void aCallOfOneSubcommandBuildsOnlyThatSubcommand() {
        CommandLine commandLine = ThingcoreCommand.commandLineFor(new String[] {"server", "--port", "8883"});

        assertThat(commandLine.getSubcommands()).containsOnlyKeys("server");
    }

    @Test
    void theRootsHelpHelpAndAMistypedNameGetTheWholeTree() {
        int all = ThingcoreCommand.SUBCOMMANDS.size();
        for (String[] args : new String[][] {{}, {"--help"}, {"help", "dic"}, {"dicc"}, {"-V"}}) {
            assertThat(ThingcoreCommand.commandLineFor(args).getSubcommands())
                    .as(String.join(" ", args))
                    .hasSize(all);
        }
    }

    @Test
    void aSubcommandBuiltAloneHasTheUsageItHasInTheWholeTree() {
        for (Class<?> subcommand : ThingcoreCommand.SUBCOMMANDS) {
            String name = subcommand.getAnnotation(CommandLine.Command.class).name();
            if (name.equals("help")) {
                continue;
            }
            CommandLine alone = ThingcoreCommand.commandLineFor(new String[] {name});

            assertThat(usage(alone.getSubcommands().get(name)))
                    .as(name)
                    .isEqualTo(usage(
                            ThingcoreCommand.commandLine().getSubcommands().get(name)));
        }
    }

    @Test
    void aSubcommandBuiltAloneStillAcceptsEnumValuesInAnyCase() {
        assertThat(ThingcoreCommand.commandLineFor(new String[] {"server"})
                        .getSubcommands()
                        .get("server")
                        .isCaseInsensitiveEnumValuesAllowed())
                .isTrue();
    }

    private static String usage(CommandLine commandLine) {
        StringWriter out = new StringWriter();
        commandLine.usage(new PrintWriter(out));
        return out.toString();
    }
}
