package io.thingcore.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.thingcore.pki.Pem;
import io.thingcore.server.ConnectionInfo;
import io.thingcore.testkit.AwsClients;
import io.thingcore.testkit.InProcessGateway;
import io.thingcore.testkit.MqttTls;
import io.thingcore.testkit.mqtt.RawMqttClient;
import io.thingcore.testkit.pki.TestCa;
import io.thingcore.testkit.pki.TestPki;
import io.thingcore.testkit.tools.ExternalTools;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.AutoRegistrationStatus;
import software.amazon.awssdk.services.iot.model.CACertificateDescription;
import software.amazon.awssdk.services.iot.model.CertificateDescription;
import software.amazon.awssdk.services.iot.model.CertificateMode;
import software.amazon.awssdk.services.iot.model.CertificateStatus;
import software.amazon.awssdk.services.iot.model.Job;
import software.amazon.awssdk.services.iot.model.JobStatus;
import software.amazon.awssdk.services.iot.model.Policy;
import software.amazon.awssdk.services.iot.model.ResourceNotFoundException;

/**
 * The guide's console steps in headless Chromium against a real gateway: sign in, register the CA in multi-account
 * mode (active, automatic registration), create DIC_POLICY by pasting the guide's JSON, create thing DIC_2 with its
 * certificate (active, policy attached); asserts on the pages and on the registry through the AWS SDK. With
 * {@code -Dthingcore.screenshots=true} it also writes the README's screenshots to {@code docs/screenshots/}.
 */
class ConsoleBrowserIT {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final String GUIDE_POLICY =
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}";

    @TempDir
    Path dir;

    InProcessGateway gateway;
    ChromeDriver driver;
    WebDriverWait wait;

    @BeforeEach
    void start() throws IOException {
        ExternalTools.require(
                Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "chromium and chromium-driver (" + CHROMIUM + ", " + CHROMEDRIVER + ")");
        gateway = InProcessGateway.start(
                dir.resolve("data"),
                config ->
                        config.apiBind("127.0.0.1").hosts(List.of("localhost")).region("us-east-1"));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium-profile")));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(1280, 900));
        wait = new WebDriverWait(driver, Duration.ofSeconds(15));
        // The single-page app re-renders <main> after each navigation: an element found a moment ago may be
        // replaced before it is read. Waits retry instead of failing on that race.
        wait.ignoring(StaleElementReferenceException.class);
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    String consoleUrl() {
        return gateway.connection().apiEndpoint() + "/console/";
    }

    @Test
    void theGuidesConsoleStepsWorkInABrowser() throws Exception {
        TestCa ca = TestPki.ca("CN=DIC test CA");
        Path caFile = Files.writeString(dir.resolve("CA.crt"), Pem.write(ca.certificate()));
        var issued = TestPki.deviceV1(ca, "CN=DIC_2");
        KeyPair deviceKeys = issued.keys();
        X509Certificate deviceCertificate = issued.certificate();
        Path deviceFile = Files.writeString(dir.resolve("device.crt"), Pem.write(deviceCertificate));

        // no page without a session: the app redirects to sign-in
        driver.get(consoleUrl());
        waitForHeading("Sign in to thingcore");
        assertThat(driver.getCurrentUrl()).endsWith("/console/sign-in");
        screenshot("sign-in");

        // a wrong secret is refused without saying which part was wrong
        signIn(gateway.connection().accessKeyId(), "not-the-secret");
        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-in-error")));
        assertThat(error.getText()).isEqualTo("Sign-in failed");
        signIn("AKIANOTTHEKEY", gateway.connection().secretAccessKey());
        wait.until(ExpectedConditions.textToBe(By.id("sign-in-error"), "Sign-in failed"));

        signIn(gateway.connection().accessKeyId(), gateway.connection().secretAccessKey());
        // the landing page is the dashboard
        waitForHeading("Dashboard");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.tagName("main"), "No certificate expires within 30 days."));
        assertThat(driver.findElement(By.id("connected-now")).getText()).isEqualTo("0");
        driver.findElement(By.linkText("Things")).click();
        waitForHeading("Things");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), "No things yet."));

        // Security -> Certificate authorities -> Register CA certificate
        driver.findElement(By.linkText("Certificate authorities")).click();
        waitForHeading("Certificate authorities");
        click(By.linkText("Register CA certificate"));
        waitForHeading("Register CA certificate");
        field("CA certificate file").sendKeys(caFile.toString());
        assertThat(radio("Register CA in multi-account mode").isSelected()).isTrue();
        click(By.xpath("//label[normalize-space()='Register CA in single-account mode']"));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("registration-code")));
        assertThat(driver.findElement(By.tagName("main")).getText()).contains("openssl req -new -key verification.key");
        screenshot("ca-register-single-account");
        click(By.xpath("//label[normalize-space()='Register CA in multi-account mode']"));
        assertThat(radio("Active").isSelected()).isTrue();
        click(By.xpath("//label[normalize-space()='Turn on automatic registration of device certificates']"));
        screenshot("ca-register");
        click(By.xpath("//button[normalize-space()='Register']"));
        assertThat(waitForHeadingStarting("CA ")).startsWith("CA ");
        String main = wait.until(d -> {
            String text = d.findElement(By.tagName("main")).getText();
            return text.contains("ENABLE") && text.contains("CN=DIC test CA") ? text : null;
        });
        assertThat(main).contains("ACTIVE").contains("Multi-account (SNI_ONLY)").contains("ENABLE");
        screenshot("ca-detail");
        driver.findElement(By.linkText("Certificate authorities")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("main table")));
        screenshot("cas");

        // Security -> Policies -> Create policy, validated as you type by the gateway's policy parser
        driver.findElement(By.linkText("Policies")).click();
        waitForHeading("Policies");
        click(By.linkText("Create policy"));
        waitForHeading("Create policy");
        field("Policy name").sendKeys("DIC_POLICY");
        WebElement editor = field("Policy document");
        editor.sendKeys("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\"}]}");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".verdict"), "MalformedPolicy"));
        screenshot("policy-create-invalid");
        // JSON errors in plain words with their place, unknown actions with the nearest known one
        paste(editor, "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Effect\": \"Allow\",}\n  ]\n}");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector(".verdict"),
                "Not valid JSON: line 4, column 24: there is a comma after the last member; remove it"));
        screenshot("policy-create-json-error");
        paste(
                editor,
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                        + "\"Action\":[\"iot:Connect\",\"iot:Publsh\"],\"Resource\":\"*\"}]}");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector(".verdict .warnings"), "iot:Publsh: unknown action; did you mean iot:Publish?"));
        screenshot("policy-create-unknown-action");
        editor.sendKeys(
                org.openqa.selenium.Keys.chord(org.openqa.selenium.Keys.CONTROL, "a"), org.openqa.selenium.Keys.DELETE);
        paste(editor, GUIDE_POLICY);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector(".verdict"), "Valid policy document"));
        screenshot("policy-create");
        click(By.xpath("//button[normalize-space()='Create']"));
        waitForHeading("Policy DIC_POLICY");
        assertThat(driver.findElement(By.id("policy-document")).getText()).contains("\"Effect\": \"Allow\"");
        screenshot("policy-detail");

        // All devices -> Things -> Create single thing -> use my certificate -> CA registered -> file -> Active ->
        // policy
        driver.findElement(By.linkText("Things")).click();
        waitForHeading("Things");
        click(By.linkText("Create single thing"));
        waitForHeading("Create single thing");
        field("Thing name").sendKeys("DIC_2");
        assertThat(radio("Auto-generate a new certificate (recommended)").isSelected())
                .isTrue();
        click(By.xpath("//label[normalize-space()='Use my certificate']"));
        wait.until(d -> !field("CA that signed the certificate (registered with thingcore)")
                .findElements(By.tagName("option"))
                .isEmpty());
        field("Certificate file").sendKeys(deviceFile.toString());
        // the CA is picked from the certificate's issuer
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("ca-picked"), "Picked from the certificate's issuer: CN=DIC test CA"));
        assertThat(radio("Active").isSelected()).isTrue();
        click(By.xpath("//label[normalize-space()='DIC_POLICY']"));
        screenshot("thing-create");
        click(By.xpath("//button[normalize-space()='Create thing']"));
        waitForHeading("Thing DIC_2");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.xpath("//button[normalize-space()='Detach']")));
        screenshot("thing-detail");
        String certificateLink =
                driver.findElement(By.cssSelector("main table a")).getAttribute("href");

        // a step that fails undoes the ones before it: the same certificate cannot be registered twice, so thing
        // DIC_3, created first, is deleted again
        driver.get(consoleUrl() + "#/things/create");
        waitForHeading("Create single thing");
        field("Thing name").sendKeys("DIC_3");
        click(By.xpath("//label[normalize-space()='Use my certificate']"));
        field("Certificate file").sendKeys(deviceFile.toString());
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("ca-picked"), "Picked from"));
        click(By.xpath("//button[normalize-space()='Create thing']"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("ol.progress"), "Undone: nothing was left behind"));
        assertThat(driver.findElement(By.cssSelector("main .error")).getText()).contains("thing DIC_3 was not created");
        screenshot("thing-create-undone");

        // auto-generate: CreateKeysAndCertificate, then the keys are offered once
        WebElement thingName = field("Thing name");
        thingName.clear();
        thingName.sendKeys("DIC_AUTO");
        click(By.xpath("//label[normalize-space()='Auto-generate a new certificate (recommended)']"));
        click(By.xpath("//button[normalize-space()='Create thing']"));
        waitForHeading("Download certificate and keys");
        assertThat(driver.findElement(By.tagName("main")).getText()).contains("Download private key");
        screenshot("thing-create-keys");

        driver.findElement(By.linkText("Things")).click();
        waitForHeading("Things");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.linkText("DIC_2")));
        assertThat(driver.findElement(By.tagName("main")).getText())
                .contains("DIC_AUTO")
                .doesNotContain("DIC_3");
        screenshot("things");

        driver.get(certificateLink);
        waitForHeadingStarting("Certificate ");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.linkText("DIC_POLICY")));
        assertThat(driver.findElement(By.tagName("main")).getText())
                .contains("ACTIVE")
                .contains("DIC_2");
        screenshot("certificate-detail");
        driver.findElement(By.linkText("Certificates")).click();
        waitForHeading("Certificates");
        // subject CN, things and expiry of the page's certificates
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("main table"), "DIC_AUTO"));
        wait.until(d -> d.findElement(By.cssSelector("main table")).getText().contains("Valid"));
        assertThat(driver.findElement(By.cssSelector("main table")).getText()).contains("DIC_2");
        screenshot("certificates");

        driver.findElement(By.linkText("Settings")).click();
        waitForHeading("Settings");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("data-endpoint")));
        assertThat(driver.findElement(By.id("data-endpoint")).getText()).isEqualTo("localhost");
        assertThat(driver.findElement(By.id("mqtt-port")).getText()).isEqualTo(String.valueOf(gateway.mqttPort()));
        screenshot("settings");

        // The device connects with the certificate registered above; the MQTT test client sees its state and sends
        // the guide's command.
        driver.findElement(By.linkText("MQTT test client")).click();
        waitForHeading("MQTT test client");
        WebElement filter = field("Topic filter");
        filter.clear();
        filter.sendKeys("light/#");
        click(By.xpath("//button[normalize-space()='Subscribe']"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), "Subscribed to light/#"));
        try (Device device = Device.connect(gateway.connection(), deviceCertificate, deviceKeys)) {
            device.client.subscribe("command", 0);
            device.client.publish("light/state", new MqttMessage("on".getBytes(StandardCharsets.UTF_8)));
            wait.until(
                    ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("ol.messages"), "light/state"));
            assertThat(driver.findElement(By.cssSelector("ol.messages")).getText())
                    .contains("on");
            click(By.xpath("//button[normalize-space()='Publish']")); // the form's defaults: toggle to command
            assertThat(device.received.poll(10, TimeUnit.SECONDS)).isEqualTo("command=toggle");
            screenshot("mqtt-test-client");

            // the dashboard: the device counted, its connection among the recent lifecycle events
            driver.findElement(By.linkText("Dashboard")).click();
            waitForHeading("Dashboard");
            wait.until(ExpectedConditions.textToBe(By.id("connected-now"), "1"));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("ol.events"), "connected"));
            assertThat(driver.findElement(By.cssSelector("ol.events")).getText())
                    .contains("DIC_2");
            screenshot("dashboard");

            // Manage -> Jobs: create from an inline document, the device reports progress, cancel with force
            driver.findElement(By.linkText("Jobs")).click();
            waitForHeading("Jobs");
            click(By.linkText("Create job"));
            waitForHeading("Create job");
            field("Job ID").sendKeys("update-1");
            field("Things to run the job on").sendKeys("DIC_2");
            screenshot("job-create");
            click(By.xpath("//button[normalize-space()='Create job']"));
            waitForHeading("Job update-1");
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("main table"), "QUEUED"));
            device.client.subscribe("$aws/things/DIC_2/jobs/update-1/update/accepted", 0);
            device.client.publish(
                    "$aws/things/DIC_2/jobs/update-1/update",
                    new MqttMessage("{\"status\":\"IN_PROGRESS\",\"statusDetails\":{\"progress\":\"40%\"}}"
                            .getBytes(StandardCharsets.UTF_8)));
            assertThat(device.received.poll(10, TimeUnit.SECONDS))
                    .startsWith("$aws/things/DIC_2/jobs/update-1/update/accepted=");
            driver.navigate().refresh();
            waitForHeading("Job update-1");
            wait.until(
                    ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("main table"), "progress: 40%"));
            assertThat(driver.findElement(By.id("job-document")).getText()).contains("\"operation\": \"reboot\"");
            screenshot("job-detail");
            click(By.xpath("//summary[normalize-space()='Cancel this job']"));
            click(By.xpath("//label[starts-with(normalize-space(), 'Force')]"));
            click(By.xpath("//button[normalize-space()='Cancel job']"));
            wait.until(ExpectedConditions.alertIsPresent()).accept();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("dl.details"), "CANCELED"));
            driver.findElement(By.linkText("Jobs")).click();
            waitForHeading("Jobs");
            wait.until(ExpectedConditions.presenceOfElementLocated(By.linkText("update-1")));
            screenshot("jobs");

            driver.findElement(By.linkText("Connections")).click();
            waitForHeading("Connections");
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), "DIC_2"));
            assertThat(driver.findElement(By.tagName("main")).getText()).contains("command");
            screenshot("connections");
            click(By.xpath("//button[normalize-space()='Disconnect DIC_2']"));
            assertThat(device.lost.await(5, TimeUnit.SECONDS))
                    .as("disconnected from the console")
                    .isTrue();
        }
        // Three client-side mistakes, each refused with one line: the Refused connections page lists them with the
        // fix, newest first.
        refuseOverPlainTcp(RawMqttClient.connectPacket("plain-mqtt", 4));
        refuseOverPlainTcp("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        try (SSLSocket untrusting =
                (SSLSocket) SSLContext.getDefault().getSocketFactory().createSocket("127.0.0.1", gateway.mqttPort())) {
            untrusting.startHandshake();
        } catch (IOException expected) {
            // the JDK's default trust store does not hold the gateway's CA
        }
        driver.findElement(By.linkText("Refused connections")).click();
        waitForHeading("Refused connections");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.tagName("main"), "the client does not accept the server's certificate"));
        String refused = driver.findElement(By.tagName("main")).getText();
        assertThat(refused)
                .contains("the client sent an MQTT CONNECT without TLS to the MQTT over TLS port")
                .contains("Fix: send HTTP to the API port")
                .contains("Fix: install the gateway's server CA");
        assertThat(refused.indexOf("does not accept the server's certificate"))
                .as("newest first")
                .isLessThan(refused.indexOf("MQTT CONNECT without TLS"));
        screenshot("refused-connections");

        // the thing page tells when its client was last connected
        driver.get(consoleUrl() + "#/things/DIC_2");
        waitForHeading("Thing DIC_2");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), "last seen"));
        // and its jobs
        wait.until(ExpectedConditions.presenceOfElementLocated(By.linkText("update-1")));

        // 390 px wide: the menu collapses behind a button
        driver.manage().window().setSize(new Dimension(390, 844));
        click(By.id("menu-toggle"));
        click(By.linkText("Things"));
        waitForHeading("Things");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.linkText("DIC_2")));
        screenshot("things-390");
        driver.manage().window().setSize(new Dimension(1280, 900));

        // the registry, through the AWS SDK, has what the pages said
        try (IotClient iot = AwsClients.iot(gateway.connection())) {
            String caId = iot.listCACertificates().certificates().get(0).certificateId();
            CACertificateDescription caDescription =
                    iot.describeCACertificate(r -> r.certificateId(caId)).certificateDescription();
            assertThat(caDescription.status().toString()).isEqualTo("ACTIVE");
            assertThat(caDescription.certificateMode()).isEqualTo(CertificateMode.SNI_ONLY);
            assertThat(caDescription.autoRegistrationStatus()).isEqualTo(AutoRegistrationStatus.ENABLE);
            assertThat(iot.getPolicy(r -> r.policyName("DIC_POLICY")).policyDocument())
                    .isEqualTo(GUIDE_POLICY);
            assertThat(iot.describeThing(r -> r.thingName("DIC_2")).thingName()).isEqualTo("DIC_2");
            List<String> principals =
                    iot.listThingPrincipals(r -> r.thingName("DIC_2")).principals();
            assertThat(principals).hasSize(1);
            String certificateId = principals.get(0).substring(principals.get(0).lastIndexOf('/') + 1);
            CertificateDescription certificate =
                    iot.describeCertificate(r -> r.certificateId(certificateId)).certificateDescription();
            assertThat(certificate.status()).isEqualTo(CertificateStatus.ACTIVE);
            assertThat(certificate.caCertificateId()).isEqualTo(caId);
            assertThat(iot.listAttachedPolicies(r -> r.target(principals.get(0)))
                            .policies())
                    .extracting(Policy::policyName)
                    .containsExactly("DIC_POLICY");
            // the failed wizard left nothing: no thing DIC_3, the certificate still attached to DIC_2 only
            assertThatThrownBy(() -> iot.describeThing(r -> r.thingName("DIC_3")))
                    .isInstanceOf(ResourceNotFoundException.class);
            assertThat(iot.listPrincipalThings(r -> r.principal(principals.get(0)))
                            .things())
                    .containsExactly("DIC_2");
            assertThat(iot.listThingPrincipals(r -> r.thingName("DIC_AUTO")).principals())
                    .hasSize(1);
            Job job = iot.describeJob(r -> r.jobId("update-1")).job();
            assertThat(job.status()).isEqualTo(JobStatus.CANCELED);
            assertThat(job.forceCanceled()).isTrue();
        }

        // a cross-site POST is refused even with the page's own token (Origin check); then sign out
        Object crossSite = ((JavascriptExecutor) driver)
                .executeAsyncScript("const done = arguments[arguments.length - 1];"
                        + "fetch('/console/api/things/EVIL', {method: 'POST', body: '{}',"
                        + " headers: {'x-thingcore-csrf': 'forged'}}).then(r => done(r.status));");
        assertThat(((Number) crossSite).intValue()).isEqualTo(403);
        click(By.id("sign-out"));
        waitForHeading("Sign in to thingcore");
        Object afterSignOut = ((JavascriptExecutor) driver)
                .executeAsyncScript("const done = arguments[arguments.length - 1];"
                        + "fetch('/console/api/things').then(r => done(r.status));");
        assertThat(((Number) afterSignOut).intValue()).isEqualTo(401);
        driver.get(consoleUrl() + "#/things");
        waitForHeading("Sign in to thingcore");
    }

    /** Replaces a textarea's text as a paste does (one input event). */
    private void paste(WebElement textarea, String text) {
        ((JavascriptExecutor) driver)
                .executeScript(
                        "const t = arguments[0]; t.value = arguments[1]; t.dispatchEvent(new Event('input'));",
                        textarea,
                        text);
    }

    private void signIn(String keyId, String secret) {
        WebElement key = driver.findElement(By.id("access-key-id"));
        key.clear();
        key.sendKeys(keyId);
        WebElement secretField = driver.findElement(By.id("secret-access-key"));
        secretField.clear();
        secretField.sendKeys(secret, org.openqa.selenium.Keys.ENTER); // keyboard only
    }

    private WebElement field(String label) {
        WebElement element = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.xpath("//label[normalize-space()=" + xpathLiteral(label) + "]")));
        return driver.findElement(By.id(element.getAttribute("for")));
    }

    private WebElement radio(String label) {
        return field(label);
    }

    /** Sends {@code bytes} to the MQTT port without TLS and waits for the gateway to close the connection. */
    private void refuseOverPlainTcp(byte[] bytes) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", gateway.mqttPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            try {
                while (socket.getInputStream().read() >= 0) {
                    // until the gateway closes
                }
            } catch (IOException reset) {
                // a reset is a close too
            }
        }
    }

    private void click(By by) {
        wait.until(ExpectedConditions.elementToBeClickable(by)).click();
    }

    private static String xpathLiteral(String text) {
        return "'" + text + "'";
    }

    private void waitForHeading(String text) {
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), text));
    }

    /** The text of the page's heading once it starts with {@code prefix}. */
    private String waitForHeadingStarting(String prefix) {
        return wait.until(d -> {
            String text = d.findElement(By.tagName("h1")).getText();
            return text.startsWith(prefix) ? text : null;
        });
    }

    private static boolean screenshots() {
        return Boolean.getBoolean("thingcore.screenshots");
    }

    private void screenshot(String name) throws IOException {
        if (!screenshots()) {
            return;
        }
        Path target = Path.of(System.getProperty("thingcore.screenshots.dir", "../docs/screenshots"));
        Files.createDirectories(target);
        // the transient toast and the scroll position are not part of the page
        ((JavascriptExecutor) driver)
                .executeScript("const t = document.getElementById('toast'); if (t) t.textContent = '';"
                        + " window.scrollTo(0, 0);");
        Path png = driver.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(png, target.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** The DIC device as an MQTT client (Paho, mutual TLS, SNI = the endpoint host, client ID = thing name). */
    private static final class Device implements MqttCallback, AutoCloseable {
        final MqttClient client;
        final CountDownLatch lost = new CountDownLatch(1);
        final BlockingQueue<String> received = new LinkedBlockingQueue<>();

        private Device(MqttClient client) {
            this.client = client;
        }

        static Device connect(ConnectionInfo info, X509Certificate certificate, KeyPair keys) throws Exception {
            MqttClient client = new MqttClient("ssl://localhost:" + info.mqttPort(), "DIC_2", new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setSocketFactory(MqttTls.socketFactory(
                    certificate, keys.getPrivate(), Path.of(info.serverCaFile()), info.mqttHost()));
            options.setAutomaticReconnect(false);
            Device device = new Device(client);
            client.setCallback(device);
            client.connect(options);
            return device;
        }

        @Override
        public void connectionLost(Throwable cause) {
            lost.countDown();
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            received.add(topic + "=" + new String(message.getPayload(), StandardCharsets.UTF_8));
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {}

        @Override
        public void close() throws MqttException {
            if (client.isConnected()) {
                client.disconnect(1000);
            }
            client.close(true);
        }
    }
}
