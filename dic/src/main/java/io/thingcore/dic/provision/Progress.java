package io.thingcore.dic.provision;

import java.io.PrintStream;

/** Hears about each step as it finishes; the CLI prints one line per step. */
@FunctionalInterface
public interface Progress {
    /**
     * Step {@code index} of {@code total} finished.
     *
     * @param title what the step does, e.g. "create policy DIC_POLICY"
     * @param outcome what happened, e.g. "created", "reused", "failed"
     */
    void step(int index, int total, String title, String outcome);

    /** Says nothing (for {@code --json}). */
    static Progress silent() {
        return (index, total, title, outcome) -> {};
    }

    /** {@code [3/9] create policy DIC_POLICY ... created}, one line per step. */
    static Progress lines(PrintStream out) {
        return (index, total, title, outcome) -> {
            out.println("[" + index + "/" + total + "] " + title + " ... " + outcome);
            out.flush();
        };
    }
}
