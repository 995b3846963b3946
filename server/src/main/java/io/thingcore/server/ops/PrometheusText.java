package io.thingcore.server.ops;

import java.util.Locale;

/**
 * A writer of the Prometheus text exposition format, version 0.0.4 (Prometheus documentation, "Exposition formats"):
 * one {@code # HELP} and one {@code # TYPE} line per family, then one line per sample, label values escaped
 * (backslash, double quote, line feed). Small enough to write by hand rather than add a metrics library for
 * (docs/adr/0012-metrics-and-health-endpoints.md).
 */
final class PrometheusText {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final StringBuilder out = new StringBuilder(8192);

    /** Starts a family: {@code type} is {@code counter} or {@code gauge}. */
    PrometheusText family(String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        return this;
    }

    PrometheusText sample(String name, double value, String... labelPairs) {
        out.append(name);
        if (labelPairs.length > 0) {
            out.append('{');
            for (int i = 0; i < labelPairs.length; i += 2) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(labelPairs[i]).append("=\"");
                escape(labelPairs[i + 1]);
                out.append('"');
            }
            out.append('}');
        }
        out.append(' ').append(format(value)).append('\n');
        return this;
    }

    private void escape(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
    }

    private static String format(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return String.format(Locale.ROOT, "%s", value);
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
