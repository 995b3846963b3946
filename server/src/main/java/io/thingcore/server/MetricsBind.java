package io.thingcore.server;

/**
 * {@code --metrics-bind}: where the operator endpoints get a listener of their own. A bare port binds loopback only:
 * metrics reach a public interface only when its address is written out.
 */
record MetricsBind(String host, int port) {
    static MetricsBind parse(String value) {
        String v = value.trim();
        int colon = v.lastIndexOf(':');
        String host = colon < 0 ? "127.0.0.1" : v.substring(0, colon);
        String port = colon < 0 ? v : v.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int number;
        try {
            number = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            number = -1;
        }
        if (host.isEmpty() || number < 0 || number > 65535) {
            throw new IllegalArgumentException(
                    "--metrics-bind must be HOST:PORT or PORT (port 0..65535), got '" + value + "'");
        }
        return new MetricsBind(host, number);
    }
}
