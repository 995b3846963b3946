package io.thingcore.api.http;

import io.netty.handler.codec.http.HttpMethod;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Method + path template → operation, matched on the RAW path: the path is split on {@code /} before each segment is
 * percent-decoded, so a label such as {@code arn%3Aaws%3Aiot%3Aus-east-1%3A123456789012%3Acert%2F<id>} is one segment
 * holding a whole ARN (botocore's {@code percent_encode} and the Java SDK's {@code SimpleTypePathMarshaller} encode
 * {@code /} in a label; docs/adr/0001-http-layer-on-netty-codec-http.md). Templates use {@code {name}} for a non-greedy
 * label, the only kind the IoT model has. A literal segment wins over a label in the same position. Filled once at
 * start-up, read concurrently afterwards.
 */
public final class RouteTable {
    private final List<Route> routes = new ArrayList<>();

    /** A registered route: {@code name} is the AWS operation name, for logs. */
    public record Route(HttpMethod method, String template, String name, Operation operation, List<String> segments) {}

    /** The outcome of matching a request line. */
    public sealed interface Match {
        record Found(Route route, Map<String, String> labels) implements Match {}

        /** The path is known, but not with this method. */
        record MethodNotAllowed(Set<HttpMethod> allowed) implements Match {}

        record NotFound() implements Match {}

        record BadPath(String reason) implements Match {}
    }

    public RouteTable add(HttpMethod method, String template, String name, Operation operation) {
        if (!template.startsWith("/")) {
            throw new IllegalArgumentException("template must start with /: " + template);
        }
        List<String> segments = List.of(template.substring(1).split("/", -1));
        for (Route route : routes) {
            if (route.method().equals(method) && route.segments().equals(segments)) {
                throw new IllegalArgumentException("duplicate route " + method + " " + template);
            }
        }
        routes.add(new Route(method, template, name, Objects.requireNonNull(operation), segments));
        return this;
    }

    public List<Route> routes() {
        return List.copyOf(routes);
    }

    public Match match(HttpMethod method, String rawPath) {
        if (rawPath.isEmpty() || rawPath.charAt(0) != '/') {
            return new Match.NotFound();
        }
        String[] raw = rawPath.substring(1).split("/", -1);
        Route best = null;
        int bestScore = -1;
        Set<HttpMethod> otherMethods = new LinkedHashSet<>();
        for (Route route : routes) {
            int score = score(route.segments(), raw);
            if (score < 0) {
                continue;
            }
            if (!route.method().equals(method)) {
                otherMethods.add(route.method());
            } else if (score > bestScore) {
                best = route;
                bestScore = score;
            }
        }
        if (best == null) {
            return otherMethods.isEmpty() ? new Match.NotFound() : new Match.MethodNotAllowed(otherMethods);
        }
        Map<String, String> labels = new HashMap<>();
        List<String> segments = best.segments();
        for (int i = 0; i < segments.size(); i++) {
            String segment = segments.get(i);
            if (isLabel(segment)) {
                String decoded = PercentCodec.decode(raw[i]);
                if (decoded == null) {
                    return new Match.BadPath("The path segment '" + raw[i] + "' has a malformed percent-encoding");
                }
                labels.put(segment.substring(1, segment.length() - 1), decoded);
            }
        }
        return new Match.Found(best, labels);
    }

    /** Number of literal segments matched, or -1; labels must be non-empty (SDKs refuse empty labels). */
    private static int score(List<String> template, String[] raw) {
        if (template.size() != raw.length) {
            return -1;
        }
        int literals = 0;
        for (int i = 0; i < raw.length; i++) {
            String segment = template.get(i);
            if (isLabel(segment)) {
                if (raw[i].isEmpty()) {
                    return -1;
                }
            } else if (segment.equals(raw[i])) {
                literals++;
            } else {
                return -1;
            }
        }
        return literals;
    }

    private static boolean isLabel(String segment) {
        return segment.length() > 2 && segment.charAt(0) == '{' && segment.charAt(segment.length() - 1) == '}';
    }
}
