package io.thingcore.dic.simulator;

import java.util.List;

/**
 * What an app does with one command: the state messages to publish (none when nothing changed or the command is
 * ignored) and a line for the log.
 */
public record Reaction(List<StateMessage> publish, String log) {
    public Reaction {
        publish = List.copyOf(publish);
    }

    static Reaction ignored(String log) {
        return new Reaction(List.of(), log);
    }
}
