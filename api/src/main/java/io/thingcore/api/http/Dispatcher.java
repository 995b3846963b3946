package io.thingcore.api.http;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.thingcore.api.auth.SigV4Verifier;
import io.thingcore.api.auth.SignedRequest;
import io.thingcore.api.dataplane.DataPlane;
import io.thingcore.registry.ErrorType;
import io.thingcore.registry.RegistryException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one received request into one response, on an API worker thread: SigV4 first (every path, known or not,
 * needs a valid signature, so an unsigned probe learns nothing), then the control plane's route or the data plane,
 * then the error mapping. Unknown paths answer 404 {@code UnknownOperationException} (what AWS answers for an
 * operation it does not know) rather than ResourceNotFoundException, which SDK users read as "that thing does not
 * exist"; a known path with another method answers 405 {@code MethodNotAllowedException}.
 */
public final class Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    /**
     * The signing names that select the control plane: {@code iot} in today's service model; {@code execute-api} in
     * the older models that AWS CLI v2 releases still ship (Debian's 2.9 signs {@code iot} calls with it).
     */
    public static final List<String> CONTROL_PLANE_SIGNING_NAMES = List.of("iot", "execute-api");

    private final SigV4Verifier verifier;
    private final RouteTable routes;
    private final DataPlane dataPlane;

    public Dispatcher(SigV4Verifier verifier, RouteTable routes, DataPlane dataPlane) {
        this.verifier = verifier;
        this.routes = routes;
        this.dataPlane = dataPlane;
    }

    public RouteTable routes() {
        return routes;
    }

    /** One request as the event loop received it, with the route matched there. */
    public record Incoming(
            String requestId,
            HttpMethod method,
            String rawPath,
            String rawQuery,
            HttpHeaders headers,
            byte[] body,
            boolean secure,
            RouteTable.Match match) {}

    public FullHttpResponse dispatch(Incoming in) {
        long start = System.nanoTime();
        FullHttpResponse response;
        String operation = "-";
        try {
            SigV4Verifier.Verified verified = verifier.verify(new SignedRequest(
                    in.method().name(), in.rawPath(), in.rawQuery(), in.headers(), in.body(), in.secure()));
            Map<String, List<String>> query = PercentCodec.parseQuery(in.rawQuery());
            ApiRequest request =
                    new ApiRequest(in.requestId(), in.method(), in.rawPath(), Map.of(), query, in.headers(), in.body());
            if (CONTROL_PLANE_SIGNING_NAMES.contains(verified.service())) {
                RouteTable.Match.Found found = found(in);
                operation = found.route().name();
                response = Responses.ok(
                        found.route().operation().handle(request.withLabels(found.labels())), in.requestId());
            } else {
                operation = "iotdata";
                response = Responses.ok(dataPlane.handle(request), in.requestId());
            }
        } catch (ApiException e) {
            response = Responses.error(e, in.requestId());
        } catch (RegistryException e) {
            response = Responses.error(ApiException.from(e), in.requestId());
        } catch (RuntimeException e) {
            LOG.error("{} {} {} failed (request {})", operation, in.method(), in.rawPath(), in.requestId(), e);
            response = Responses.error(
                    ApiException.of(
                            ErrorType.INTERNAL_FAILURE, "An internal error occurred; request id " + in.requestId()),
                    in.requestId());
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug(
                    "{} {} {} -> {} {} in {} us (request {})",
                    operation,
                    in.method(),
                    in.rawPath(),
                    response.status().code(),
                    response.headers().get(Responses.ERROR_TYPE, ""),
                    (System.nanoTime() - start) / 1000,
                    in.requestId());
        }
        return response;
    }

    private static RouteTable.Match.Found found(Incoming in) {
        return switch (in.match()) {
            case RouteTable.Match.Found found -> found;
            case RouteTable.Match.MethodNotAllowed m ->
                throw new ApiException(
                        "MethodNotAllowedException",
                        405,
                        "The method " + in.method() + " is not allowed on " + in.rawPath() + "; allowed: "
                                + m.allowed().stream().map(HttpMethod::name).collect(Collectors.joining(", ")));
            case RouteTable.Match.NotFound n ->
                throw new ApiException(
                        "UnknownOperationException",
                        404,
                        "No operation of this gateway matches " + in.method() + " " + in.rawPath());
            case RouteTable.Match.BadPath bad -> throw ApiException.invalidRequest(bad.reason());
        };
    }
}
