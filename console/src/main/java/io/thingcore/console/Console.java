package io.thingcore.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.thingcore.api.http.ApiException;
import io.thingcore.api.http.Dispatcher;
import io.thingcore.api.http.Json;
import io.thingcore.api.http.Mount;
import io.thingcore.api.http.PercentCodec;
import io.thingcore.api.http.Responses;
import io.thingcore.console.dashboard.DashboardHistory;
import io.thingcore.console.messaging.ConsoleMessaging;
import io.thingcore.console.messaging.EventStream;
import io.thingcore.console.session.Session;
import io.thingcore.console.session.SessionStore;
import io.thingcore.console.session.SignInGuard;
import io.thingcore.console.web.Http;
import io.thingcore.console.web.StaticFiles;
import io.thingcore.pki.Pem;
import io.thingcore.pki.PkiException;
import io.thingcore.policy.MalformedPolicyException;
import io.thingcore.policy.PolicyDocument;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web console, mounted on the API port at {@code /console}:
 *
 * <ul>
 *   <li>{@code GET /console/} the app (signed in) or a redirect to {@code /console/sign-in}; {@code GET
 *       /console/assets/<file>} the front end's static files (no data in them);
 *   <li>{@code POST|GET|DELETE /console/session}: sign in (access key ID and secret), the page's CSRF token, sign out;
 *   <li>{@code /console/api/<operation path>}: the AWS IoT control-plane operations of the API's route table, same
 *       paths, query and bodies as the SDK, authenticated by the session instead of SigV4;
 *   <li>{@code /console/gateway/...}: what the API has no operation for: settings, the server CA, policy validation,
 *       the subject and issuer of a certificate PEM
 *       as you type, the dashboard's last hour ({@link DashboardHistory}), and the broker ({@link ConsoleMessaging}:
 *       connections, refused connections, publish, live messages as server-sent events).
 * </ul>
 *
 * Every answer under {@code /console/api} and {@code /console/gateway} needs a live session; every state change also
 * needs the session's CSRF token in {@code x-thingcore-csrf} and a same-origin request. Errors have AWS's shape.
 */
public final class Console implements Mount {
    private static final Logger LOG = LoggerFactory.getLogger(Console.class);
    public static final String PREFIX = "/console";

    private final ConsoleSettings settings;
    private final ConsoleMessaging messaging;
    private final SessionStore sessions;
    private final SignInGuard guard;
    private final StaticFiles files = new StaticFiles();
    private final @Nullable DashboardHistory dashboard;

    /**
     * @param messaging the broker for the Connections page and the MQTT test client, or null: those pages then say
     *     they are not available
     */
    public Console(ConsoleSettings settings, ConsoleMessaging messaging, Clock clock) {
        this(settings, messaging, new SessionStore(clock), clock);
    }

    public Console(ConsoleSettings settings, ConsoleMessaging messaging, SessionStore sessions, Clock clock) {
        this(settings, messaging, sessions, null, clock);
    }

    /**
     * @param dashboard the gateway's recent readings for the dashboard, or null: the dashboard then says they are not
     *     available
     */
    public Console(
            ConsoleSettings settings,
            ConsoleMessaging messaging,
            SessionStore sessions,
            @Nullable DashboardHistory dashboard,
            Clock clock) {
        this.settings = settings;
        this.messaging = messaging;
        this.sessions = sessions;
        this.dashboard = dashboard;
        this.guard = new SignInGuard(settings.accessKeyId(), settings.secretAccessKey(), clock);
    }

    @Override
    public String prefix() {
        return PREFIX;
    }

    public SessionStore sessions() {
        return sessions;
    }

    @Override
    public Reply handle(Dispatcher.Incoming in, Dispatcher dispatcher) {
        try {
            return route(in, dispatcher);
        } catch (ApiException e) {
            return full(error(e, in));
        } catch (IllegalArgumentException e) {
            return full(error(ApiException.invalidRequest(e), in));
        }
    }

    private Reply route(Dispatcher.Incoming in, Dispatcher dispatcher) {
        String path = in.rawPath().substring(PREFIX.length());
        HttpMethod method = in.method();
        if (path.isEmpty()) {
            return full(Http.redirect(HttpResponseStatus.MOVED_PERMANENTLY, PREFIX + "/"));
        }
        if (path.equals("/") || path.equals("/index.html")) {
            requireGet(in);
            if (session(in).isEmpty()) {
                return full(Http.redirect(HttpResponseStatus.SEE_OTHER, PREFIX + "/sign-in"));
            }
            return full(asset("index.html", in));
        }
        if (path.equals("/sign-in")) {
            requireGet(in);
            return full(asset("sign-in.html", in));
        }
        if (path.startsWith("/assets/")) {
            requireGet(in);
            return full(asset(path.substring("/assets/".length()), in));
        }
        if (path.equals("/session")) {
            return full(session(in, method));
        }
        if (path.startsWith("/api/") || path.startsWith("/gateway/")) {
            if (!Http.sameOrigin(in.headers(), in.secure(), false)) {
                throw new ApiException("AccessDeniedException", 403, "Cross-site request refused");
            }
            Session session = session(in)
                    .orElseThrow(() -> new ApiException(
                            "UnauthorizedException",
                            401,
                            "Sign in to the console first (or again: the session ended)"));
            if (!method.equals(HttpMethod.GET) && !method.equals(HttpMethod.HEAD)) {
                String token = in.headers().get(Http.CSRF_HEADER);
                if (!SessionStore.sameSecret(token, session.csrfToken())) {
                    throw new ApiException("AccessDeniedException", 403, "Missing or invalid CSRF token");
                }
            }
            if (path.startsWith("/api/")) {
                Dispatcher.Incoming operation = new Dispatcher.Incoming(
                        in.requestId(),
                        method,
                        path.substring("/api".length()),
                        in.rawQuery(),
                        in.headers(),
                        in.body(),
                        in.secure(),
                        null,
                        in.remoteAddress());
                return full(Http.secure(dispatcher.dispatchAuthenticated(operation)));
            }
            return gateway(in, path.substring("/gateway".length()), session);
        }
        throw notFound(in);
    }

    private static ApiException notFound(Dispatcher.Incoming in) {
        return new ApiException("NotFoundException", 404, "The console has no page " + in.rawPath());
    }

    private static void requireGet(Dispatcher.Incoming in) {
        if (!in.method().equals(HttpMethod.GET)) {
            throw new ApiException("MethodNotAllowedException", 405, "Only GET is allowed on " + in.rawPath());
        }
    }

    private Optional<Session> session(Dispatcher.Incoming in) {
        return sessions.find(Http.sessionId(in.headers()));
    }

    private FullHttpResponse asset(String name, Dispatcher.Incoming in) {
        StaticFiles.File file = files.get(name).orElseThrow(() -> notFound(in));
        if (file.etag().equals(in.headers().get(HttpHeaderNames.IF_NONE_MATCH))) {
            FullHttpResponse notModified = Http.bytes(HttpResponseStatus.NOT_MODIFIED, new byte[0], file.contentType());
            notModified.headers().remove(HttpHeaderNames.CONTENT_LENGTH);
            notModified.headers().set(HttpHeaderNames.ETAG, file.etag()).set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
            return notModified;
        }
        FullHttpResponse response = Http.bytes(HttpResponseStatus.OK, file.bytes(), file.contentType());
        // HTML may differ by session (redirects), so it is never stored; the rest is revalidated by ETag
        response.headers()
                .set(HttpHeaderNames.ETAG, file.etag())
                .set(HttpHeaderNames.CACHE_CONTROL, name.endsWith(".html") ? "no-store" : "no-cache");
        return response;
    }

    // ---- session: sign in, the page's token, sign out

    private FullHttpResponse session(Dispatcher.Incoming in, HttpMethod method) {
        if (!Http.sameOrigin(in.headers(), in.secure(), false)) {
            throw new ApiException("AccessDeniedException", 403, "Cross-site request refused");
        }
        if (method.equals(HttpMethod.POST)) {
            return signIn(in);
        }
        Session session =
                session(in).orElseThrow(() -> new ApiException("UnauthorizedException", 401, "Not signed in"));
        if (method.equals(HttpMethod.GET)) {
            return json(sessionBody(session), in);
        }
        if (method.equals(HttpMethod.DELETE)) {
            if (!SessionStore.sameSecret(in.headers().get(Http.CSRF_HEADER), session.csrfToken())) {
                throw new ApiException("AccessDeniedException", 403, "Missing or invalid CSRF token");
            }
            sessions.remove(session);
            FullHttpResponse response = json(Json.object(), in);
            response.headers().set(HttpHeaderNames.SET_COOKIE, Http.sessionCookie("", in.secure(), Duration.ZERO));
            return response;
        }
        throw new ApiException("MethodNotAllowedException", 405, "Use POST, GET or DELETE on /console/session");
    }

    private FullHttpResponse signIn(Dispatcher.Incoming in) {
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(in.body());
        } catch (java.io.IOException e) {
            throw ApiException.invalidRequest("The body must be JSON with accessKeyId and secretAccessKey");
        }
        String keyId = body != null && body.path("accessKeyId").isTextual()
                ? body.get("accessKeyId").asText()
                : "";
        String secret = body != null && body.path("secretAccessKey").isTextual()
                ? body.get("secretAccessKey").asText()
                : "";
        InetAddress source = in.remoteAddress() instanceof InetSocketAddress address ? address.getAddress() : null;
        switch (guard.attempt(source, keyId, secret)) {
            case SIGNED_IN -> {
                SessionStore.Created created = sessions.create();
                FullHttpResponse response = json(sessionBody(created.session()), in);
                response.headers()
                        .set(
                                HttpHeaderNames.SET_COOKIE,
                                Http.sessionCookie(created.id(), in.secure(), sessions.absoluteTimeout()));
                LOG.info("console: signed in from {} (request {})", where(source), in.requestId());
                return response;
            }
            case REFUSED -> {
                LOG.warn("console: sign-in refused from {} (request {})", where(source), in.requestId());
                throw new ApiException("UnauthorizedException", 401, "Sign-in failed");
            }
            case THROTTLED -> {
                // not a WARN: a throttled attempt costs its sender nothing, so these lines must not flood the log
                LOG.debug("console: sign-in throttled from {} (request {})", where(source), in.requestId());
                throw new ApiException(
                        "ThrottlingException",
                        429,
                        "Too many failed sign-ins from this address; wait a minute and try again");
            }
        }
        throw new IllegalStateException();
    }

    private static String where(@Nullable InetAddress source) {
        return source == null ? "an unknown address" : source.getHostAddress();
    }

    private ObjectNode sessionBody(Session session) {
        ObjectNode body = Json.object();
        body.put("csrfToken", session.csrfToken());
        body.put("accessKeyId", settings.accessKeyId());
        body.put("idleTimeoutSeconds", sessions.idleTimeout().toSeconds());
        return body;
    }

    // ---- /console/gateway/...: what the API has no operation for

    private Reply gateway(Dispatcher.Incoming in, String path, Session session) {
        HttpMethod method = in.method();
        Map<String, List<String>> query = PercentCodec.parseQuery(in.rawQuery());
        if (path.equals("/settings") && method.equals(HttpMethod.GET)) {
            ObjectNode body = Json.object();
            body.put("region", settings.region());
            body.put("accountId", settings.accountId());
            body.put("mqttHost", settings.mqttHost());
            body.put("mqttPort", settings.mqttPort());
            body.put("messagingAvailable", messaging != null);
            return full(json(body, in));
        }
        if (path.equals("/dashboard") && method.equals(HttpMethod.GET)) {
            if (dashboard == null) {
                throw new ApiException(
                        "ServiceUnavailableException", 503, "Not available: this gateway keeps no dashboard readings");
            }
            return full(json(dashboard.json(), in));
        }
        if (path.equals("/server-ca.pem") && method.equals(HttpMethod.GET)) {
            FullHttpResponse response = Http.bytes(
                    HttpResponseStatus.OK,
                    settings.serverCaPem().getBytes(StandardCharsets.UTF_8),
                    "application/x-pem-file");
            response.headers().set(HttpHeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"server-ca.pem\"");
            return full(response);
        }
        if (path.equals("/validate-policy") && method.equals(HttpMethod.POST)) {
            // the registry's own parser (PolicyDocument.parse): the message is CreatePolicy's MalformedPolicyException
            ObjectNode body = Json.object();
            try {
                PolicyDocument.parse(new String(in.body(), StandardCharsets.UTF_8));
                body.put("valid", true);
            } catch (MalformedPolicyException e) {
                body.put("valid", false);
                body.put("message", e.getMessage());
            }
            return full(json(body, in));
        }
        if (path.equals("/certificate-fields") && method.equals(HttpMethod.POST)) {
            // Describe* return the PEM only; the pages show subject and issuer as the AWS console does.
            X509Certificate certificate;
            try {
                certificate = Pem.readCertificate(new String(in.body(), StandardCharsets.UTF_8));
            } catch (PkiException e) {
                throw ApiException.invalidRequest(e);
            }
            ObjectNode body = Json.object();
            body.put("subject", certificate.getSubjectX500Principal().getName(X500Principal.RFC2253));
            body.put("issuer", certificate.getIssuerX500Principal().getName(X500Principal.RFC2253));
            body.put("serialNumber", certificate.getSerialNumber().toString(16));
            body.put("version", certificate.getVersion());
            return full(json(body, in));
        }
        if (path.equals("/connections") && method.equals(HttpMethod.GET)) {
            ArrayNode list = Json.array();
            for (ConsoleMessaging.ClientConnection c : messaging().connections()) {
                ObjectNode item = list.addObject();
                Json.put(item, "clientId", c.clientId());
                Json.put(item, "thingName", c.thingName());
                Json.put(item, "certificateId", c.certificateId());
                Json.put(item, "remoteAddress", c.remoteAddress());
                Json.put(item, "connectedAt", c.connectedAt());
                item.set("subscriptions", Json.strings(c.subscriptions() == null ? List.of() : c.subscriptions()));
                item.put("keepAliveRequested", c.requestedKeepAlive());
                item.put("keepAliveApplied", c.appliedKeepAlive());
                Json.put(item, "lastActivity", c.lastActivity());
            }
            ObjectNode body = Json.object();
            body.set("connections", list);
            return full(json(body, in));
        }
        if (path.equals("/refused-connections") && method.equals(HttpMethod.GET)) {
            ArrayNode list = Json.array();
            for (ConsoleMessaging.RefusedConnection r : messaging().refusedConnections()) {
                ObjectNode item = list.addObject();
                Json.put(item, "at", r.at());
                Json.put(item, "remoteAddress", r.remoteAddress());
                Json.put(item, "certificateId", r.certificateId());
                Json.put(item, "subjectCommonName", r.subjectCommonName());
                Json.put(item, "sni", r.sni());
                Json.put(item, "reason", r.reason());
                Json.put(item, "detail", r.detail());
                Json.put(item, "fix", r.fix());
            }
            ObjectNode body = Json.object();
            body.set("refusedConnections", list);
            return full(json(body, in));
        }
        if (path.startsWith("/last-seen/") && method.equals(HttpMethod.GET)) {
            String clientId = PercentCodec.decode(path.substring("/last-seen/".length()));
            if (clientId == null || clientId.isEmpty()) {
                throw ApiException.invalidRequest("The client ID in the path is malformed");
            }
            ObjectNode body = Json.object();
            Json.put(body, "lastSeen", messaging().lastSeen(clientId));
            return full(json(body, in));
        }
        if (path.startsWith("/connections/") && method.equals(HttpMethod.DELETE)) {
            String clientId = PercentCodec.decode(path.substring("/connections/".length()));
            if (clientId == null || clientId.isEmpty()) {
                throw ApiException.invalidRequest("The client ID in the path is malformed");
            }
            ObjectNode body = Json.object();
            body.put("disconnected", messaging().disconnect(clientId));
            return full(json(body, in));
        }
        if (path.equals("/publish") && method.equals(HttpMethod.POST)) {
            JsonNode body;
            try {
                body = Json.MAPPER.readTree(in.body());
            } catch (java.io.IOException e) {
                throw ApiException.invalidRequest("The body must be JSON with topic, payload, qos and retain");
            }
            String topic = body == null ? null : body.path("topic").asText(null);
            if (topic == null || topic.isEmpty()) {
                throw ApiException.invalidRequest("Member 'topic' is required");
            }
            int qos = body.path("qos").asInt(0);
            if (qos != 0 && qos != 1) {
                throw ApiException.invalidRequest("Member 'qos' must be 0 or 1");
            }
            byte[] payload = body.path("payload").asText("").getBytes(StandardCharsets.UTF_8);
            messaging().publish(topic, payload, qos, body.path("retain").asBoolean(false));
            return full(json(Json.object(), in));
        }
        if (path.equals("/subscribe") && method.equals(HttpMethod.GET)) {
            if (query == null) {
                throw ApiException.invalidRequest("The query string has a malformed percent-encoding");
            }
            List<String> filters = query.get("filter");
            String filter = filters == null || filters.isEmpty() ? null : filters.get(0);
            if (filter == null || filter.isEmpty()) {
                throw ApiException.invalidRequest("Query parameter 'filter' is required");
            }
            ConsoleMessaging broker = messaging();
            EventStream stream = new EventStream(() -> sessions.isLive(session));
            stream.subscription(broker.subscribe(filter, stream::offer));
            return new Reply.Stream(EventStream.head(), stream::attach);
        }
        throw notFound(in);
    }

    private ConsoleMessaging messaging() {
        if (messaging == null) {
            throw new ApiException(
                    "ServiceUnavailableException",
                    503,
                    "Not available: this gateway has not connected the console to its MQTT broker");
        }
        return messaging;
    }

    private static FullHttpResponse json(ObjectNode body, Dispatcher.Incoming in) {
        FullHttpResponse response = Http.bytes(HttpResponseStatus.OK, Json.bytes(body), "application/json");
        response.headers().set(Responses.REQUEST_ID, in.requestId());
        return response;
    }

    private static FullHttpResponse error(ApiException e, Dispatcher.Incoming in) {
        return Http.secure(Responses.error(e, in.requestId()));
    }

    private static Reply full(FullHttpResponse response) {
        return new Reply.Full(response);
    }
}
