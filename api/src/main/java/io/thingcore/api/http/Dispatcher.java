package io.thingcore.api.http;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.thingcore.api.auth.SigV4Verifier;
import io.thingcore.api.auth.SignedRequest;
import io.thingcore.api.dataplane.DataPlane;
import io.thingcore.api.ops.ApiCounters;
import io.thingcore.api.ops.AuditLog;
import io.thingcore.api.ops.CallOutcome;
import io.thingcore.logtext.LogText;
import io.thingcore.registry.Account;
import io.thingcore.registry.ErrorType;
import io.thingcore.registry.RegistryException;
import java.net.SocketAddress;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one received request into one response, on an API worker thread: SigV4 first (every path, known or not,
 * needs a valid signature, so an unsigned probe learns nothing), then the control plane's route or the data plane,
 * or the route table of another service contributed as a {@link RouteFamily} (by signing name), then the error
 * mapping. Unknown paths answer 404 {@code UnknownOperationException} (what AWS answers for an
 * operation it does not know) rather than ResourceNotFoundException, which SDK users read as "that thing does not
 * exist"; a known path with another method answers 405 {@code MethodNotAllowedException}. The one exception to
 * "SigV4 first" is an optional {@link Mount} (the web console): paths under its prefix are its own, and it
 * authenticates them itself (session cookie, CSRF token) before running the same operations through
 * {@link #dispatchAuthenticated}.
 */
public final class Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    /**
     * The signing names that select the control plane: {@code iot} in today's service model; {@code execute-api} in
     * the older models that AWS CLI v2 releases still ship (Debian's 2.9 signs {@code iot} calls with it).
     */
    public static final List<String> CONTROL_PLANE_SIGNING_NAMES = List.of("iot", "execute-api");

    private final SigV4Verifier verifier;
    private final Account account;
    private final RouteTable routes;
    private final Map<String, RouteTable> services;
    private final DataPlane dataPlane;
    private final List<Mount> mounts;
    private final ApiCounters counters;
    private final AuditLog audit = new AuditLog();

    /**
     * @param account the account of the access key the verifier accepts, and with its region the gateway's default
     *     namespace (the console's)
     */
    public Dispatcher(SigV4Verifier verifier, Account account, RouteTable routes, DataPlane dataPlane) {
        this(verifier, account, routes, dataPlane, null);
    }

    /** With a {@link Mount} (or null): requests under its prefix are its, authenticated by it instead of SigV4. */
    public Dispatcher(
            SigV4Verifier verifier, Account account, RouteTable routes, DataPlane dataPlane, @Nullable Mount mount) {
        this(
                verifier,
                account,
                routes,
                Map.of(),
                dataPlane,
                mount == null ? List.of() : List.of(mount),
                new ApiCounters());
    }

    /**
     * With the route tables of further services ({@link RouteFamily}), by SigV4 signing name: a request signed for one
     * of them is matched against its table after the signature is verified; with {@link Mount}s, asked in order (the
     * first that owns a path answers), and the counters every request is recorded in; control-plane writes and refused
     * signatures also get an {@link AuditLog} line.
     */
    public Dispatcher(
            SigV4Verifier verifier,
            Account account,
            RouteTable routes,
            Map<String, RouteTable> services,
            DataPlane dataPlane,
            List<Mount> mounts,
            ApiCounters counters) {
        this.verifier = verifier;
        this.account = account;
        this.routes = routes;
        this.services = Map.copyOf(services);
        this.dataPlane = dataPlane;
        this.mounts = List.copyOf(mounts);
        this.counters = counters;
    }

    public RouteTable routes() {
        return routes;
    }

    /**
     * One request as the event loop received it, with the route matched there.
     *
     * @param remoteAddress the connection's peer (for per-source limits such as the console's sign-in throttle)
     */
    public record Incoming(
            String requestId,
            HttpMethod method,
            String rawPath,
            String rawQuery,
            HttpHeaders headers,
            byte[] body,
            boolean secure,
            RouteTable.@Nullable Match match,
            SocketAddress remoteAddress) {}

    /** The reply of the first mount that owns the path, else {@link #dispatch}'s response. */
    public Mount.Reply reply(Incoming in) {
        for (Mount mount : mounts) {
            if (mount.owns(in.rawPath())) {
                try {
                    return mount.handle(in, this);
                } catch (RuntimeException e) {
                    LOG.error(
                            "{} {} failed (request {})",
                            LogText.of(in.method()),
                            LogText.of(in.rawPath()),
                            in.requestId(),
                            e);
                    return new Mount.Reply.Full(internalError(in));
                }
            }
        }
        return new Mount.Reply.Full(dispatch(in));
    }

    /** A request authenticated with SigV4: the control plane's route or the data plane. */
    public FullHttpResponse dispatch(Incoming in) {
        return run(in, operation -> {
            SigV4Verifier.Verified verified;
            try {
                verified = verifier.verify(new SignedRequest(
                        in.method().name(), in.rawPath(), in.rawQuery(), in.headers(), in.body(), in.secure()));
            } catch (ApiException e) {
                operation.signatureRefused(SigV4Verifier.claimedAccessKeyId(in.headers(), in.rawQuery()));
                throw e;
            }
            operation.principal = verified.accessKeyId();
            // The namespace: the access key's account (one access key, of the gateway's account) in the region of
            // the credential scope (the verifier refuses any other region than the gateway's, for now).
            ApiRequest request = request(in, new Account(account.accountId(), verified.region()));
            if (CONTROL_PLANE_SIGNING_NAMES.contains(verified.service())) {
                return controlPlane(in, request, operation);
            }
            RouteTable service = services.get(verified.service());
            if (service != null) {
                return controlPlane(withMatch(in, service), request, operation);
            }
            operation.name = "iotdata";
            return dataPlane.handle(request);
        });
    }

    /**
     * A control-plane request that a {@link Mount} has authenticated by its own means; {@code in.rawPath()} is the
     * operation's path (e.g. {@code /things}) and is matched here. Same operations, same AWS error shapes.
     */
    public FullHttpResponse dispatchAuthenticated(Incoming in) {
        Incoming routed = withMatch(in, routes);
        return run(routed, operation -> {
            operation.principal = "console:" + verifier.accessKeyId();
            return controlPlane(routed, request(routed, account), operation);
        });
    }

    /** {@code in} matched against {@code table} (the event loop matched it against the control plane's). */
    private static Incoming withMatch(Incoming in, RouteTable table) {
        return new Incoming(
                in.requestId(),
                in.method(),
                in.rawPath(),
                in.rawQuery(),
                in.headers(),
                in.body(),
                in.secure(),
                table.match(in.method(), in.rawPath()),
                in.remoteAddress());
    }

    private interface Step {
        ApiResponse run(Progress operation);
    }

    /** What a step found out about its request before it answered or failed. */
    private static final class Progress {
        String name = "-";

        @Nullable
        String principal;

        boolean signatureRefused;

        void signatureRefused(@Nullable String claimedAccessKeyId) {
            principal = claimedAccessKeyId;
            signatureRefused = true;
        }
    }

    private static ApiRequest request(Incoming in, Account namespace) {
        Map<String, List<String>> query = PercentCodec.parseQuery(in.rawQuery());
        if (query == null) {
            // SigV4 verification refuses it first; a mount's requests are not verified that way.
            throw ApiException.invalidRequest("The query string has a malformed percent-encoding");
        }
        return new ApiRequest(
                in.requestId(), in.method(), in.rawPath(), Map.of(), query, in.headers(), in.body(), namespace);
    }

    private static ApiResponse controlPlane(Incoming in, ApiRequest request, Progress operation) {
        RouteTable.Match.Found found = found(in);
        operation.name = found.route().name();
        return found.route().operation().handle(request.withLabels(found.labels()));
    }

    private FullHttpResponse run(Incoming in, Step step) {
        long start = System.nanoTime();
        FullHttpResponse response;
        Progress operation = new Progress();
        try {
            response = Responses.ok(step.run(operation), in.requestId());
        } catch (ApiException e) {
            response = Responses.error(e, in.requestId());
        } catch (RegistryException e) {
            response = Responses.error(ApiException.from(e), in.requestId());
        } catch (RuntimeException e) {
            LOG.error(
                    "{} {} {} failed (request {})",
                    operation.name,
                    LogText.of(in.method()),
                    LogText.of(in.rawPath()),
                    in.requestId(),
                    e);
            response = internalError(in);
        }
        String errorType = response.headers().get(Responses.ERROR_TYPE);
        CallOutcome outcome = new CallOutcome(
                operation.name,
                operation.principal,
                in.method(),
                in.rawPath(),
                response.status().code(),
                errorType,
                operation.signatureRefused,
                in.remoteAddress());
        counters.record(outcome);
        audit.record(outcome);
        if (LOG.isDebugEnabled()) {
            LOG.debug(
                    "{} {} {} -> {} {} in {} us (request {})",
                    operation.name,
                    LogText.of(in.method()),
                    LogText.of(in.rawPath()),
                    response.status().code(),
                    response.headers().get(Responses.ERROR_TYPE, ""),
                    (System.nanoTime() - start) / 1000,
                    in.requestId());
        }
        return response;
    }

    private static FullHttpResponse internalError(Incoming in) {
        return Responses.error(
                ApiException.of(ErrorType.INTERNAL_FAILURE, "An internal error occurred; request id " + in.requestId()),
                in.requestId());
    }

    private static RouteTable.Match.Found found(Incoming in) {
        RouteTable.Match match = in.match();
        if (match == null) {
            throw new IllegalStateException("request " + in.requestId() + " reached routing without a route match");
        }
        return switch (match) {
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
