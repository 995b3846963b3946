package io.thingcore.bench.load;

import java.io.PrintStream;
import java.util.Locale;

/** Progress lines for the person running the comparison. */
@FunctionalInterface
public interface Log {
    void print(String text);

    default void line(String format, Object... args) {
        print(String.format(Locale.ROOT, format, args));
    }

    static Log to(PrintStream out) {
        return text -> {
            out.println(text);
            out.flush();
        };
    }
}
