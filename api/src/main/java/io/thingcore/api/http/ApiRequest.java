package io.thingcore.api.http;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.thingcore.registry.Account;
import io.thingcore.registry.PageRequest;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One authenticated request as an operation sees it: decoded path labels, decoded query parameters, headers and the
 * raw body. Immutable; built on the event loop, read on a worker thread.
 */
public final class ApiRequest {
    private final String requestId;
    private final HttpMethod method;
    private final String rawPath;
    private final Map<String, String> labels;
    private final Map<String, List<String>> query;
    private final HttpHeaders headers;
    private final byte[] body;
    private final Account namespace;
    private @Nullable JsonBody json;

    public ApiRequest(
            String requestId,
            HttpMethod method,
            String rawPath,
            Map<String, String> labels,
            Map<String, List<String>> query,
            HttpHeaders headers,
            byte[] body,
            Account namespace) {
        this.requestId = requestId;
        this.method = method;
        this.rawPath = rawPath;
        this.labels = Map.copyOf(labels);
        this.query = query;
        this.headers = headers;
        this.body = body;
        this.namespace = namespace;
    }

    /**
     * The namespace the request acts in: the account of its access key and the region of its SigV4 credential scope
     * (or, for the console, the gateway's own account and region).
     */
    public Account namespace() {
        return namespace;
    }

    public String requestId() {
        return requestId;
    }

    public HttpMethod method() {
        return method;
    }

    public String rawPath() {
        return rawPath;
    }

    public HttpHeaders headers() {
        return headers;
    }

    public byte[] body() {
        return body;
    }

    /** A decoded path label, e.g. a whole certificate ARN from {@code arn%3Aaws%3A...%3Acert%2F<id>}. */
    public String label(String name) {
        String value = labels.get(name);
        if (value == null) {
            throw new IllegalStateException("route has no label " + name);
        }
        return value;
    }

    public ApiRequest withLabels(Map<String, String> newLabels) {
        return new ApiRequest(requestId, method, rawPath, newLabels, query, headers, body, namespace);
    }

    public @Nullable String query(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public String requiredQuery(String name) {
        String value = query(name);
        if (value == null) {
            throw ApiException.invalidRequest("Query parameter '" + name + "' is required");
        }
        return value;
    }

    public boolean queryBool(String name, boolean absent) {
        String value = query(name);
        return value == null ? absent : Params.bool(name, value);
    }

    public @Nullable Long queryLong(String name) {
        String value = query(name);
        return value == null ? null : Params.longValue(name, value);
    }

    public <E extends Enum<E>> @Nullable E queryEnum(String name, Class<E> type) {
        String value = query(name);
        return value == null ? null : Params.enumValue(name, value, type);
    }

    public String header(String name) {
        return headers.get(name);
    }

    /** A required header member, named by its model member name in the error (e.g. {@code principal}). */
    public String requiredHeader(String name, String member) {
        String value = headers.get(name);
        if (value == null || value.isEmpty()) {
            throw ApiException.invalidRequest("Member '" + member + "' (header " + name + ") is required");
        }
        return value;
    }

    /** The JSON body, parsed once; empty body and {@code {}} alike. */
    public JsonBody json() {
        if (json == null) {
            json = JsonBody.parse(body);
        }
        return json;
    }

    /**
     * {@code marker}/{@code pageSize}(1..250)[/{@code isAscendingOrder}] pagination (AWS IoT API Reference, e.g.
     * ListCertificates).
     */
    public PageRequest markerPage(boolean hasOrder) {
        return page("marker", "pageSize", hasOrder && !queryBool("isAscendingOrder", false));
    }

    /** {@code nextToken}/{@code maxResults}(1..250) pagination, in creation order. */
    public PageRequest tokenPage() {
        return page("nextToken", "maxResults", false);
    }

    private PageRequest page(String tokenName, String sizeName, boolean descending) {
        String size = query(sizeName);
        Integer pageSize = size == null ? null : Params.intInRange(sizeName, size, 1, PageRequest.MAX_SIZE);
        String token = query(tokenName);
        return new PageRequest(token == null || token.isEmpty() ? null : token, pageSize, !descending);
    }
}
