package io.thingcore.registry.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.thingcore.pki.CertificateAuthority;
import io.thingcore.pki.CertificateChecks;
import io.thingcore.pki.CertificateIds;
import io.thingcore.pki.Keys;
import io.thingcore.pki.Pem;
import io.thingcore.policy.Decision;
import io.thingcore.registry.Account;
import io.thingcore.registry.AuthorizationResult;
import io.thingcore.registry.AuthorizationTest;
import io.thingcore.registry.AutoRegistrationStatus;
import io.thingcore.registry.CaCertificateRecord;
import io.thingcore.registry.CaCertificateStatus;
import io.thingcore.registry.CertificateMode;
import io.thingcore.registry.CertificateRecord;
import io.thingcore.registry.CertificateStatus;
import io.thingcore.registry.CreateThingRequest;
import io.thingcore.registry.CreateThingTypeRequest;
import io.thingcore.registry.CreatedCertificate;
import io.thingcore.registry.ErrorType;
import io.thingcore.registry.ListThingsRequest;
import io.thingcore.registry.Page;
import io.thingcore.registry.PageRequest;
import io.thingcore.registry.PolicyRecord;
import io.thingcore.registry.PolicyVersionRecord;
import io.thingcore.registry.RegisterCaCertificateRequest;
import io.thingcore.registry.RegistrationConfig;
import io.thingcore.registry.RegistryEvent;
import io.thingcore.registry.RegistryException;
import io.thingcore.registry.Tag;
import io.thingcore.registry.ThingPrincipalType;
import io.thingcore.registry.ThingRecord;
import io.thingcore.registry.ThingTypeRecord;
import io.thingcore.registry.UpdateCaCertificateRequest;
import io.thingcore.registry.UpdateThingRequest;
import io.thingcore.registry.readmodel.CaSnapshot;
import io.thingcore.registry.readmodel.DeviceIdentity;
import io.thingcore.testkit.pki.KeyType;
import io.thingcore.testkit.pki.TestCa;
import io.thingcore.testkit.pki.TestPki;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.IntStream;
import javax.security.auth.x500.X500Principal;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The registry's behaviour, database-independent: every operation's success and refusal paths (the AWS IoT API
 * Reference and the status, deletion and validation rules of the AWS IoT Developer Guide), the DIC workflow, durability
 * across reopen, events, the device directory, and that a refused call changes nothing. One subclass per database
 * supplies a fresh database per test.
 */
abstract class RegistryContractTest {
    static final Account ACCOUNT = new Account("123456789012", "us-east-1");
    static final String ALLOW_ALL =
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}";
    static final String DENY_PUBLISH = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\","
            + "\"Action\":\"iot:Publish\",\"Resource\":\"*\"}]}";
    static final String THING_CONNECT = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":\"iot:Connect\",\"Resource\":\"arn:aws:iot:us-east-1:123456789012:client/"
            + "${iot:Connection.Thing.ThingName}\"}]}";

    static TestCa deviceCa;
    static TestCa dicCa;

    String url;
    JdbcRegistry registry;
    final List<RegistryEvent> events = new CopyOnWriteArrayList<>();

    /** A JDBC URL of an empty database (or schema) for one test. */
    protected abstract String freshDatabaseUrl() throws Exception;

    /** Removes what {@link #freshDatabaseUrl()} made, if anything needs removing. */
    protected void dropDatabase() throws Exception {}

    @BeforeAll
    static void makePki() {
        deviceCa = TestPki.ca("CN=thingcore device CA");
        dicCa = TestPki.ca("CN=DIC CA,O=Silicon Labs Test");
    }

    @BeforeEach
    void openRegistry() throws Exception {
        url = freshDatabaseUrl();
        registry = open();
    }

    @AfterEach
    void closeRegistry() throws Exception {
        if (registry != null) {
            registry.close();
        }
        dropDatabase();
    }

    JdbcRegistry open() {
        JdbcRegistry opened = JdbcRegistry.open(url, ACCOUNT, deviceCa.as(CertificateAuthority::of), Clock.systemUTC());
        events.clear();
        opened.addListener(events::add);
        return opened;
    }

    void reopen() {
        registry.close();
        registry = open();
    }

    // ---- helpers -----------------------------------------------------------------------------------------------

    static RegistryException refused(ErrorType type, ThrowingCallable call) {
        RegistryException e = catchThrowableOfType(RegistryException.class, call);
        assertThat(e).as("expected %s", type.wireName()).isNotNull();
        assertThat(e.type()).as(e.getMessage()).isEqualTo(type);
        return e;
    }

    /** The call is refused with {@code type}, and neither the stored state nor the directory changed, no event. */
    RegistryException refusedUnchanged(ErrorType type, ThrowingCallable call) {
        String before = state();
        int eventsBefore = events.size();
        RegistryException e = refused(type, call);
        assertThat(state()).isEqualTo(before);
        assertThat(events).hasSize(eventsBefore);
        return e;
    }

    /** Everything the API can list, and what the directory says about it, as one comparable string. */
    String state() {
        StringBuilder s = new StringBuilder();
        for (CaCertificateRecord ca : all(p -> registry.caCertificates().listCaCertificates(p, null))) {
            s.append(ca)
                    .append('\n')
                    .append(registry.deviceDirectory().findCa(ca.certificateId()))
                    .append('\n');
        }
        for (CertificateRecord certificate : all(p -> registry.certificates().listCertificates(p))) {
            s.append(certificate).append('\n');
            s.append(registry.deviceDirectory().findCertificate(certificate.certificateId()))
                    .append('\n');
            s.append(all(p -> registry.policies().listAttachedPolicies(certificate.certificateArn(), false, p)))
                    .append('\n');
            s.append(all(p -> registry.things().listPrincipalThings(certificate.certificateArn(), p)))
                    .append('\n');
        }
        for (PolicyRecord policy : all(p -> registry.policies().listPolicies(p))) {
            s.append(policy)
                    .append('\n')
                    .append(registry.policies().listPolicyVersions(policy.policyName()))
                    .append('\n');
            s.append(all(p -> registry.policies().listTargetsForPolicy(policy.policyName(), p)))
                    .append('\n');
        }
        for (ThingRecord thing : all(p -> registry.things().listThings(ListThingsRequest.all(), p))) {
            s.append(thing).append('\n').append(registry.deviceDirectory().findThing(thing.thingName()));
            s.append(all(p -> registry.things().listThingPrincipals(thing.thingName(), p)))
                    .append('\n');
        }
        for (ThingTypeRecord type : all(p -> registry.thingTypes().listThingTypes(null, p))) {
            s.append(type).append('\n');
        }
        return s.toString();
    }

    static <T> List<T> all(Function<PageRequest, Page<T>> list) {
        List<T> items = new ArrayList<>();
        String token = null;
        do {
            Page<T> page = list.apply(new PageRequest(token, 250, true));
            items.addAll(page.items());
            token = page.nextToken();
        } while (token != null);
        return items;
    }

    CaCertificateRecord registerSniCa(TestCa ca) {
        return registry.caCertificates()
                .registerCaCertificate(new RegisterCaCertificateRequest(
                        TestPki.pem(ca), null, CertificateMode.SNI_ONLY, true, true, null, List.of()));
    }

    CertificateRecord registerDevice(String cn, boolean active) {
        return registry.certificates()
                .registerCertificate(
                        TestPki.pem(TestPki.deviceV1(dicCa, "CN=" + cn).certificate()), null, null, active);
    }

    CertificateRecord inactiveCertificate() {
        return registry.certificates()
                .registerCertificateWithoutCa(
                        TestPki.pem(TestPki.device(deviceCa, "CN=loose").certificate()), null);
    }

    static ThingRecord thing(JdbcRegistry registry, String name) {
        return registry.things().createThing(new CreateThingRequest(name, null, Map.of()));
    }

    static AuthorizationTest.AuthInfo auth(String action, String... resources) {
        return new AuthorizationTest.AuthInfo(action, List.of(resources));
    }

    static String arn(String type, String id) {
        return ACCOUNT.arn(type, id);
    }

    // ---- schema and lifecycle ----------------------------------------------------------------------------------

    @Nested
    class Schema {
        @Test
        void migrationsAreRecordedPerTrack() throws Exception {
            try (Connection connection = DriverManager.getConnection(url);
                    Statement statement = connection.createStatement();
                    var rs = statement.executeQuery(
                            "SELECT track, version, name FROM schema_migrations ORDER BY track, version")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1) + " " + rs.getLong(2) + " " + rs.getString(3))
                        .isEqualTo("registry 1 V001__initial.sql");
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1) + " " + rs.getLong(2) + " " + rs.getString(3))
                        .isEqualTo("registry 2 V002__namespaces.sql");
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1) + " " + rs.getLong(2) + " " + rs.getString(3))
                        .isEqualTo("registry 3 V003__creation_sequence.sql");
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1) + " " + rs.getLong(2) + " " + rs.getString(3))
                        .isEqualTo("registry 4 V004__change_feed.sql");
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1) + " " + rs.getLong(2) + " " + rs.getString(3))
                        .isEqualTo("storage 1 V001__gateway_node.sql");
                assertThat(rs.next()).isFalse();
            }
        }

        @Test
        void reopeningDoesNotReapplyMigrations() {
            registerSniCa(dicCa);
            reopen();
            reopen();
            assertThat(all(p -> registry.caCertificates().listCaCertificates(p, null)))
                    .hasSize(1);
        }

        /**
         * A registry written before namespaces (track version 1 only): V002 carries its rows into the default
         * namespace, and V003's creation order continues after them.
         */
        @Test
        void rowsFromBeforeNamespacesMoveToTheDefaultNamespace() throws Exception {
            registry.close();
            registry = null;
            dropDatabase();
            url = freshDatabaseUrl();
            try (io.thingcore.storage.Storage storage = io.thingcore.storage.Storage.open(url, Clock.systemUTC())) {
                storage.migrate(
                        new io.thingcore.storage.MigrationTrack(
                                "registry", "/io/thingcore/registry/migrations/", List.of("V001__initial.sql")),
                        Map.of());
            }
            try (Connection connection = DriverManager.getConnection(url);
                    Statement statement = connection.createStatement()) {
                connection.setAutoCommit(true);
                statement.executeUpdate("INSERT INTO things (name, seq, id, type_name, version, created_at)"
                        + " VALUES ('old', 7, 'id-old', NULL, 3, 0)");
                statement.executeUpdate(
                        "INSERT INTO thing_attributes (thing_name, name, value) VALUES ('old', 'site', 'lab')");
                statement.executeUpdate("INSERT INTO policies (name, seq, default_version, next_version, created_at,"
                        + " modified_at, generation_id) VALUES ('OLD_POLICY', 9, 1, 2, 0, 0, 'g')");
                statement.executeUpdate("INSERT INTO policy_versions (policy_name, version, document, created_at,"
                        + " generation_id) VALUES ('OLD_POLICY', 1, '" + ALLOW_ALL + "', 0, 'g')");
                statement.executeUpdate(
                        "INSERT INTO account_settings (name, value) VALUES ('registration_code', 'c0de')");
            }
            registry = open();
            ThingRecord old = registry.things().describeThing("old");
            assertThat(old.thingArn()).isEqualTo(ACCOUNT.thingArn("old"));
            assertThat(old.attributes()).isEqualTo(Map.of("site", "lab"));
            assertThat(old.version()).isEqualTo(3);
            assertThat(registry.policies().getPolicy("OLD_POLICY").policyDocument())
                    .isEqualTo(ALLOW_ALL);
            assertThat(registry.caCertificates().getRegistrationCode()).isEqualTo("c0de");
            registry.things().createThing(new CreateThingRequest("new", null, Map.of()));
            assertThat(registry.things().listThings(null, PageRequest.first()).items())
                    .extracting(ThingRecord::thingName)
                    .containsExactly("old", "new");
            assertThat(registry.forNamespace(new Account("123456789012", "eu-west-1"))
                            .things()
                            .listThings(null, PageRequest.first())
                            .items())
                    .isEmpty();
        }

        @Test
        void aNewerSchemaIsRefused() throws Exception {
            registry.close();
            registry = null;
            try (Connection connection = DriverManager.getConnection(url);
                    Statement statement = connection.createStatement()) {
                connection.setAutoCommit(true);
                statement.executeUpdate("INSERT INTO schema_migrations (track, version, name, applied_at)"
                        + " VALUES ('registry', 999, 'V999__future.sql', 0)");
            }
            assertThatThrownBy(() ->
                            JdbcRegistry.open(url, ACCOUNT, deviceCa.as(CertificateAuthority::of), Clock.systemUTC()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("version 999 of the registry schema")
                    .hasMessageContaining("newer");
        }

        @Test
        void closedRegistryRefusesCalls() {
            registry.close();
            refused(ErrorType.SERVICE_UNAVAILABLE, () -> registry.policies().listPolicies(PageRequest.first()));
            registry.close();
            registry = null;
        }
    }

    // ---- concurrency ---------------------------------------------------------------------------------------------

    /** Runs {@code writers} calls of {@code call} at once; each result is the call's value or its exception. */
    static <T> List<Object> concurrently(int writers, Function<Integer, T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            CyclicBarrier start = new CyclicBarrier(writers);
            List<Future<Object>> futures = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                int writer = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    try {
                        return call.apply(writer);
                    } catch (RegistryException e) {
                        return e;
                    }
                }));
            }
            List<Object> results = new ArrayList<>();
            for (Future<Object> future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @Nested
    class Concurrency {
        @Test
        void ofWritersExpectingOneVersionExactlyOneWinsTheOthersGetVersionConflict() throws Exception {
            registry.things().createThing(new CreateThingRequest("contended", null, Map.of()));
            List<Object> results = concurrently(8, i -> {
                registry.things()
                        .updateThing(new UpdateThingRequest(
                                "contended", null, Map.of("writer", Integer.toString(i)), true, 1L, false));
                return "won";
            });
            assertThat(results).filteredOn("won"::equals).hasSize(1);
            assertThat(results)
                    .filteredOn(r -> r instanceof RegistryException e && e.type() == ErrorType.VERSION_CONFLICT)
                    .hasSize(7);
            assertThat(registry.things().describeThing("contended").version()).isEqualTo(2);
        }

        @Test
        void concurrentUpdatesOfOneThingLoseNothing() throws Exception {
            registry.thingTypes().createThingType(new CreateThingTypeRequest("many", null, List.of(), List.of()));
            registry.things().createThing(new CreateThingRequest("merged", "many", Map.of()));
            concurrently(20, i -> {
                registry.things()
                        .updateThing(new UpdateThingRequest("merged", null, Map.of("a" + i, "v"), true, null, false));
                return null;
            });
            ThingRecord thing = registry.things().describeThing("merged");
            assertThat(thing.attributes()).hasSize(20);
            assertThat(thing.version()).isEqualTo(21);
        }

        @Test
        void concurrentCreatesOfOneThingAreIdempotentOrConflictAsAwsAnswers() throws Exception {
            List<Object> same = concurrently(
                    8,
                    i -> registry.things()
                            .createThing(new CreateThingRequest("twin", null, Map.of("k", "v")))
                            .thingId());
            assertThat(same).doesNotHaveAnyElementsOfTypes(RegistryException.class);
            assertThat(same.stream().distinct()).hasSize(1);

            List<Object> different = concurrently(
                    8,
                    i -> registry.things()
                            .createThing(new CreateThingRequest("rival", null, Map.of("k", "v" + i)))
                            .thingId());
            assertThat(different)
                    .filteredOn(r -> r instanceof RegistryException e && e.type() == ErrorType.RESOURCE_ALREADY_EXISTS)
                    .hasSize(7);
        }

        @Test
        void concurrentCreatesOfOnePolicyLeaveOneAndRefuseTheRest() throws Exception {
            List<Object> results = concurrently(
                    8,
                    i -> registry.policies()
                            .createPolicy("once", ALLOW_ALL, List.of())
                            .policyName());
            assertThat(results).filteredOn("once"::equals).hasSize(1);
            assertThat(results)
                    .filteredOn(r -> r instanceof RegistryException e && e.type() == ErrorType.RESOURCE_ALREADY_EXISTS)
                    .hasSize(7);
            assertThat(registry.policies().listPolicyVersions("once")).hasSize(1);
        }
    }

    // ---- namespaces ----------------------------------------------------------------------------------------------

    @Nested
    class Namespaces {
        static final Account OTHER_ACCOUNT = new Account("210987654321", "us-east-1");
        static final Account OTHER_REGION = new Account("123456789012", "eu-west-1");

        /** The same thing, policy, certificate and CA, by the same names and IDs, in {@code registry}. */
        void populate(io.thingcore.registry.Registry target, String certificatePem) {
            target.caCertificates()
                    .registerCaCertificate(new RegisterCaCertificateRequest(
                            TestPki.pem(dicCa), null, CertificateMode.SNI_ONLY, true, true, null, List.of()));
            CertificateRecord certificate =
                    target.certificates().registerCertificate(certificatePem, null, CertificateStatus.ACTIVE, false);
            target.policies().createPolicy("DIC_POLICY", ALLOW_ALL, List.of());
            target.policies().attachPolicy("DIC_POLICY", certificate.certificateArn());
            target.things().createThing(new CreateThingRequest("DIC_1", null, Map.of("site", "lab")));
            target.things().attachThingPrincipal("DIC_1", certificate.certificateArn(), null);
        }

        @Test
        void twoNamespacesWithTheSameResourcesNeverSeeEachOther() {
            String pem = TestPki.pem(TestPki.deviceV1(dicCa, "CN=DIC_1").certificate());
            String id = CertificateIds.of(Pem.readCertificate(pem));
            populate(registry, pem);
            for (Account namespace : List.of(OTHER_ACCOUNT, OTHER_REGION)) {
                io.thingcore.registry.Registry other = registry.forNamespace(namespace);
                assertThat(other.account()).isEqualTo(namespace);
                refused(ErrorType.RESOURCE_NOT_FOUND, () -> other.things().describeThing("DIC_1"));
                refused(ErrorType.RESOURCE_NOT_FOUND, () -> other.policies().getPolicy("DIC_POLICY"));
                refused(ErrorType.RESOURCE_NOT_FOUND, () -> other.certificates().describeCertificate(id));
                refused(
                        ErrorType.RESOURCE_NOT_FOUND,
                        () -> other.caCertificates().describeCaCertificate(CertificateIds.of(dicCa.certificate())));
                assertThat(other.things().listThings(null, PageRequest.first()).items())
                        .isEmpty();
                assertThat(other.policies().listPolicies(PageRequest.first()).items())
                        .isEmpty();
                assertThat(other.certificates()
                                .listCertificates(PageRequest.first())
                                .items())
                        .isEmpty();
                assertThat(other.caCertificates()
                                .listCaCertificates(PageRequest.first(), null)
                                .items())
                        .isEmpty();
                // This namespace's certificate ARN names nothing there: attaching to it is refused.
                refused(
                        ErrorType.RESOURCE_NOT_FOUND,
                        () -> other.policies().attachPolicy("DIC_POLICY", ACCOUNT.certificateArn(id)));

                populate(other, pem);
                assertThat(other.certificates().describeCertificate(id).certificateArn())
                        .isEqualTo(namespace.certificateArn(id));
                assertThat(other.things().describeThing("DIC_1").thingArn()).isEqualTo(namespace.thingArn("DIC_1"));
                other.things().detachThingPrincipal("DIC_1", namespace.certificateArn(id));
                other.things().deleteThing("DIC_1", null);
                other.policies().detachPolicy("DIC_POLICY", namespace.certificateArn(id));
                other.policies().deletePolicy("DIC_POLICY");
                other.certificates().updateCertificate(id, CertificateStatus.REVOKED);
                other.reset();
                assertThat(other.certificates()
                                .listCertificates(PageRequest.first())
                                .items())
                        .isEmpty();
                assertThat(other.caCertificates()
                                .listCaCertificates(PageRequest.first(), null)
                                .items())
                        .isEmpty();
            }
            // Nothing done in the other namespaces reached this one, its directory or its listeners.
            assertThat(registry.things().describeThing("DIC_1").attributes()).isEqualTo(Map.of("site", "lab"));
            assertThat(registry.policies().getPolicy("DIC_POLICY").policyName()).isEqualTo("DIC_POLICY");
            assertThat(registry.certificates().describeCertificate(id).status()).isEqualTo(CertificateStatus.ACTIVE);
            assertThat(registry.things()
                            .listThingPrincipals("DIC_1", PageRequest.first())
                            .items())
                    .containsExactly(ACCOUNT.certificateArn(id));
            assertThat(registry.deviceDirectory()
                            .findCertificate(id)
                            .orElseThrow()
                            .status())
                    .isEqualTo(CertificateStatus.ACTIVE);
            assertThat(registry.deviceDirectory().findThing("DIC_1")).isPresent();
            assertThat(events).noneMatch(e -> e instanceof RegistryEvent.Reset);
        }

        @Test
        void theRegistrationCodeIsPerNamespace() {
            String code = registry.caCertificates().getRegistrationCode();
            io.thingcore.registry.Registry other = registry.forNamespace(OTHER_ACCOUNT);
            assertThat(other.caCertificates().getRegistrationCode()).isNotEqualTo(code);
            other.caCertificates().deleteRegistrationCode();
            assertThat(registry.caCertificates().getRegistrationCode()).isEqualTo(code);
        }
    }

    // ---- registration code and CA certificates -----------------------------------------------------------------

    @Nested
    class CaCertificates {
        @Test
        void registrationCodeIsStableUntilDeleted() {
            String code = registry.caCertificates().getRegistrationCode();
            assertThat(code).matches("[0-9a-f]{64}");
            assertThat(registry.caCertificates().getRegistrationCode()).isEqualTo(code);
            registry.caCertificates().deleteRegistrationCode();
            assertThat(registry.caCertificates().getRegistrationCode())
                    .isNotEqualTo(code)
                    .matches("[0-9a-f]{64}");
        }

        @Test
        void registersAnSniOnlyCa() {
            CaCertificateRecord ca = registerSniCa(dicCa);
            String id = CertificateIds.of(dicCa.certificate());
            assertThat(ca.certificateId()).isEqualTo(id).matches("[0-9a-f]{64}");
            assertThat(ca.certificateArn()).isEqualTo("arn:aws:iot:us-east-1:123456789012:cacert/" + id);
            assertThat(ca.status()).isEqualTo(CaCertificateStatus.ACTIVE);
            assertThat(ca.autoRegistrationStatus()).isEqualTo(AutoRegistrationStatus.ENABLE);
            assertThat(ca.certificateMode()).isEqualTo(CertificateMode.SNI_ONLY);
            assertThat(ca.ownedBy()).isEqualTo("123456789012");
            assertThat(ca.customerVersion()).isEqualTo(1);
            assertThat(ca.generationId()).isNotBlank();
            assertThat(ca.notAfter())
                    .isEqualTo(dicCa.certificate().getNotAfter().toInstant());
            assertThat(ca.creationDate()).isNotNull();
            assertThat(registry.caCertificates().describeCaCertificate(id)).isEqualTo(ca);
            assertThat(registry.caCertificates().describeCaCertificate(id.toUpperCase()))
                    .isEqualTo(ca);
            assertThat(registry.deviceDirectory().findCa(id)).hasValueSatisfying(snapshot -> {
                assertThat(snapshot.allowsAutoRegistration()).isTrue();
                assertThat(snapshot.certificate()).isEqualTo(dicCa.certificate());
            });
            assertThat(events).containsExactly(new RegistryEvent.CaCertificateChanged(id));
        }

        @Test
        void defaultModeNeedsAVerificationCertificateWithTheRegistrationCode() {
            TestCa ca = TestPki.ca("CN=Default mode CA");
            String code = registry.caCertificates().getRegistrationCode();
            String verification = TestPki.pem(TestPki.device(ca, "CN=" + code).certificate());
            CaCertificateRecord record = registry.caCertificates()
                    .registerCaCertificate(new RegisterCaCertificateRequest(
                            TestPki.pem(ca), verification, null, false, false, null, List.of(new Tag("env", "test"))));
            assertThat(record.certificateMode()).isEqualTo(CertificateMode.DEFAULT);
            assertThat(record.status()).isEqualTo(CaCertificateStatus.INACTIVE);
            assertThat(record.autoRegistrationStatus()).isEqualTo(AutoRegistrationStatus.DISABLE);
        }

        @Test
        void defaultModeRefusals() {
            TestCa ca = TestPki.ca("CN=Default mode CA");
            String code = registry.caCertificates().getRegistrationCode();
            refusedUnchanged(
                    ErrorType.INVALID_REQUEST,
                    () -> registry.caCertificates()
                            .registerCaCertificate(new RegisterCaCertificateRequest(
                                    TestPki.pem(ca), null, CertificateMode.DEFAULT, true, false, null, null)));
            refusedUnchanged(
                    ErrorType.REGISTRATION_CODE_VALIDATION,
                    () -> registry.caCertificates()
                            .registerCaCertificate(new RegisterCaCertificateRequest(
                                    TestPki.pem(ca),
                                    TestPki.pem(TestPki.device(ca, "CN=not-the-code")
                                            .certificate()),
                                    null,
                                    true,
                                    false,
                                    null,
                                    null)));
            TestCa other = TestPki.ca("CN=Other CA");
            refusedUnchanged(
                    ErrorType.CERTIFICATE_VALIDATION,
                    () -> registry.caCertificates()
                            .registerCaCertificate(new RegisterCaCertificateRequest(
                                    TestPki.pem(ca),
                                    TestPki.pem(
                                            TestPki.device(other, "CN=" + code).certificate()),
                                    null,
                                    true,
                                    false,
                                    null,
                                    null)));
        }

        @Test
        void sniOnlyRefusesAVerificationCertificate() {
            TestCa ca = TestPki.ca("CN=SNI CA");
            refusedUnchanged(
                    ErrorType.INVALID_REQUEST,
                    () -> registry.caCertificates()
                            .registerCaCertificate(new RegisterCaCertificateRequest(
                                    TestPki.pem(ca),
                                    TestPki.pem(TestPki.device(ca, "CN=x").certificate()),
                                    CertificateMode.SNI_ONLY,
                                    true,
                                    false,
                                    null,
                                    null)));
        }

        @Test
        void refusesInvalidCaCertificates() {
            RegistryException garbage = refusedUnchanged(
                    ErrorType.CERTIFICATE_VALIDATION,
                    () -> registry.caCertificates()
                            .registerCaCertificate(new RegisterCaCertificateRequest(
                                    "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
                                    null,
                                    CertificateMode.SNI_ONLY,
                                    true,
                                    false,
                                    null,
                                    null)));
            assertThat(garbage.getMessage()).startsWith("The certificate is invalid.");
            RegistryException notCa = refusedUnchanged(
                    ErrorType.CERTIFICATE_VALIDATION,
                    () -> registry.caCertificates()
                            .registerCaCertificate(new RegisterCaCertificateRequest(
                                    TestPki.pem(TestPki.device(dicCa, "CN=leaf").certificate()),
                                    null,
                                    CertificateMode.SNI_ONLY,
                                    true,
                                    false,
                                    null,
                                    null)));
            assertThat(notCa.getMessage()).contains("basicConstraints");
            RegistryException expired = refusedUnchanged(
                    ErrorType.CERTIFICATE_VALIDATION, () -> registerSniCa(TestPki.expiredCa("CN=Old CA")));
            assertThat(expired.getMessage()).contains("expired");
            refusedUnchanged(
                    ErrorType.INVALID_REQUEST,
                    () -> registry.caCertificates()
                            .registerCaCertificate(new RegisterCaCertificateRequest(
                                    null, null, CertificateMode.SNI_ONLY, true, false, null, null)));
        }

        @Test
        void duplicateCaIsRefusedWithItsIdAndArn() {
            CaCertificateRecord ca = registerSniCa(dicCa);
            RegistryException e = refusedUnchanged(ErrorType.RESOURCE_ALREADY_EXISTS, () -> registerSniCa(dicCa));
            assertThat(e.resourceId()).isEqualTo(ca.certificateId());
            assertThat(e.resourceArn()).isEqualTo(ca.certificateArn());
        }

        @Test
        void atMostTenCasWithTheSameSubject() {
            for (int i = 0; i < 10; i++) {
                registerSniCa(TestPki.ca("CN=Same Subject"));
            }
            refusedUnchanged(ErrorType.LIMIT_EXCEEDED, () -> registerSniCa(TestPki.ca("CN=Same Subject")));
            registerSniCa(TestPki.ca("CN=Another Subject"));
        }

        @Test
        void updatesStatusAutoRegistrationAndConfig() {
            CaCertificateRecord ca = registerSniCa(dicCa);
            RegistrationConfig config = new RegistrationConfig("{}", "arn:aws:iam::123456789012:role/JITP", null);
            registry.caCertificates()
                    .updateCaCertificate(new UpdateCaCertificateRequest(
                            ca.certificateId(),
                            CaCertificateStatus.INACTIVE,
                            AutoRegistrationStatus.DISABLE,
                            config,
                            false));
            CaCertificateRecord updated = registry.caCertificates().describeCaCertificate(ca.certificateId());
            assertThat(updated.status()).isEqualTo(CaCertificateStatus.INACTIVE);
            assertThat(updated.autoRegistrationStatus()).isEqualTo(AutoRegistrationStatus.DISABLE);
            assertThat(updated.registrationConfig()).isEqualTo(config);
            assertThat(updated.customerVersion()).isEqualTo(2);
            assertThat(registry.deviceDirectory()
                            .findCa(ca.certificateId())
                            .orElseThrow()
                            .allowsAutoRegistration())
                    .isFalse();
            registry.caCertificates()
                    .updateCaCertificate(new UpdateCaCertificateRequest(ca.certificateId(), null, null, null, true));
            assertThat(registry.caCertificates()
                            .describeCaCertificate(ca.certificateId())
                            .registrationConfig())
                    .isNull();
            refusedUnchanged(
                    ErrorType.RESOURCE_NOT_FOUND,
                    () -> registry.caCertificates()
                            .updateCaCertificate(new UpdateCaCertificateRequest(
                                    "ab".repeat(32), CaCertificateStatus.ACTIVE, null, null, false)));
            refusedUnchanged(
                    ErrorType.INVALID_REQUEST,
                    () -> registry.caCertificates()
                            .updateCaCertificate(new UpdateCaCertificateRequest(
                                    ca.certificateId(),
                                    null,
                                    null,
                                    new RegistrationConfig(null, null, "bad name!"),
                                    false)));
        }

        @Test
        void listsCasByTemplateName() {
            CaCertificateRecord a = registerSniCa(dicCa);
            registerSniCa(TestPki.ca("CN=Second"));
            registry.caCertificates()
                    .updateCaCertificate(new UpdateCaCertificateRequest(
                            a.certificateId(), null, null, new RegistrationConfig(null, null, "jitp-template"), false));
            assertThat(registry.caCertificates()
                            .listCaCertificates(PageRequest.first(), "jitp-template")
                            .items())
                    .extracting(CaCertificateRecord::certificateId)
                    .containsExactly(a.certificateId());
            assertThat(registry.caCertificates()
                            .listCaCertificates(PageRequest.first(), null)
                            .items())
                    .hasSize(2);
        }

        @Test
        void onlyAnInactiveCaCanBeDeleted() {
            CaCertificateRecord ca = registerSniCa(dicCa);
            refusedUnchanged(
                    ErrorType.CERTIFICATE_STATE,
                    () -> registry.caCertificates().deleteCaCertificate(ca.certificateId()));
            registry.caCertificates()
                    .updateCaCertificate(new UpdateCaCertificateRequest(
                            ca.certificateId(), CaCertificateStatus.INACTIVE, null, null, false));
            registry.caCertificates().deleteCaCertificate(ca.certificateId());
            refused(
                    ErrorType.RESOURCE_NOT_FOUND,
                    () -> registry.caCertificates().describeCaCertificate(ca.certificateId()));
            refused(
                    ErrorType.RESOURCE_NOT_FOUND,
                    () -> registry.caCertificates().deleteCaCertificate(ca.certificateId()));
            assertThat(registry.deviceDirectory().findCa(ca.certificateId())).isEmpty();
            refused(ErrorType.INVALID_REQUEST, () -> registry.caCertificates().describeCaCertificate("not-an-id"));
        }
    }

    // ---- device certificates -----------------------------------------------------------------------------------

    @Nested
    class Certificates {
        @Test
        void registersAV1DeviceCertificateUnderItsCa() {
            CaCertificateRecord ca = registerSniCa(dicCa);
            X509Certificate device = TestPki.deviceV1(dicCa, "CN=DIC_2").certificate();
            assertThat(device.getVersion()).isEqualTo(1);
            events.clear();
            CertificateRecord record =
                    registry.certificates().registerCertificate(TestPki.pem(device), null, null, true);
            String id = CertificateIds.of(device);
            assertThat(record.certificateId()).isEqualTo(id);
            assertThat(record.certificateArn()).isEqualTo(ACCOUNT.certificateArn(id));
            assertThat(record.caCertificateId()).isEqualTo(ca.certificateId());
            assertThat(record.certificateMode()).isEqualTo(CertificateMode.SNI_ONLY);
            assertThat(record.status()).isEqualTo(CertificateStatus.ACTIVE);
            assertThat(record.customerVersion()).isEqualTo(1);
            assertThat(Pem.readCertificate(record.certificatePem())).isEqualTo(device);
            assertThat(registry.certificates().describeCertificate(id)).isEqualTo(record);
            assertThat(events).containsExactly(new RegistryEvent.CertificateChanged(id, CertificateStatus.ACTIVE));
            DeviceIdentity identity =
                    registry.deviceDirectory().findCertificate(id).orElseThrow();
            assertThat(identity.isActive()).isTrue();
            assertThat(identity.caCertificateId()).isEqualTo(ca.certificateId());
            assertThat(identity.certificateMode()).isEqualTo(CertificateMode.SNI_ONLY);
        }

        @Test
        void statusDefaultsToInactiveAndTheStatusMemberWins() {
            registerSniCa(dicCa);
            assertThat(registerDevice("a", false).status()).isEqualTo(CertificateStatus.INACTIVE);
            assertThat(registry.certificates()
                            .registerCertificate(
                                    TestPki.pem(TestPki.deviceV1(dicCa, "CN=b").certificate()),
                                    null,
                                    CertificateStatus.REVOKED,
                                    true)
                            .status())
                    .isEqualTo(CertificateStatus.REVOKED);
            refusedUnchanged(
                    ErrorType.INVALID_REQUEST,
                    () -> registry.certificates()
                            .registerCertificate(
                                    TestPki.pem(TestPki.deviceV1(dicCa, "CN=c").certificate()),
                                    null,
                                    CertificateStatus.PENDING_ACTIVATION,
                                    false));
            refusedUnchanged(
                    ErrorType.INVALID_REQUEST,
                    () -> registry.certificates()
                            .registerCertificate(
                                    TestPki.pem(TestPki.deviceV1(dicCa, "CN=c").certificate()),
                                    null,
                                    CertificateStatus.PENDING_TRANSFER,
                                    false));
        }

        @Test
        void theIssuerMustBeARegisteredActiveCaThatSignedIt() {
            refusedUnchanged(ErrorType.CERTIFICATE_VALIDATION, () -> registerDevice("no-ca-yet", true));
            CaCertificateRecord ca = registerSniCa(dicCa);
            // A fake CA with the same subject but another key: the signature does not verify.
            TestCa impostor = TestPki.ca("CN=DIC CA,O=Silicon Labs Test");
            refusedUnchanged(
                    ErrorType.CERTIFICATE_VALIDATION,
                    () -> registry.certificates()
                            .registerCertificate(
                                    TestPki.pem(TestPki.deviceV1(impostor, "CN=fake")
                                            .certificate()),
                                    null,
                                    null,
                                    true));
            refusedUnchanged(
                    ErrorType.CERTIFICATE_VALIDATION,
                    () -> registry.certificates()
                            .registerCertificate(
                                    TestPki.pem(TestPki.deviceV1(dicCa, "CN=x").certificate()),
                                    TestPki.pem(impostor),
                                    null,
                                    true));
            refusedUnchanged(
                    ErrorType.CERTIFICATE_VALIDATION,
                    () -> registry.certificates().registerCertificate("not a pem", null, null, true));
            refusedUnchanged(
                    ErrorType.CERTIFICATE_VALIDATION,
                    () -> registry.certificates()
                            .registerCertificate(
                                    TestPki.pem(TestPki.device(
                                                    dicCa,
                                                    "CN=old",
                                                    TestPki.NOW.minus(Duration.ofDays(10)),
                                                    TestPki.NOW.minus(Duration.ofDays(2)))
                                            .certificate()),
                                    null,
                                    null,
                                    true));
            registry.caCertificates()
                    .updateCaCertificate(new UpdateCaCertificateRequest(
                            ca.certificateId(), CaCertificateStatus.INACTIVE, null, null, false));
            refusedUnchanged(ErrorType.CERTIFICATE_STATE, () -> registerDevice("ca-inactive", true));
        }

        @Test
        void justInTimeRegistrationRegistersPendingActivationOnceUnderAnAutoRegisteringCa() {
            CaCertificateRecord ca = registerSniCa(dicCa);
            assertThat(ca.autoRegistrationStatus()).isEqualTo(AutoRegistrationStatus.ENABLE);
            X509Certificate device = TestPki.deviceV1(dicCa, "CN=jitr-device").certificate();
            String id = CertificateIds.of(device);
            events.clear();
            CertificateRecord record =
                    registry.certificates().registerPendingActivation(TestPki.pem(device), ca.certificateId());
            assertThat(record.status()).isEqualTo(CertificateStatus.PENDING_ACTIVATION);
            assertThat(record.caCertificateId()).isEqualTo(ca.certificateId());
            assertThat(record.certificateMode()).isEqualTo(CertificateMode.SNI_ONLY);
            assertThat(events)
                    .containsExactly(new RegistryEvent.CertificateChanged(id, CertificateStatus.PENDING_ACTIVATION));
            assertThat(registry.deviceDirectory()
                            .findCertificate(id)
                            .orElseThrow()
                            .status())
                    .isEqualTo(CertificateStatus.PENDING_ACTIVATION);
            // A second connect attempt finds it registered: nothing changes, no event.
            events.clear();
            assertThat(registry.certificates().registerPendingActivation(TestPki.pem(device), ca.certificateId()))
                    .isEqualTo(record);
            assertThat(events).isEmpty();
            registry.certificates().updateCertificate(id, CertificateStatus.ACTIVE);
            assertThat(registry.certificates().describeCertificate(id).status()).isEqualTo(CertificateStatus.ACTIVE);
        }

        @Test
        void justInTimeRegistrationFailsClosed() {
            CaCertificateRecord ca = registerSniCa(dicCa);
            registry.caCertificates()
                    .updateCaCertificate(new UpdateCaCertificateRequest(
                            ca.certificateId(), null, AutoRegistrationStatus.DISABLE, null, false));
            refusedUnchanged(
                    ErrorType.CERTIFICATE_STATE,
                    () -> registry.certificates()
                            .registerPendingActivation(
                                    TestPki.pem(TestPki.deviceV1(dicCa, "CN=a").certificate()), ca.certificateId()));
            registry.caCertificates()
                    .updateCaCertificate(new UpdateCaCertificateRequest(
                            ca.certificateId(),
                            CaCertificateStatus.INACTIVE,
                            AutoRegistrationStatus.ENABLE,
                            null,
                            false));
            refusedUnchanged(
                    ErrorType.CERTIFICATE_STATE,
                    () -> registry.certificates()
                            .registerPendingActivation(
                                    TestPki.pem(TestPki.deviceV1(dicCa, "CN=b").certificate()), ca.certificateId()));
            registry.caCertificates()
                    .updateCaCertificate(new UpdateCaCertificateRequest(
                            ca.certificateId(), CaCertificateStatus.ACTIVE, null, null, false));
            TestCa impostor = TestPki.ca("CN=DIC CA,O=Silicon Labs Test");
            refusedUnchanged(
                    ErrorType.CERTIFICATE_VALIDATION,
                    () -> registry.certificates()
                            .registerPendingActivation(
                                    TestPki.pem(
                                            TestPki.deviceV1(impostor, "CN=c").certificate()),
                                    ca.certificateId()));
            refusedUnchanged(
                    ErrorType.CERTIFICATE_VALIDATION,
                    () -> registry.certificates()
                            .registerPendingActivation(
                                    TestPki.pem(TestPki.deviceV1(dicCa, "CN=d").certificate()), "0".repeat(64)));
        }

        @Test
        void theDirectoryFindsCasBySubjectForJustInTimeRegistration() {
            CaCertificateRecord first = registerSniCa(dicCa);
            TestCa twin = TestPki.ca("CN=DIC CA,O=Silicon Labs Test");
            CaCertificateRecord second = registerSniCa(twin);
            assertThat(
                            registry
                                    .deviceDirectory()
                                    .findCasBySubject(dicCa.certificate().getSubjectX500Principal())
                                    .stream()
                                    .map(CaSnapshot::caCertificateId))
                    .containsExactlyInAnyOrder(first.certificateId(), second.certificateId());
            assertThat(registry.deviceDirectory().findCasBySubject(new X500Principal("CN=nobody")))
                    .isEmpty();
        }

        @Test
        void severalCasWithTheSameSubjectNeedCaCertificatePem() {
            registerSniCa(dicCa);
            TestCa twin = TestPki.ca("CN=DIC CA,O=Silicon Labs Test");
            registerSniCa(twin);
            X509Certificate device = TestPki.deviceV1(twin, "CN=twin-device").certificate();
            refusedUnchanged(
                    ErrorType.CERTIFICATE_CONFLICT,
                    () -> registry.certificates().registerCertificate(TestPki.pem(device), null, null, true));
            CertificateRecord record =
                    registry.certificates().registerCertificate(TestPki.pem(device), TestPki.pem(twin), null, true);
            assertThat(record.caCertificateId()).isEqualTo(CertificateIds.of(twin.certificate()));
        }

        @Test
        void duplicateRegistrationIsRefused() {
            registerSniCa(dicCa);
            String pem = TestPki.pem(TestPki.deviceV1(dicCa, "CN=dup").certificate());
            CertificateRecord record = registry.certificates().registerCertificate(pem, null, null, true);
            RegistryException e = refusedUnchanged(
                    ErrorType.RESOURCE_ALREADY_EXISTS,
                    () -> registry.certificates().registerCertificate(pem, null, null, true));
            assertThat(e.getMessage()).isEqualTo("The certificate is already provisioned or registered");
            assertThat(e.resourceId()).isEqualTo(record.certificateId());
            assertThat(e.resourceArn()).isEqualTo(record.certificateArn());
            refusedUnchanged(
                    ErrorType.RESOURCE_ALREADY_EXISTS,
                    () -> registry.certificates().registerCertificateWithoutCa(pem, null));
        }

        @Test
        void registersWithoutCaAsSniOnly() {
            X509Certificate selfIssued =
                    TestPki.device(TestPki.ca("CN=Unregistered"), "CN=any").certificate();
            CertificateRecord record = registry.certificates()
                    .registerCertificateWithoutCa(TestPki.pem(selfIssued), CertificateStatus.ACTIVE);
            assertThat(record.caCertificateId()).isNull();
            assertThat(record.certificateMode()).isEqualTo(CertificateMode.SNI_ONLY);
            assertThat(record.status()).isEqualTo(CertificateStatus.ACTIVE);
            assertThat(inactiveCertificate().status()).isEqualTo(CertificateStatus.INACTIVE);
        }

        @Test
        void createsKeysAndCertificateLikeAws() throws Exception {
            CreatedCertificate created = registry.certificates().createKeysAndCertificate(true);
            X509Certificate certificate =
                    Pem.readCertificate(created.certificate().certificatePem());
            assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=AWS IoT Certificate");
            assertThat(certificate.getNotAfter().toInstant()).isEqualTo(Instant.parse("2049-12-31T23:59:59Z"));
            assertThat(CertificateChecks.isSignedBy(certificate, deviceCa.certificate()))
                    .isTrue();
            assertThat(certificate.getPublicKey()).isInstanceOf(RSAPublicKey.class);
            assertThat(((RSAPublicKey) certificate.getPublicKey()).getModulus().bitLength())
                    .isEqualTo(2048);
            assertThat(created.certificate().status()).isEqualTo(CertificateStatus.ACTIVE);
            assertThat(created.certificate().certificateId()).isEqualTo(CertificateIds.of(certificate));
            assertThat(created.publicKeyPem()).contains("BEGIN PUBLIC KEY");
            assertThat(Keys.matches(Pem.readPrivateKey(created.privateKeyPem()), certificate.getPublicKey()))
                    .isTrue();
            assertThat(registry.certificates()
                            .createKeysAndCertificate(false)
                            .certificate()
                            .status())
                    .isEqualTo(CertificateStatus.INACTIVE);
        }

        @Test
        void createsCertificatesFromCsrs() throws Exception {
            String csr = TestPki.csr(KeyType.EC_P256, "CN=from-csr");
            CreatedCertificate first = registry.certificates().createCertificateFromCsr(csr, false);
            CreatedCertificate second = registry.certificates().createCertificateFromCsr(csr, true);
            assertThat(first.certificate().certificateId())
                    .isNotEqualTo(second.certificate().certificateId());
            assertThat(first.privateKeyPem()).isNull();
            assertThat(first.certificate().status()).isEqualTo(CertificateStatus.INACTIVE);
            assertThat(second.certificate().status()).isEqualTo(CertificateStatus.ACTIVE);
            X509Certificate certificate =
                    Pem.readCertificate(first.certificate().certificatePem());
            assertThat(certificate.getPublicKey()).isEqualTo(Pem.readCsr(csr).publicKey());
            registry.certificates().createCertificateFromCsr(TestPki.csr(KeyType.RSA_2048, "CN=rsa"), true);
            registry.certificates().createCertificateFromCsr(TestPki.csr(KeyType.EC_P384, "CN=p384"), true);
            refusedUnchanged(
                    ErrorType.INVALID_REQUEST,
                    () -> registry.certificates().createCertificateFromCsr(TestPki.weakRsaCsr(), true));
            refusedUnchanged(
                    ErrorType.INVALID_REQUEST, () -> registry.certificates().createCertificateFromCsr("garbage", true));
            refusedUnchanged(
                    ErrorType.INVALID_REQUEST, () -> registry.certificates().createCertificateFromCsr(null, true));
        }

        @Test
        void statusTransitions() {
            CertificateRecord certificate = inactiveCertificate();
            String id = certificate.certificateId();
            events.clear();
            registry.certificates().updateCertificate(id, CertificateStatus.ACTIVE);
            assertThat(registry.certificates().describeCertificate(id).status()).isEqualTo(CertificateStatus.ACTIVE);
            assertThat(registry.certificates().describeCertificate(id).customerVersion())
                    .isEqualTo(2);
            assertThat(events).containsExactly(new RegistryEvent.CertificateChanged(id, CertificateStatus.ACTIVE));
            // Idempotent: the same status again changes nothing.
            String before = state();
            registry.certificates().updateCertificate(id, CertificateStatus.ACTIVE);
            assertThat(state()).isEqualTo(before);
            assertThat(events).hasSize(1);
            refusedUnchanged(
                    ErrorType.INVALID_REQUEST,
                    () -> registry.certificates().updateCertificate(id, CertificateStatus.PENDING_TRANSFER));
            refusedUnchanged(
                    ErrorType.INVALID_REQUEST,
                    () -> registry.certificates().updateCertificate(id, CertificateStatus.PENDING_ACTIVATION));
            refusedUnchanged(
                    ErrorType.INVALID_REQUEST, () -> registry.certificates().updateCertificate(id, null));
            registry.certificates().updateCertificate(id, CertificateStatus.INACTIVE);
            assertThat(registry.deviceDirectory()
                            .findCertificate(id)
                            .orElseThrow()
                            .isActive())
                    .isFalse();
            registry.certificates().updateCertificate(id, CertificateStatus.REVOKED);
            registry.certificates().updateCertificate(id, CertificateStatus.REVOKED);
            refusedUnchanged(
                    ErrorType.CERTIFICATE_STATE,
                    () -> registry.certificates().updateCertificate(id, CertificateStatus.ACTIVE));
            refusedUnchanged(
                    ErrorType.RESOURCE_NOT_FOUND,
                    () -> registry.certificates().updateCertificate("0".repeat(64), CertificateStatus.ACTIVE));
        }

        @Test
        void deletionPreconditionsUseAwsMessages() {
            CertificateRecord certificate = inactiveCertificate();
            String id = certificate.certificateId();
            registry.certificates().updateCertificate(id, CertificateStatus.ACTIVE);
            RegistryException active = refusedUnchanged(
                    ErrorType.CERTIFICATE_STATE, () -> registry.certificates().deleteCertificate(id, false));
            assertThat(active.getMessage())
                    .isEqualTo("Certificate must be deactivated (not ACTIVE) before deletion. Id: " + id);
            registry.certificates().updateCertificate(id, CertificateStatus.INACTIVE);
            registry.policies().createPolicy("p", ALLOW_ALL, null);
            registry.policies().attachPolicy("p", certificate.certificateArn());
            RegistryException policies = refusedUnchanged(
                    ErrorType.DELETE_CONFLICT, () -> registry.certificates().deleteCertificate(id, false));
            assertThat(policies.getMessage())
                    .isEqualTo("Certificate policies must be detached before deletion (arn: "
                            + certificate.certificateArn() + ")");
            thing(registry, "t");
            registry.things().attachThingPrincipal("t", certificate.certificateArn(), null);
            refusedUnchanged(
                    ErrorType.DELETE_CONFLICT, () -> registry.certificates().deleteCertificate(id, true));
            registry.things().detachThingPrincipal("t", certificate.certificateArn());
            events.clear();
            registry.certificates().deleteCertificate(id, true);
            assertThat(events)
                    .containsExactly(
                            new RegistryEvent.AttachmentChanged(certificate.certificateArn()),
                            new RegistryEvent.CertificateChanged(id, null));
            refused(ErrorType.RESOURCE_NOT_FOUND, () -> registry.certificates().describeCertificate(id));
            refused(ErrorType.RESOURCE_NOT_FOUND, () -> registry.certificates().deleteCertificate(id, false));
            assertThat(registry.deviceDirectory().findCertificate(id)).isEmpty();
            assertThat(all(p -> registry.policies().listTargetsForPolicy("p", p)))
                    .isEmpty();
            registry.policies().deletePolicy("p");
        }

        @Test
        void deletesAnInactiveCertificateWithoutAttachments() {
            CertificateRecord certificate = inactiveCertificate();
            registry.certificates().deleteCertificate(certificate.certificateId(), false);
            assertThat(all(p -> registry.certificates().listCertificates(p))).isEmpty();
        }

        @Test
        void listsWithStableMarkersInBothOrders() {
            registerSniCa(dicCa);
            List<String> ids = IntStream.range(0, 5)
                    .mapToObj(i -> registerDevice("d" + i, false).certificateId())
                    .toList();
            List<String> seen = new ArrayList<>();
            String marker = null;
            int pages = 0;
            do {
                Page<CertificateRecord> page =
                        registry.certificates().listCertificates(new PageRequest(marker, 2, true));
                page.items().forEach(c -> seen.add(c.certificateId()));
                marker = page.nextToken();
                if (marker != null) {
                    assertThat(marker).matches("[A-Za-z0-9+/]+={0,2}");
                }
                pages++;
            } while (marker != null);
            assertThat(pages).isEqualTo(3);
            assertThat(seen).containsExactlyElementsOf(ids);
            assertThat(registry.certificates()
                            .listCertificates(new PageRequest(null, 5, true))
                            .nextToken())
                    .isNull();
            Page<CertificateRecord> descending =
                    registry.certificates().listCertificates(new PageRequest(null, 3, false));
            assertThat(descending.items())
                    .extracting(CertificateRecord::certificateId)
                    .containsExactly(ids.get(4), ids.get(3), ids.get(2));
            assertThat(registry.certificates()
                            .listCertificates(new PageRequest(descending.nextToken(), 3, false))
                            .items())
                    .extracting(CertificateRecord::certificateId)
                    .containsExactly(ids.get(1), ids.get(0));
            assertThat(registry.certificates()
                            .listCertificatesByCa(CertificateIds.of(dicCa.certificate()), PageRequest.first())
                            .items())
                    .hasSize(5);
            assertThat(registry.certificates()
                            .listCertificatesByCa("f".repeat(64), PageRequest.first())
                            .items())
                    .isEmpty();
            refused(
                    ErrorType.INVALID_REQUEST,
                    () -> registry.certificates().listCertificates(new PageRequest("!!!", null, true)));
            refused(
                    ErrorType.INVALID_REQUEST,
                    () -> registry.certificates().listCertificates(new PageRequest("Zm9v", null, true)));
            refused(
                    ErrorType.INVALID_REQUEST,
                    () -> registry.certificates().listCertificates(new PageRequest(null, 0, true)));
            refused(
                    ErrorType.INVALID_REQUEST,
                    () -> registry.certificates().listCertificates(new PageRequest(null, 251, true)));
            assertThat(registry.certificates()
                            .listCertificates(new PageRequest(null, 250, true))
                            .items())
                    .hasSize(5);
        }

        @Test
        void markerListsDefaultTo25() {
            for (int i = 0; i < 26; i++) {
                registry.policies().createPolicy("p" + i, ALLOW_ALL, null);
            }
            Page<PolicyRecord> first = registry.policies().listPolicies(new PageRequest(null, null, true));
            assertThat(first.items()).hasSize(25);
            assertThat(registry.policies()
                            .listPolicies(new PageRequest(first.nextToken(), null, true))
                            .items())
                    .extracting(PolicyRecord::policyName)
                    .containsExactly("p25");
        }
    }

    // ---- policies ----------------------------------------------------------------------------------------------

    @Nested
    class Policies {
        @Test
        void createsVersionOneAsDefault() {
            PolicyVersionRecord created =
                    registry.policies().createPolicy("DIC_POLICY", ALLOW_ALL, List.of(new Tag("k", "v")));
            assertThat(created.versionId()).isEqualTo("1");
            assertThat(created.defaultVersion()).isTrue();
            assertThat(created.policyArn()).isEqualTo("arn:aws:iot:us-east-1:123456789012:policy/DIC_POLICY");
            PolicyRecord policy = registry.policies().getPolicy("DIC_POLICY");
            assertThat(policy.defaultVersionId()).isEqualTo("1");
            assertThat(policy.policyDocument()).isEqualTo(ALLOW_ALL);
            assertThat(events).containsExactly(new RegistryEvent.PolicyChanged("DIC_POLICY"));
            refusedUnchanged(
                    ErrorType.RESOURCE_ALREADY_EXISTS,
                    () -> registry.policies().createPolicy("DIC_POLICY", ALLOW_ALL, null));
            refusedUnchanged(
                    ErrorType.MALFORMED_POLICY, () -> registry.policies().createPolicy("bad", "{not json", null));
            refusedUnchanged(
                    ErrorType.MALFORMED_POLICY,
                    () -> registry.policies()
                            .createPolicy("big", ALLOW_ALL.replace("*\"}", "*" + "x".repeat(2100) + "\"}"), null));
            refusedUnchanged(
                    ErrorType.INVALID_REQUEST, () -> registry.policies().createPolicy("bad name", ALLOW_ALL, null));
            refusedUnchanged(
                    ErrorType.INVALID_REQUEST,
                    () -> registry.policies().createPolicy("x".repeat(129), ALLOW_ALL, null));
            refused(ErrorType.RESOURCE_NOT_FOUND, () -> registry.policies().getPolicy("missing"));
        }

        @Test
        void versionsAreNumberedNeverReusedAndLimitedToFive() {
            registry.policies().createPolicy("p", ALLOW_ALL, null);
            for (int i = 2; i <= 5; i++) {
                PolicyVersionRecord version = registry.policies().createPolicyVersion("p", DENY_PUBLISH, false);
                assertThat(version.versionId()).isEqualTo(Integer.toString(i));
                assertThat(version.defaultVersion()).isFalse();
            }
            refusedUnchanged(
                    ErrorType.VERSIONS_LIMIT_EXCEEDED,
                    () -> registry.policies().createPolicyVersion("p", ALLOW_ALL, true));
            refusedUnchanged(
                    ErrorType.DELETE_CONFLICT, () -> registry.policies().deletePolicyVersion("p", "1"));
            registry.policies().deletePolicyVersion("p", "5");
            PolicyVersionRecord six = registry.policies().createPolicyVersion("p", DENY_PUBLISH, true);
            assertThat(six.versionId()).isEqualTo("6");
            assertThat(six.defaultVersion()).isTrue();
            assertThat(registry.policies().getPolicy("p").defaultVersionId()).isEqualTo("6");
            assertThat(registry.policies().listPolicyVersions("p"))
                    .extracting(PolicyVersionRecord::versionId)
                    .containsExactly("6", "4", "3", "2", "1");
            registry.policies().setDefaultPolicyVersion("p", "2");
            assertThat(registry.policies().getPolicyVersion("p", "2").defaultVersion())
                    .isTrue();
            assertThat(registry.policies().getPolicyVersion("p", "6").defaultVersion())
                    .isFalse();
            refusedUnchanged(
                    ErrorType.RESOURCE_NOT_FOUND, () -> registry.policies().setDefaultPolicyVersion("p", "5"));
            refusedUnchanged(
                    ErrorType.RESOURCE_NOT_FOUND, () -> registry.policies().getPolicyVersion("p", "5"));
            refusedUnchanged(
                    ErrorType.INVALID_REQUEST, () -> registry.policies().getPolicyVersion("p", "v1"));
            refusedUnchanged(
                    ErrorType.RESOURCE_NOT_FOUND,
                    () -> registry.policies().createPolicyVersion("nope", ALLOW_ALL, true));
            refusedUnchanged(
                    ErrorType.MALFORMED_POLICY, () -> registry.policies().createPolicyVersion("p", "[]", true));
            refusedUnchanged(
                    ErrorType.RESOURCE_NOT_FOUND, () -> registry.policies().listPolicyVersions("nope"));
        }

        @Test
        void deletePolicyPreconditions() {
            registry.policies().createPolicy("p", ALLOW_ALL, null);
            CertificateRecord certificate = inactiveCertificate();
            registry.policies().attachPolicy("p", certificate.certificateArn());
            RegistryException attached = refusedUnchanged(
                    ErrorType.DELETE_CONFLICT, () -> registry.policies().deletePolicy("p"));
            assertThat(attached.getMessage())
                    .isEqualTo("The policy cannot be deleted as the policy is attached to one or more principals"
                            + " (name=p)");
            registry.policies().detachPolicy("p", certificate.certificateArn());
            registry.policies().createPolicyVersion("p", DENY_PUBLISH, false);
            RegistryException versions = refusedUnchanged(
                    ErrorType.DELETE_CONFLICT, () -> registry.policies().deletePolicy("p"));
            assertThat(versions.getMessage())
                    .startsWith("The policy cannot be deleted as versions other than the default version exist");
            registry.policies().deletePolicyVersion("p", "2");
            registry.policies().deletePolicy("p");
            refused(ErrorType.RESOURCE_NOT_FOUND, () -> registry.policies().getPolicy("p"));
            refused(ErrorType.RESOURCE_NOT_FOUND, () -> registry.policies().deletePolicy("p"));
            // The name can be used again, starting at version 1.
            assertThat(registry.policies().createPolicy("p", ALLOW_ALL, null).versionId())
                    .isEqualTo("1");
        }

        @Test
        void attachPolicyRules() {
            registry.policies().createPolicy("p", ALLOW_ALL, null);
            CertificateRecord certificate = inactiveCertificate();
            String arn = certificate.certificateArn();
            events.clear();
            registry.policies().attachPolicy("p", arn);
            registry.policies().attachPolicy("p", arn);
            assertThat(events).containsExactly(new RegistryEvent.AttachmentChanged(arn));
            assertThat(all(p -> registry.policies().listAttachedPolicies(arn, false, p)))
                    .extracting(PolicyRecord::policyName)
                    .containsExactly("p");
            assertThat(all(p -> registry.policies().listTargetsForPolicy("p", p)))
                    .containsExactly(arn);
            assertThat(registry.authorization().getEffectivePolicies(arn, null))
                    .extracting(PolicyRecord::policyDocument)
                    .containsExactly(ALLOW_ALL);
            assertThat(registry.deviceDirectory()
                            .findCertificate(certificate.certificateId())
                            .orElseThrow()
                            .policies())
                    .extracting(ref -> ref.name())
                    .containsExactly("p");
            refusedUnchanged(
                    ErrorType.RESOURCE_NOT_FOUND, () -> registry.policies().attachPolicy("nope", arn));
            refusedUnchanged(
                    ErrorType.RESOURCE_NOT_FOUND,
                    () -> registry.policies().attachPolicy("p", arn("cert", "0".repeat(64))));
            refusedUnchanged(
                    ErrorType.RESOURCE_NOT_FOUND,
                    () -> registry.policies()
                            .attachPolicy(
                                    "p", "arn:aws:iot:eu-west-1:999999999999:cert/" + certificate.certificateId()));
            refusedUnchanged(
                    ErrorType.INVALID_REQUEST,
                    () -> registry.policies()
                            .attachPolicy("p", "arn:aws:iot:us-east-1:" + "123456789012:thinggroup/g"));
            refusedUnchanged(
                    ErrorType.INVALID_REQUEST, () -> registry.policies().attachPolicy("p", null));
            for (int i = 1; i < 10; i++) {
                registry.policies().createPolicy("p" + i, ALLOW_ALL, null);
                registry.policies().attachPolicy("p" + i, arn);
            }
            registry.policies().createPolicy("p10", ALLOW_ALL, null);
            refusedUnchanged(ErrorType.LIMIT_EXCEEDED, () -> registry.policies().attachPolicy("p10", arn));
            registry.policies().attachPolicy("p9", arn);
            registry.policies().detachPolicy("p", arn);
            registry.policies().detachPolicy("p", arn);
            registry.policies().attachPolicy("p10", arn);
            Page<PolicyRecord> page =
                    registry.policies().listAttachedPolicies(arn, true, new PageRequest(null, 4, true));
            assertThat(page.items()).extracting(PolicyRecord::policyName).containsExactly("p1", "p2", "p3", "p4");
            assertThat(page.nextToken()).isNotNull();
        }
    }

    // ---- things and thing types --------------------------------------------------------------------------------

    @Nested
    class Things {
        @Test
        void createThingIsIdempotentForTheSameConfiguration() {
            ThingRecord thing =
                    registry.things().createThing(new CreateThingRequest("DIC_2", null, Map.of("room", "kitchen")));
            assertThat(thing.thingName()).isEqualTo("DIC_2");
            assertThat(thing.thingArn()).isEqualTo("arn:aws:iot:us-east-1:123456789012:thing/DIC_2");
            assertThat(thing.thingId()).matches("[0-9a-f-]{36}");
            assertThat(thing.version()).isEqualTo(1);
            assertThat(thing.attributes()).containsExactly(Map.entry("room", "kitchen"));
            assertThat(registry.things().createThing(new CreateThingRequest("DIC_2", null, Map.of("room", "kitchen"))))
                    .isEqualTo(thing);
            RegistryException e = refusedUnchanged(
                    ErrorType.RESOURCE_ALREADY_EXISTS,
                    () -> registry.things().createThing(new CreateThingRequest("DIC_2", null, Map.of("room", "hall"))));
            assertThat(e.resourceArn()).isEqualTo(thing.thingArn());
            assertThat(registry.things().describeThing("DIC_2")).isEqualTo(thing);
            assertThat(registry.deviceDirectory()
                            .findThing("DIC_2")
                            .orElseThrow()
                            .attributes())
                    .containsEntry("room", "kitchen");
            refused(ErrorType.RESOURCE_NOT_FOUND, () -> registry.things().describeThing("missing"));
        }

        @Test
        void createThingValidation() {
            refusedUnchanged(ErrorType.INVALID_REQUEST, () -> thing(registry, "bad name"));
            refusedUnchanged(ErrorType.INVALID_REQUEST, () -> thing(registry, "a.b"));
            refusedUnchanged(ErrorType.INVALID_REQUEST, () -> thing(registry, "x".repeat(129)));
            refusedUnchanged(
                    ErrorType.INVALID_REQUEST,
                    () -> registry.things()
                            .createThing(
                                    new CreateThingRequest("t", null, Map.of("a", "1", "b", "2", "c", "3", "d", "4"))));
            refusedUnchanged(
                    ErrorType.INVALID_REQUEST,
                    () -> registry.things().createThing(new CreateThingRequest("t", null, Map.of("bad name", "1"))));
            refusedUnchanged(
                    ErrorType.INVALID_REQUEST,
                    () -> registry.things().createThing(new CreateThingRequest("t", null, Map.of("a", "bad value"))));
            refusedUnchanged(
                    ErrorType.RESOURCE_NOT_FOUND,
                    () -> registry.things().createThing(new CreateThingRequest("t", "NoSuchType", Map.of())));
            registry.thingTypes().createThingType(new CreateThingTypeRequest("Light", "lights", List.of("room"), null));
            Map<String, String> fifty = new HashMap<>();
            IntStream.range(0, 50).forEach(i -> fifty.put("a" + i, "v" + i));
            assertThat(registry.things()
                            .createThing(new CreateThingRequest("t", "Light", fifty))
                            .attributes())
                    .hasSize(50);
            registry.thingTypes().deprecateThingType("Light", false);
            refusedUnchanged(
                    ErrorType.INVALID_REQUEST,
                    () -> registry.things().createThing(new CreateThingRequest("t2", "Light", Map.of())));
        }

        @Test
        void updateThingVersionsAndAttributes() {
            registry.things().createThing(new CreateThingRequest("t", null, Map.of("a", "1", "b", "2")));
            events.clear();
            registry.things()
                    .updateThing(new UpdateThingRequest("t", null, Map.of("c", "3", "a", ""), true, 1L, false));
            ThingRecord merged = registry.things().describeThing("t");
            assertThat(merged.version()).isEqualTo(2);
            assertThat(merged.attributes()).containsOnly(Map.entry("b", "2"), Map.entry("c", "3"));
            assertThat(events).containsExactly(new RegistryEvent.ThingChanged("t"));
            refusedUnchanged(
                    ErrorType.VERSION_CONFLICT,
                    () -> registry.things().updateThing(new UpdateThingRequest("t", null, Map.of(), false, 1L, false)));
            registry.things().updateThing(new UpdateThingRequest("t", null, Map.of("z", "26"), false, null, false));
            assertThat(registry.things().describeThing("t").attributes()).containsOnly(Map.entry("z", "26"));
            assertThat(registry.things().describeThing("t").version()).isEqualTo(3);
            refusedUnchanged(
                    ErrorType.INVALID_REQUEST,
                    () -> registry.things()
                            .updateThing(new UpdateThingRequest(
                                    "t", null, Map.of("a", "1", "b", "2", "c", "3"), true, null, false)));
            registry.thingTypes().createThingType(new CreateThingTypeRequest("Lock", null, null, null));
            registry.things()
                    .updateThing(new UpdateThingRequest(
                            "t", "Lock", Map.of("a", "1", "b", "2", "c", "3"), true, null, false));
            assertThat(registry.things().describeThing("t").thingTypeName()).isEqualTo("Lock");
            assertThat(registry.deviceDirectory().findThing("t").orElseThrow().thingTypeName())
                    .isEqualTo("Lock");
            refusedUnchanged(
                    ErrorType.INVALID_REQUEST,
                    () -> registry.things().updateThing(new UpdateThingRequest("t", null, null, false, null, true)));
            registry.things()
                    .updateThing(new UpdateThingRequest("t", null, Map.of("a", "", "b", ""), true, null, false));
            registry.things().updateThing(new UpdateThingRequest("t", null, null, false, null, true));
            assertThat(registry.things().describeThing("t").thingTypeName()).isNull();
            refusedUnchanged(
                    ErrorType.RESOURCE_NOT_FOUND,
                    () -> registry.things()
                            .updateThing(new UpdateThingRequest("nope", null, null, false, null, false)));
            refusedUnchanged(
                    ErrorType.RESOURCE_NOT_FOUND,
                    () -> registry.things()
                            .updateThing(new UpdateThingRequest("t", "NoType", null, false, null, false)));
        }

        @Test
        void deleteThingRules() {
            registry.things().deleteThing("never-existed", null);
            thing(registry, "t");
            CertificateRecord certificate = inactiveCertificate();
            registry.things().attachThingPrincipal("t", certificate.certificateArn(), null);
            RegistryException attached = refusedUnchanged(
                    ErrorType.INVALID_REQUEST, () -> registry.things().deleteThing("t", null));
            assertThat(attached.getMessage())
                    .isEqualTo("Cannot delete. Thing t is still attached to one or more principals");
            registry.things().detachThingPrincipal("t", certificate.certificateArn());
            refusedUnchanged(ErrorType.VERSION_CONFLICT, () -> registry.things().deleteThing("t", 7L));
            events.clear();
            registry.things().deleteThing("t", 1L);
            assertThat(events).containsExactly(new RegistryEvent.ThingChanged("t"));
            refused(ErrorType.RESOURCE_NOT_FOUND, () -> registry.things().describeThing("t"));
            assertThat(registry.deviceDirectory().findThing("t")).isEmpty();
        }

        @Test
        void listThingsFiltersAndPages() {
            registry.thingTypes().createThingType(new CreateThingTypeRequest("Light", null, null, null));
            for (int i = 0; i < 55; i++) {
                registry.things()
                        .createThing(new CreateThingRequest(
                                "t" + i, i % 2 == 0 ? "Light" : null, Map.of("room", i < 10 ? "kitchen" : "hall" + i)));
            }
            Page<ThingRecord> first =
                    registry.things().listThings(ListThingsRequest.all(), new PageRequest(null, null, true));
            assertThat(first.items()).hasSize(50);
            assertThat(first.items().get(0).thingName()).isEqualTo("t0");
            Page<ThingRecord> second = registry.things()
                    .listThings(ListThingsRequest.all(), new PageRequest(first.nextToken(), null, true));
            assertThat(second.items())
                    .extracting(ThingRecord::thingName)
                    .containsExactly("t50", "t51", "t52", "t53", "t54");
            assertThat(second.nextToken()).isNull();
            assertThat(all(p -> registry.things().listThings(new ListThingsRequest(null, null, "Light", false), p)))
                    .hasSize(28);
            assertThat(all(p -> registry.things().listThings(new ListThingsRequest("room", "kitchen", null, false), p)))
                    .hasSize(10);
            assertThat(all(p -> registry.things().listThings(new ListThingsRequest("room", "hall1", null, true), p)))
                    .extracting(ThingRecord::thingName)
                    .containsExactly("t10", "t11", "t12", "t13", "t14", "t15", "t16", "t17", "t18", "t19");
            assertThat(all(p -> registry.things().listThings(new ListThingsRequest("room", null, null, false), p)))
                    .hasSize(55);
            refused(
                    ErrorType.INVALID_REQUEST,
                    () -> registry.things()
                            .listThings(ListThingsRequest.all(), new PageRequest("bm90IGEgdG9rZW4=", null, true)));
        }

        @Test
        void thingTypesLifecycle() {
            ThingTypeRecord type = registry.thingTypes()
                    .createThingType(new CreateThingTypeRequest("Light", "lights", List.of("room"), null));
            assertThat(type.thingTypeArn()).isEqualTo("arn:aws:iot:us-east-1:123456789012:thingtype/Light");
            assertThat(type.deprecated()).isFalse();
            assertThat(registry.thingTypes()
                            .createThingType(new CreateThingTypeRequest("Light", "lights", List.of("room"), null)))
                    .isEqualTo(type);
            refusedUnchanged(
                    ErrorType.RESOURCE_ALREADY_EXISTS,
                    () -> registry.thingTypes()
                            .createThingType(new CreateThingTypeRequest("Light", "other", null, null)));
            assertThat(registry.thingTypes().describeThingType("Light")).isEqualTo(type);
            refusedUnchanged(
                    ErrorType.INVALID_REQUEST, () -> registry.thingTypes().deleteThingType("Light"));
            registry.things().createThing(new CreateThingRequest("lamp", "Light", Map.of()));
            registry.thingTypes().deprecateThingType("Light", false);
            ThingTypeRecord deprecated = registry.thingTypes().describeThingType("Light");
            assertThat(deprecated.deprecated()).isTrue();
            assertThat(deprecated.deprecationDate()).isNotNull();
            refusedUnchanged(
                    ErrorType.INVALID_REQUEST, () -> registry.thingTypes().deleteThingType("Light"));
            registry.thingTypes().deprecateThingType("Light", true);
            assertThat(registry.thingTypes().describeThingType("Light").deprecated())
                    .isFalse();
            registry.thingTypes().deprecateThingType("Light", false);
            registry.things().deleteThing("lamp", null);
            registry.thingTypes().deleteThingType("Light");
            refused(ErrorType.RESOURCE_NOT_FOUND, () -> registry.thingTypes().describeThingType("Light"));
            refused(ErrorType.RESOURCE_NOT_FOUND, () -> registry.thingTypes().deprecateThingType("Light", false));
            refused(ErrorType.RESOURCE_NOT_FOUND, () -> registry.thingTypes().deleteThingType("Light"));
            registry.thingTypes().createThingType(new CreateThingTypeRequest("A", null, null, null));
            registry.thingTypes().createThingType(new CreateThingTypeRequest("B", null, null, null));
            assertThat(registry.thingTypes()
                            .listThingTypes(null, PageRequest.first())
                            .items())
                    .extracting(ThingTypeRecord::thingTypeName)
                    .containsExactly("A", "B");
            assertThat(registry.thingTypes()
                            .listThingTypes("B", PageRequest.first())
                            .items())
                    .hasSize(1);
        }

        @Test
        void principalsAttachAndList() {
            thing(registry, "t1");
            thing(registry, "t2");
            CertificateRecord certificate = inactiveCertificate();
            String arn = certificate.certificateArn();
            events.clear();
            registry.things().attachThingPrincipal("t1", arn, null);
            registry.things().attachThingPrincipal("t1", arn, ThingPrincipalType.NON_EXCLUSIVE_THING);
            registry.things().attachThingPrincipal("t2", arn, null);
            assertThat(events).hasSize(2).allMatch(e -> e.equals(new RegistryEvent.AttachmentChanged(arn)));
            assertThat(all(p -> registry.things().listThingPrincipals("t1", p))).containsExactly(arn);
            assertThat(all(p -> registry.things().listPrincipalThings(arn, p))).containsExactly("t1", "t2");
            assertThat(registry.deviceDirectory()
                            .findCertificate(certificate.certificateId())
                            .orElseThrow()
                            .thingNames())
                    .containsExactly("t1", "t2");
            refusedUnchanged(
                    ErrorType.RESOURCE_NOT_FOUND,
                    () -> registry.things().attachThingPrincipal("t1", arn("cert", "1".repeat(64)), null));
            refusedUnchanged(
                    ErrorType.INVALID_REQUEST, () -> registry.things().attachThingPrincipal("t1", "cognito-id", null));
            refusedUnchanged(
                    ErrorType.RESOURCE_NOT_FOUND, () -> registry.things().attachThingPrincipal("nope", arn, null));
            refused(
                    ErrorType.RESOURCE_NOT_FOUND,
                    () -> registry.things().listThingPrincipals("nope", PageRequest.first()));
            refused(
                    ErrorType.RESOURCE_NOT_FOUND,
                    () -> registry.things().listPrincipalThings(arn("cert", "1".repeat(64)), PageRequest.first()));
            // Exclusive: not while attached elsewhere; and nothing else while exclusive.
            refusedUnchanged(
                    ErrorType.INVALID_REQUEST,
                    () -> registry.things().attachThingPrincipal("t1", arn, ThingPrincipalType.EXCLUSIVE_THING));
            registry.things().detachThingPrincipal("t2", arn);
            registry.things().detachThingPrincipal("t2", arn);
            registry.things().attachThingPrincipal("t1", arn, ThingPrincipalType.EXCLUSIVE_THING);
            refusedUnchanged(ErrorType.INVALID_REQUEST, () -> registry.things().attachThingPrincipal("t2", arn, null));
            registry.things().detachThingPrincipal("t1", arn);
            assertThat(all(p -> registry.things().listPrincipalThings(arn, p))).isEmpty();
            assertThat(registry.deviceDirectory()
                            .findCertificate(certificate.certificateId())
                            .orElseThrow()
                            .thingNames())
                    .isEmpty();
        }
    }

    // ---- authorization -----------------------------------------------------------------------------------------

    @Nested
    class Authorization {
        CertificateRecord certificate;

        @BeforeEach
        void device() {
            registerSniCa(dicCa);
            certificate = registerDevice("DIC_2", true);
        }

        List<AuthorizationResult> test(
                String clientId, List<String> add, List<String> skip, AuthorizationTest.AuthInfo... infos) {
            return registry.authorization()
                    .testAuthorization(
                            new AuthorizationTest(certificate.certificateArn(), clientId, List.of(infos), add, skip));
        }

        @Test
        void noPoliciesIsAnImplicitDeny() {
            List<AuthorizationResult> results = test("DIC_2", null, null, auth("CONNECT", arn("client", "DIC_2")));
            assertThat(results).hasSize(1);
            assertThat(results.get(0).decision().outcome()).isEqualTo(Decision.Outcome.IMPLICIT_DENY);
        }

        @Test
        void allowAllAndExplicitDeny() {
            registry.policies().createPolicy("DIC_POLICY", ALLOW_ALL, null);
            registry.policies().attachPolicy("DIC_POLICY", certificate.certificateArn());
            registry.policies().createPolicy("NO_PUBLISH", DENY_PUBLISH, null);
            List<AuthorizationResult> results = test(
                    "DIC_2",
                    List.of("NO_PUBLISH"),
                    null,
                    auth("CONNECT", arn("client", "DIC_2")),
                    auth("PUBLISH", arn("topic", "light/state"), arn("topic", "command")),
                    auth("SUBSCRIBE", arn("topicfilter", "command")),
                    auth("RECEIVE", arn("topic", "command")));
            assertThat(results)
                    .extracting(r -> r.decision().outcome())
                    .containsExactly(
                            Decision.Outcome.ALLOWED,
                            Decision.Outcome.EXPLICIT_DENY,
                            Decision.Outcome.ALLOWED,
                            Decision.Outcome.ALLOWED);
            assertThat(results.get(0).decision().allowedBy())
                    .extracting(p -> p.name())
                    .contains("DIC_POLICY");
            assertThat(results.get(1).decision().explicitlyDeniedBy())
                    .extracting(p -> p.name())
                    .containsExactly("NO_PUBLISH");
            List<AuthorizationResult> skipped =
                    test("DIC_2", null, List.of("DIC_POLICY"), auth("CONNECT", arn("client", "DIC_2")));
            assertThat(skipped.get(0).decision().outcome()).isEqualTo(Decision.Outcome.IMPLICIT_DENY);
        }

        @Test
        void thingVariablesResolveForTheAttachedThingNamedByTheClientId() {
            registry.policies().createPolicy("THING_CONNECT", THING_CONNECT, null);
            registry.policies().attachPolicy("THING_CONNECT", certificate.certificateArn());
            thing(registry, "DIC_2");
            AuthorizationTest.AuthInfo connect = auth("CONNECT", arn("client", "DIC_2"));
            assertThat(test("DIC_2", null, null, connect).get(0).decision().outcome())
                    .isEqualTo(Decision.Outcome.IMPLICIT_DENY);
            registry.things().attachThingPrincipal("DIC_2", certificate.certificateArn(), null);
            assertThat(test("DIC_2", null, null, connect).get(0).decision().outcome())
                    .isEqualTo(Decision.Outcome.ALLOWED);
        }

        @Test
        void oneDeniedResourceDeniesTheAuthInfo() {
            registry.policies()
                    .createPolicy(
                            "ONLY_LIGHT",
                            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                                    + "\"Action\":\"iot:Publish\",\"Resource\":\"arn:aws:iot:us-east-1:123456789012:topic/light/*\"}]}",
                            null);
            registry.policies().attachPolicy("ONLY_LIGHT", certificate.certificateArn());
            assertThat(test("DIC_2", null, null, auth("PUBLISH", arn("topic", "light/a"), arn("topic", "lock/a")))
                            .get(0)
                            .decision()
                            .outcome())
                    .isEqualTo(Decision.Outcome.IMPLICIT_DENY);
            assertThat(test("DIC_2", null, null, auth("PUBLISH", arn("topic", "light/a"), arn("topic", "light/b")))
                            .get(0)
                            .decision()
                            .outcome())
                    .isEqualTo(Decision.Outcome.ALLOWED);
        }

        @Test
        void refusals() {
            refused(ErrorType.INVALID_REQUEST, () -> test("c", null, null));
            AuthorizationTest.AuthInfo[] eleven = IntStream.range(0, 11)
                    .mapToObj(i -> auth("CONNECT", arn("client", "c")))
                    .toArray(AuthorizationTest.AuthInfo[]::new);
            refused(ErrorType.INVALID_REQUEST, () -> test("c", null, null, eleven));
            refused(ErrorType.INVALID_REQUEST, () -> test("c", null, null, auth("DANCE", arn("client", "c"))));
            refused(ErrorType.RESOURCE_NOT_FOUND, () -> test("c", List.of("missing"), null, auth("CONNECT", "*")));
            refused(
                    ErrorType.RESOURCE_NOT_FOUND,
                    () -> registry.authorization()
                            .testAuthorization(new AuthorizationTest(
                                    arn("cert", "2".repeat(64)), "c", List.of(auth("CONNECT", "*")), null, null)));
            refused(
                    ErrorType.RESOURCE_NOT_FOUND,
                    () -> registry.authorization().getEffectivePolicies(arn("cert", "2".repeat(64)), null));
            refused(
                    ErrorType.RESOURCE_NOT_FOUND,
                    () -> registry.authorization().getEffectivePolicies(certificate.certificateArn(), "nope"));
        }
    }

    // ---- workflow, durability, reset ---------------------------------------------------------------------------

    /** The Silicon Labs DIC guide, step by step, then AWS's teardown order. */
    @Test
    void dicWorkflow() {
        CaCertificateRecord ca = registerSniCa(dicCa);
        registry.policies().createPolicy("DIC_POLICY", ALLOW_ALL, null);
        Map<String, CertificateRecord> devices = new HashMap<>();
        for (String clientId : List.of("DIC_2", "MQTT_EXPLORER")) {
            thing(registry, clientId);
            CertificateRecord certificate = registry.certificates()
                    .registerCertificate(
                            TestPki.pem(
                                    TestPki.deviceV1(dicCa, "CN=" + clientId).certificate()),
                            TestPki.pem(dicCa),
                            null,
                            true);
            registry.policies().attachPolicy("DIC_POLICY", certificate.certificateArn());
            registry.things().attachThingPrincipal(clientId, certificate.certificateArn(), null);
            devices.put(clientId, certificate);
        }
        DeviceIdentity device = registry.deviceDirectory()
                .findCertificate(devices.get("DIC_2").certificateId())
                .orElseThrow();
        assertThat(device.isActive()).isTrue();
        assertThat(device.caCertificateId()).isEqualTo(ca.certificateId());
        assertThat(device.certificateMode()).isEqualTo(CertificateMode.SNI_ONLY);
        assertThat(device.thingNames()).containsExactly("DIC_2");
        assertThat(device.policies()).extracting(p -> p.name()).containsExactly("DIC_POLICY");
        assertThat(registry
                        .authorization()
                        .testAuthorization(new AuthorizationTest(
                                devices.get("DIC_2").certificateArn(),
                                "DIC_2",
                                List.of(
                                        auth("CONNECT", arn("client", "DIC_2")),
                                        auth("PUBLISH", arn("topic", "command"))),
                                null,
                                null))
                        .stream()
                        .map(r -> r.decision().outcome()))
                .containsOnly(Decision.Outcome.ALLOWED);

        // Teardown as AWS requires it: detach, deactivate, delete; then policy, things, CA.
        for (Map.Entry<String, CertificateRecord> entry : devices.entrySet()) {
            String arn = entry.getValue().certificateArn();
            registry.things().detachThingPrincipal(entry.getKey(), arn);
            registry.policies().detachPolicy("DIC_POLICY", arn);
            registry.certificates().updateCertificate(entry.getValue().certificateId(), CertificateStatus.INACTIVE);
            registry.certificates().deleteCertificate(entry.getValue().certificateId(), false);
            registry.things().deleteThing(entry.getKey(), null);
        }
        registry.policies().deletePolicy("DIC_POLICY");
        registry.caCertificates()
                .updateCaCertificate(new UpdateCaCertificateRequest(
                        ca.certificateId(), CaCertificateStatus.INACTIVE, null, null, false));
        registry.caCertificates().deleteCaCertificate(ca.certificateId());
        assertThat(state()).isEmpty();
        assertThat(registry.deviceDirectory()
                        .findCertificate(devices.get("DIC_2").certificateId()))
                .isEmpty();
    }

    @Test
    void everythingSurvivesCloseAndReopen() {
        CaCertificateRecord ca = registerSniCa(dicCa);
        CertificateRecord certificate = registerDevice("DIC_2", true);
        registry.policies().createPolicy("DIC_POLICY", ALLOW_ALL, List.of(new Tag("a", "b")));
        registry.policies().createPolicyVersion("DIC_POLICY", DENY_PUBLISH, false);
        registry.policies().attachPolicy("DIC_POLICY", certificate.certificateArn());
        registry.thingTypes().createThingType(new CreateThingTypeRequest("Light", "d", List.of("room"), null));
        registry.things().createThing(new CreateThingRequest("DIC_2", "Light", Map.of("room", "kitchen")));
        registry.things()
                .attachThingPrincipal("DIC_2", certificate.certificateArn(), ThingPrincipalType.EXCLUSIVE_THING);
        String code = registry.caCertificates().getRegistrationCode();
        String before = state();
        reopen();
        assertThat(state()).isEqualTo(before);
        assertThat(registry.caCertificates().getRegistrationCode()).isEqualTo(code);
        assertThat(registry.caCertificates().describeCaCertificate(ca.certificateId()))
                .isEqualTo(ca);
        DeviceIdentity identity = registry.deviceDirectory()
                .findCertificate(certificate.certificateId())
                .orElseThrow();
        assertThat(identity.policies()).extracting(p -> p.name()).containsExactly("DIC_POLICY");
        assertThat(identity.thingNames()).containsExactly("DIC_2");
        assertThat(registry.deviceDirectory().findThing("DIC_2").orElseThrow().thingTypeName())
                .isEqualTo("Light");
        assertThat(registry.deviceDirectory().findCa(ca.certificateId())).isPresent();
        // Sequence numbers continue after reopen: new rows sort after old ones.
        CertificateRecord later = registerDevice("later", false);
        assertThat(all(p -> registry.certificates().listCertificates(p)))
                .extracting(CertificateRecord::certificateId)
                .containsExactly(certificate.certificateId(), later.certificateId());
    }

    @Test
    void directoryFollowsPolicyDefaultVersion() {
        CertificateRecord certificate = inactiveCertificate();
        registry.policies().createPolicy("p", ALLOW_ALL, null);
        registry.policies().attachPolicy("p", certificate.certificateArn());
        registry.policies().createPolicyVersion("p", DENY_PUBLISH, true);
        assertThat(registry.deviceDirectory()
                        .findCertificate(certificate.certificateId())
                        .orElseThrow()
                        .policies()
                        .get(0)
                        .document()
                        .json())
                .isEqualTo(DENY_PUBLISH);
    }

    @Test
    void resetDeletesEverythingAndKeepsTheSchema() {
        registerSniCa(dicCa);
        CertificateRecord certificate = registerDevice("DIC_2", true);
        registry.policies().createPolicy("p", ALLOW_ALL, null);
        registry.policies().attachPolicy("p", certificate.certificateArn());
        thing(registry, "DIC_2");
        registry.things().attachThingPrincipal("DIC_2", certificate.certificateArn(), null);
        registry.thingTypes().createThingType(new CreateThingTypeRequest("T", null, null, null));
        events.clear();
        registry.reset();
        assertThat(events).containsExactly(new RegistryEvent.Reset());
        assertThat(state()).isEmpty();
        assertThat(registry.deviceDirectory().findCertificate(certificate.certificateId()))
                .isEmpty();
        registerSniCa(dicCa);
        reopen();
        assertThat(all(p -> registry.caCertificates().listCaCertificates(p, null)))
                .hasSize(1);
    }

    @Test
    void listenersSeeTheDirectoryAlreadyUpdated() {
        List<Boolean> seen = new ArrayList<>();
        registry.addListener(event -> {
            if (event instanceof RegistryEvent.CertificateChanged changed && changed.status() != null) {
                seen.add(registry.deviceDirectory()
                        .findCertificate(changed.certificateId())
                        .map(d -> d.status() == changed.status())
                        .orElse(false));
            }
        });
        CertificateRecord certificate = inactiveCertificate();
        registry.certificates().updateCertificate(certificate.certificateId(), CertificateStatus.ACTIVE);
        assertThat(seen).containsExactly(true, true);
    }

    @Test
    void concurrentWritersDoNotCollide() throws Exception {
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        for (int t = 0; t < 4; t++) {
            int n = t;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    for (int i = 0; i < 10; i++) {
                        thing(registry, "w" + n + "-" + i);
                        registry.policies().createPolicy("w" + n + "-" + i, ALLOW_ALL, null);
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(failures).isEmpty();
        assertThat(all(p -> registry.things().listThings(ListThingsRequest.all(), p)))
                .hasSize(40);
        assertThat(all(p -> registry.policies().listPolicies(p))).hasSize(40);
    }
}
