package io.thingcore.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.thingcore.api.ApiConfig;
import io.thingcore.api.ApiServer;
import io.thingcore.api.dataplane.DataPlane;
import io.thingcore.console.dashboard.CertificateExpiries;
import io.thingcore.console.dashboard.DashboardHistory;
import io.thingcore.console.dashboard.GatewayReadings;
import io.thingcore.console.messaging.ConsoleMessaging;
import io.thingcore.console.session.SessionStore;
import io.thingcore.pki.CertificateAuthority;
import io.thingcore.pki.Pem;
import io.thingcore.registry.Account;
import io.thingcore.registry.jdbc.JdbcRegistry;
import io.thingcore.testkit.pki.TestCa;
import io.thingcore.testkit.pki.TestPki;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console on a real API server (ephemeral port, SQLite registry): sign-in, session, CSRF, same-origin checks,
 * static files, security headers, the API's operations under {@code /console/api}, and the broker endpoints with a
 * fake {@link ConsoleMessaging}.
 */
class ConsoleHttpTest {
    static final Account ACCOUNT = new Account("123456789012", "us-east-1");
    static final String KEY = "AKIACONSOLETEST";
    static final String SECRET = "console/test+secret";
    static final String POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\","
            + "\"Resource\":\"*\"}]}";

    @TempDir
    Path dir;

    JdbcRegistry registry;
    ApiServer server;
    FakeMessaging messaging;
    final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    void start(boolean withMessaging) {
        start(withMessaging, null);
    }

    void start(boolean withMessaging, DashboardHistory dashboard) {
        CertificateAuthority deviceCa = TestPki.ca("CN=console test device CA").as(CertificateAuthority::of);
        registry = JdbcRegistry.open("jdbc:sqlite:" + dir.resolve("registry.db"), ACCOUNT, deviceCa, Clock.systemUTC());
        messaging = withMessaging ? new FakeMessaging() : null;
        Console console = new Console(
                new ConsoleSettings(KEY, SECRET, "us-east-1", "123456789012", "localhost", 8883, "-----PEM-----\n"),
                messaging,
                new SessionStore(Clock.systemUTC()),
                dashboard,
                Clock.systemUTC());
        server = ApiServer.start(
                new ApiConfig(
                        "127.0.0.1",
                        0,
                        null,
                        ACCOUNT,
                        KEY,
                        SECRET,
                        List.of("gw.thingcore.test"),
                        false,
                        Clock.systemUTC()),
                registry,
                DataPlane.NOT_IMPLEMENTED,
                console);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    String base() {
        return "http://127.0.0.1:" + server.port();
    }

    HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base() + path))
                .timeout(Duration.ofSeconds(10))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            builder.headers(headers);
        }
        return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A signed-in browser: the cookie and the page's CSRF token. */
    record Browser(String cookie, String csrf) {
        String[] headers(String... more) {
            List<String> all = new ArrayList<>(List.of("Cookie", cookie, "x-thingcore-csrf", csrf));
            all.addAll(List.of(more));
            return all.toArray(String[]::new);
        }
    }

    Browser signIn() throws Exception {
        HttpResponse<String> response = send(
                "POST",
                "/console/session",
                "{\"accessKeyId\":\"" + KEY + "\",\"secretAccessKey\":\"" + SECRET.replace("+", "+") + "\"}",
                "Content-Type",
                "application/json",
                "Origin",
                base(),
                "Sec-Fetch-Site",
                "same-origin");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String setCookie = response.headers().firstValue("set-cookie").orElseThrow();
        Matcher csrf = Pattern.compile("\"csrfToken\":\"([^\"]+)\"").matcher(response.body());
        assertThat(csrf.find()).isTrue();
        return new Browser(setCookie.substring(0, setCookie.indexOf(';')), csrf.group(1));
    }

    static void assertSecurityHeaders(HttpResponse<?> response) {
        assertThat(response.headers().firstValue("content-security-policy"))
                .hasValueSatisfying(csp -> assertThat(csp)
                        .startsWith("default-src 'self'; frame-ancestors 'none'")
                        .doesNotContain("unsafe-inline"));
        assertThat(response.headers().firstValue("x-content-type-options")).hasValue("nosniff");
        assertThat(response.headers().firstValue("referrer-policy")).hasValue("no-referrer");
    }

    @Test
    void signInSetsAStrictHttpOnlyCookieAndGivesTheCsrfToken() throws Exception {
        start(false);
        HttpResponse<String> response = send(
                "POST",
                "/console/session",
                "{\"accessKeyId\":\"" + KEY + "\",\"secretAccessKey\":\"" + SECRET + "\"}",
                "Origin",
                base());
        assertThat(response.statusCode()).isEqualTo(200);
        String cookie = response.headers().firstValue("set-cookie").orElseThrow();
        assertThat(cookie)
                .startsWith("thingcore-console=")
                .contains("HTTPOnly")
                .contains("SameSite=Strict")
                .contains("Path=/console")
                .doesNotContain("Secure"); // plain HTTP on loopback; HTTPS adds Secure
        assertThat(response.body()).contains("\"csrfToken\":\"").doesNotContain(SECRET);
        assertSecurityHeaders(response);
    }

    @Test
    void aWrongKeyAndAWrongSecretGetTheSameAnswer() throws Exception {
        start(false);
        HttpResponse<String> wrongKey = send(
                "POST", "/console/session", "{\"accessKeyId\":\"AKIANOTTHIS\",\"secretAccessKey\":\"" + SECRET + "\"}");
        HttpResponse<String> wrongSecret =
                send("POST", "/console/session", "{\"accessKeyId\":\"" + KEY + "\",\"secretAccessKey\":\"nope\"}");
        HttpResponse<String> empty = send("POST", "/console/session", "{}");
        for (HttpResponse<String> response : List.of(wrongKey, wrongSecret, empty)) {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue("UnauthorizedException");
            assertThat(response.body()).contains("\"message\":\"Sign-in failed\"");
            assertThat(response.headers().firstValue("set-cookie")).isEmpty();
        }
        assertThat(wrongKey.body().replaceAll("\"__type\":\"[^\"]*\"", ""))
                .isEqualTo(wrongSecret.body().replaceAll("\"__type\":\"[^\"]*\"", ""));
    }

    @Test
    void repeatedGuessesAreThrottled() throws Exception {
        start(false);
        for (int i = 0; i < 5; i++) {
            send("POST", "/console/session", "{\"accessKeyId\":\"" + KEY + "\",\"secretAccessKey\":\"g" + i + "\"}");
        }
        HttpResponse<String> right = send(
                "POST", "/console/session", "{\"accessKeyId\":\"" + KEY + "\",\"secretAccessKey\":\"" + SECRET + "\"}");
        assertThat(right.statusCode()).isEqualTo(429);
        assertThat(right.headers().firstValue("x-amzn-ErrorType")).hasValue("ThrottlingException");
    }

    @Test
    void guessesFromOneAddressDoNotLockTheAdministratorOutElsewhere() throws Exception {
        start(false);
        // Linux routes all of 127.0.0.0/8 to loopback: two client addresses against one listener
        HttpClient fromA = HttpClient.newBuilder()
                .localAddress(InetAddress.getByName("127.0.0.2"))
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> guess = signInFrom(fromA, "g" + i);
            assertThat(guess.statusCode()).isEqualTo(401);
        }
        HttpResponse<String> throttled = signInFrom(fromA, SECRET);
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("x-amzn-ErrorType")).hasValue("ThrottlingException");
        // sign-in.js shows the answer's message
        assertThat(throttled.body())
                .contains("\"message\":\"Too many failed sign-ins from this address; wait a minute and try again\"");
        assertThat(signInFrom(http, SECRET).statusCode()).isEqualTo(200);
    }

    HttpResponse<String> signInFrom(HttpClient client, String secret) throws Exception {
        return client.send(
                HttpRequest.newBuilder(URI.create(base() + "/console/session"))
                        .timeout(Duration.ofSeconds(10))
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"accessKeyId\":\"" + KEY + "\",\"secretAccessKey\":\"" + secret + "\"}"))
                        .header("Content-Type", "application/json")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void noPageOrCallWorksWithoutASession() throws Exception {
        start(true);
        HttpResponse<String> app = send("GET", "/console/", null);
        assertThat(app.statusCode()).isEqualTo(303);
        assertThat(app.headers().firstValue("location")).hasValue("/console/sign-in");
        assertSecurityHeaders(app);
        List<String[]> calls = List.of(
                new String[] {"GET", "/console/api/things"},
                new String[] {"GET", "/console/api/cacertificates"},
                new String[] {"POST", "/console/api/things/DIC_2"},
                new String[] {"POST", "/console/api/policies/P"},
                new String[] {"DELETE", "/console/api/things/DIC_2"},
                new String[] {"GET", "/console/api/endpoint"},
                new String[] {"GET", "/console/api/no-such-operation"},
                new String[] {"GET", "/console/gateway/settings"},
                new String[] {"GET", "/console/gateway/dashboard"},
                new String[] {"GET", "/console/gateway/server-ca.pem"},
                new String[] {"GET", "/console/gateway/connections"},
                new String[] {"GET", "/console/gateway/refused-connections"},
                new String[] {"DELETE", "/console/gateway/connections/DIC_2"},
                new String[] {"POST", "/console/gateway/publish"},
                new String[] {"GET", "/console/gateway/subscribe?filter=%23"},
                new String[] {"POST", "/console/gateway/validate-policy"},
                new String[] {"POST", "/console/gateway/certificate-fields"},
                new String[] {"GET", "/console/session"},
                new String[] {"DELETE", "/console/session"});
        for (String cookie : new String[] {null, "thingcore-console=forged", "thingcore-console="}) {
            for (String[] call : calls) {
                HttpResponse<String> response = cookie == null
                        ? send(call[0], call[1], "{}")
                        : send(call[0], call[1], "{}", "Cookie", cookie, "x-thingcore-csrf", "x");
                assertThat(response.statusCode()).as("%s %s", call[0], call[1]).isEqualTo(401);
                assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue("UnauthorizedException");
                assertSecurityHeaders(response);
            }
        }
        assertThat(registry.things()
                        .listThings(
                                io.thingcore.registry.ListThingsRequest.all(),
                                new io.thingcore.registry.PageRequest(null, null, true))
                        .items())
                .isEmpty();
        assertThat(messaging.published).isEmpty();
    }

    @Test
    void theConsoleRunsTheApisOwnOperationsWithAwsErrors() throws Exception {
        start(false);
        Browser browser = signIn();
        HttpResponse<String> created =
                send("POST", "/console/api/things/DIC_2", "{}", browser.headers("Origin", base()));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        assertThat(created.body()).contains("\"thingName\":\"DIC_2\"");
        assertSecurityHeaders(created);
        assertThat(created.headers().firstValue("cache-control")).hasValue("no-store");

        HttpResponse<String> list = send("GET", "/console/api/things", null, "Cookie", browser.cookie());
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("DIC_2");

        HttpResponse<String> missing = send("GET", "/console/api/things/nope", null, "Cookie", browser.cookie());
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("x-amzn-ErrorType")).hasValue("ResourceNotFoundException");
        assertThat(missing.body()).contains("\"message\":");

        HttpResponse<String> malformed = send(
                "POST",
                "/console/api/policies/BAD",
                "{\"policyDocument\":\"{\\\"Version\\\":\\\"2012-10-17\\\"}\"}",
                browser.headers());
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.headers().firstValue("x-amzn-ErrorType")).hasValue("MalformedPolicyException");

        // SigV4 is still required outside /console: the console cookie opens nothing there
        HttpResponse<String> unsigned = send("GET", "/things", null, "Cookie", browser.cookie());
        assertThat(unsigned.statusCode()).isEqualTo(403);
    }

    @Test
    void stateChangesNeedTheCsrfTokenAndTheSameOrigin() throws Exception {
        start(true);
        Browser browser = signIn();
        HttpResponse<String> noToken =
                send("POST", "/console/api/things/A", "{}", "Cookie", browser.cookie(), "Origin", base());
        HttpResponse<String> wrongToken =
                send("POST", "/console/api/things/A", "{}", "Cookie", browser.cookie(), "x-thingcore-csrf", "guess");
        HttpResponse<String> crossOrigin =
                send("POST", "/console/api/things/A", "{}", browser.headers("Origin", "http://evil.example"));
        HttpResponse<String> crossSite =
                send("POST", "/console/api/things/A", "{}", browser.headers("Sec-Fetch-Site", "cross-site"));
        HttpResponse<String> sameSite =
                send("POST", "/console/api/things/A", "{}", browser.headers("Sec-Fetch-Site", "same-site"));
        HttpResponse<String> nullOrigin =
                send("POST", "/console/api/things/A", "{}", browser.headers("Origin", "null"));
        HttpResponse<String> crossPublish = send(
                "POST",
                "/console/gateway/publish",
                "{\"topic\":\"command\",\"payload\":\"toggle\"}",
                browser.headers("Origin", "http://evil.example"));
        HttpResponse<String> crossSignOut =
                send("DELETE", "/console/session", null, browser.headers("Sec-Fetch-Site", "cross-site"));
        HttpResponse<String> crossSignIn = send(
                "POST",
                "/console/session",
                "{\"accessKeyId\":\"" + KEY + "\",\"secretAccessKey\":\"" + SECRET + "\"}",
                "Origin",
                "http://evil.example");
        for (HttpResponse<String> refused : List.of(
                noToken,
                wrongToken,
                crossOrigin,
                crossSite,
                sameSite,
                nullOrigin,
                crossPublish,
                crossSignOut,
                crossSignIn)) {
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
            assertThat(refused.headers().firstValue("x-amzn-ErrorType")).hasValue("AccessDeniedException");
        }
        assertThat(noToken.body()).contains("CSRF");
        assertThat(crossOrigin.body()).contains("Cross-site request refused");
        assertThat(registry.things()
                        .listThings(
                                io.thingcore.registry.ListThingsRequest.all(),
                                new io.thingcore.registry.PageRequest(null, null, true))
                        .items())
                .isEmpty();
        assertThat(messaging.published).isEmpty();

        // a cross-site page may not even read
        HttpResponse<String> crossRead =
                send("GET", "/console/api/things", null, "Cookie", browser.cookie(), "Sec-Fetch-Site", "cross-site");
        assertThat(crossRead.statusCode()).isEqualTo(403);
    }

    @Test
    void signOutEndsTheSession() throws Exception {
        start(false);
        Browser browser = signIn();
        assertThat(send("GET", "/console/session", null, "Cookie", browser.cookie())
                        .statusCode())
                .isEqualTo(200);
        HttpResponse<String> out = send("DELETE", "/console/session", null, browser.headers());
        assertThat(out.statusCode()).isEqualTo(200);
        assertThat(out.headers().firstValue("set-cookie"))
                .hasValueSatisfying(c -> assertThat(c).contains("Max-Age=0"));
        assertThat(send("GET", "/console/api/things", null, "Cookie", browser.cookie())
                        .statusCode())
                .isEqualTo(401);
        assertThat(send("GET", "/console/", null, "Cookie", browser.cookie()).statusCode())
                .isEqualTo(303);
    }

    @Test
    void staticFilesHaveTheirTypesCachingAndNoWayOut() throws Exception {
        start(false);
        Map<String, String> types = Map.of(
                "/console/sign-in", "text/html; charset=utf-8",
                "/console/assets/app.js", "text/javascript; charset=utf-8",
                "/console/assets/pages/things.js", "text/javascript; charset=utf-8",
                "/console/assets/style.css", "text/css; charset=utf-8",
                "/console/assets/favicon.svg", "image/svg+xml");
        for (Map.Entry<String, String> e : types.entrySet()) {
            HttpResponse<String> response = send("GET", e.getKey(), null);
            assertThat(response.statusCode()).as(e.getKey()).isEqualTo(200);
            assertThat(response.headers().firstValue("content-type")).hasValue(e.getValue());
            assertSecurityHeaders(response);
        }
        HttpResponse<String> js = send("GET", "/console/assets/app.js", null);
        assertThat(js.headers().firstValue("cache-control")).hasValue("no-cache");
        String etag = js.headers().firstValue("etag").orElseThrow();
        assertThat(send("GET", "/console/assets/app.js", null, "If-None-Match", etag)
                        .statusCode())
                .isEqualTo(304);
        assertThat(send("GET", "/console/sign-in", null).headers().firstValue("cache-control"))
                .hasValue("no-store");

        Browser browser = signIn();
        HttpResponse<String> app = send("GET", "/console/", null, "Cookie", browser.cookie());
        assertThat(app.statusCode()).isEqualTo(200);
        assertThat(app.body()).contains("<nav id=\"nav\"");

        for (String path : List.of(
                "/console/assets/../../logback-test.xml",
                "/console/assets/%2e%2e/%2e%2e/logback-test.xml",
                "/console/assets/pages/..%2fapp.js",
                "/console/assets/..%2F..%2Fio/thingcore/console/Console.class",
                "/console/assets/",
                "/console/assets/index.html%00.js",
                "/console/assets//etc/passwd",
                "/console/nothing-here")) {
            HttpResponse<String> response = send("GET", path, null, "Cookie", browser.cookie());
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(response.body()).doesNotContain("<configuration").doesNotContain("ConsoleHttpTest");
        }
        assertThat(send("POST", "/console/assets/app.js", "x").statusCode()).isEqualTo(405);
    }

    @Test
    void settingsAndPolicyValidationForTheSignedIn() throws Exception {
        start(false);
        Browser browser = signIn();
        HttpResponse<String> settings = send("GET", "/console/gateway/settings", null, "Cookie", browser.cookie());
        assertThat(settings.body()).contains("\"mqttPort\":8883").contains("\"messagingAvailable\":false");
        HttpResponse<String> pem = send("GET", "/console/gateway/server-ca.pem", null, "Cookie", browser.cookie());
        assertThat(pem.body()).isEqualTo("-----PEM-----\n");
        assertThat(pem.headers().firstValue("content-disposition")).hasValue("attachment; filename=\"server-ca.pem\"");

        assertThat(send("POST", "/console/gateway/validate-policy", POLICY, browser.headers())
                        .body())
                .isEqualTo("{\"valid\":true}");
        HttpResponse<String> bad =
                send("POST", "/console/gateway/validate-policy", "{\"Statement\":[", browser.headers());
        assertThat(bad.body()).contains("\"valid\":false").contains("\"message\":\"");

        TestCa ca = TestPki.ca("CN=DIC CA,O=Example");
        assertThat(send("POST", "/console/gateway/certificate-fields", Pem.write(ca.certificate()), browser.headers())
                        .body())
                .contains("\"subject\":\"CN=DIC CA,O=Example\"")
                .contains("\"issuer\":\"CN=DIC CA,O=Example\"")
                .contains("\"version\":3");
        HttpResponse<String> notPem =
                send("POST", "/console/gateway/certificate-fields", "not a certificate", browser.headers());
        assertThat(notPem.statusCode()).isEqualTo(400);
        assertThat(notPem.headers().firstValue("x-amzn-ErrorType")).hasValue("InvalidRequestException");

        HttpResponse<String> unavailable =
                send("GET", "/console/gateway/connections", null, "Cookie", browser.cookie());
        assertThat(unavailable.statusCode()).isEqualTo(503);
        assertThat(unavailable.body()).contains("Not available");
        HttpResponse<String> noDashboard = send("GET", "/console/gateway/dashboard", null, "Cookie", browser.cookie());
        assertThat(noDashboard.statusCode()).isEqualTo(503);
        assertThat(noDashboard.headers().firstValue("x-amzn-ErrorType")).hasValue("ServiceUnavailableException");
    }

    @Test
    void theDashboardAnswersWithTheGatewaysRecentReadings() throws Exception {
        DashboardHistory dashboard = new DashboardHistory(
                () -> new GatewayReadings.Reading(2, 120, 3),
                (before, limit) -> List.of(
                        new CertificateExpiries.Expiring("c0ffee", "ACTIVE", Instant.parse("2026-12-20T00:00:00Z"))),
                Clock.systemUTC());
        start(false, dashboard);
        Browser browser = signIn();
        HttpResponse<String> response = send("GET", "/console/gateway/dashboard", null, "Cookie", browser.cookie());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains("\"connectedClients\":2")
                .contains("\"minutes\":[]")
                .contains("\"certificateId\":\"c0ffee\"")
                .contains("\"lifecycleEventsAvailable\":false");
        assertSecurityHeaders(response);
    }

    @Test
    void theBrokerEndpointsUseConsoleMessaging() throws Exception {
        start(true);
        Browser browser = signIn();
        HttpResponse<String> published = send(
                "POST",
                "/console/gateway/publish",
                "{\"topic\":\"command\",\"payload\":\"toggle\",\"qos\":1}",
                browser.headers("Origin", base()));
        assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
        assertThat(messaging.published).containsExactly("command:toggle:1:false");

        HttpResponse<String> refused =
                send("POST", "/console/gateway/publish", "{\"topic\":\"bad/#\",\"payload\":\"x\"}", browser.headers());
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("wildcards are not allowed");

        HttpResponse<String> connections =
                send("GET", "/console/gateway/connections", null, "Cookie", browser.cookie());
        assertThat(connections.body())
                .contains("\"clientId\":\"DIC_2\"")
                .contains("\"subscriptions\":[\"command\"]")
                // keep-alive 0 as AWS IoT applies it, and one with keep-alive off (--keep-alive-zero never)
                .contains("\"keepAliveRequested\":0,\"keepAliveApplied\":1200,\"lastActivity\":1764000600.000")
                .contains("\"keepAliveRequested\":0,\"keepAliveApplied\":0,\"lastActivity\":1764000700.000");
        // The Connections page shows both columns from those members.
        String page = send("GET", "/console/assets/pages/live.js", null).body();
        assertThat(page)
                .contains("label: 'Keep-alive'", "c.keepAliveApplied", "c.keepAliveRequested", "'none'")
                .contains("label: 'Last activity', cell: (c) => date(c.lastActivity)");
        // The Refused connections page: newest first as the broker gives them, every column's member.
        assertThat(send("GET", "/console/gateway/refused-connections", null, "Cookie", browser.cookie())
                        .body())
                .isEqualTo(
                        "{\"refusedConnections\":[{\"at\":1764000800.000,\"remoteAddress\":\"/192.0.2.7:50000\","
                                + "\"certificateId\":\"0123abcd\",\"subjectCommonName\":\"DIC_3\",\"sni\":\"iot.example.com\","
                                + "\"reason\":\"SNI_WRONG\",\"detail\":\"the certificate is SNI_ONLY and its SNI 'iot.example.com'"
                                + " names none of the gateway's host names [localhost]\",\"fix\":\"connect to one of the gateway's"
                                + " host names, or add this one with --host\"},{\"at\":1764000700.000,\"remoteAddress\":"
                                + "\"/192.0.2.8:50001\",\"reason\":\"PLAIN_MQTT\",\"detail\":\"plain\",\"fix\":\"turn TLS on\"}]}");
        assertThat(send("GET", "/console/assets/pages/refused.js", null).body())
                .contains(
                        "label: 'Time'", "label: 'Address'", "label: 'Certificate'", "label: 'SNI'", "label: 'Reason'")
                .contains("setInterval(refresh, 5000)");
        HttpResponse<String> disconnected =
                send("DELETE", "/console/gateway/connections/DIC_2", null, browser.headers());
        assertThat(disconnected.body()).isEqualTo("{\"disconnected\":true}");
        assertThat(send("GET", "/console/gateway/last-seen/DIC_2", null, "Cookie", browser.cookie())
                        .body())
                .isEqualTo("{\"lastSeen\":1764000000.000}");
        assertThat(send("GET", "/console/gateway/last-seen/never", null, "Cookie", browser.cookie())
                        .body())
                .isEqualTo("{}");

        HttpRequest subscribe = HttpRequest.newBuilder(
                        URI.create(base() + "/console/gateway/subscribe?filter=light%2F%23"))
                .header("Cookie", browser.cookie())
                .build();
        HttpResponse<InputStream> stream = http.send(subscribe, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.headers().firstValue("content-type")).hasValue("text/event-stream; charset=utf-8");
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            assertThat(reader.readLine()).isEqualTo("event: ready");
            reader.readLine();
            reader.readLine();
            assertThat(messaging.filters).containsExactly("light/#");
            messaging.deliver(new ConsoleMessaging.Message(
                    "light/state", "on".getBytes(StandardCharsets.UTF_8), 0, false, Instant.now()));
            assertThat(reader.readLine()).isEqualTo("event: message");
            assertThat(reader.readLine())
                    .startsWith("data: {\"topic\":\"light/state\"")
                    .contains("\"payload\":\"on\"");
        }
        // closing the stream ends the broker subscription
        for (int i = 0; i < 50 && messaging.open() > 0; i++) {
            TimeUnit.MILLISECONDS.sleep(100);
        }
        assertThat(messaging.open()).isZero();
    }

    /** Records what the console asks of the broker. */
    static final class FakeMessaging implements ConsoleMessaging {
        final List<String> published = new CopyOnWriteArrayList<>();
        final List<String> filters = new CopyOnWriteArrayList<>();
        final List<Consumer<Message>> listeners = new CopyOnWriteArrayList<>();

        @Override
        public void publish(String topic, byte[] payload, int qos, boolean retain) {
            if (topic.contains("#") || topic.contains("+")) {
                throw new IllegalArgumentException("wildcards are not allowed in a topic name");
            }
            published.add(topic + ":" + new String(payload, StandardCharsets.UTF_8) + ":" + qos + ":" + retain);
        }

        @Override
        public AutoCloseable subscribe(String filter, Consumer<Message> listener) {
            filters.add(filter);
            listeners.add(listener);
            return () -> listeners.remove(listener);
        }

        void deliver(Message message) {
            listeners.forEach(l -> l.accept(message));
        }

        int open() {
            return listeners.size();
        }

        @Override
        public List<ClientConnection> connections() {
            return List.of(
                    new ClientConnection(
                            "DIC_2",
                            "DIC_2",
                            "abc",
                            "127.0.0.1:50000",
                            Instant.now(),
                            List.of("command"),
                            0,
                            1200,
                            Instant.ofEpochSecond(1_764_000_600L)),
                    new ClientConnection(
                            "quiet",
                            null,
                            "def",
                            "127.0.0.1:50001",
                            Instant.now(),
                            List.of(),
                            0,
                            0,
                            Instant.ofEpochSecond(1_764_000_700L)));
        }

        @Override
        public List<RefusedConnection> refusedConnections() {
            return List.of(
                    new RefusedConnection(
                            Instant.ofEpochSecond(1_764_000_800L),
                            "/192.0.2.7:50000",
                            "0123abcd",
                            "DIC_3",
                            "iot.example.com",
                            "SNI_WRONG",
                            "the certificate is SNI_ONLY and its SNI 'iot.example.com' names none of the gateway's host"
                                    + " names [localhost]",
                            "connect to one of the gateway's host names, or add this one with --host"),
                    new RefusedConnection(
                            Instant.ofEpochSecond(1_764_000_700L),
                            "/192.0.2.8:50001",
                            null,
                            null,
                            null,
                            "PLAIN_MQTT",
                            "plain",
                            "turn TLS on"));
        }

        @Override
        public Instant lastSeen(String clientId) {
            return clientId.equals("DIC_2") ? Instant.ofEpochSecond(1_764_000_000L) : null;
        }

        @Override
        public boolean disconnect(String clientId) {
            return clientId.equals("DIC_2");
        }
    }
}
