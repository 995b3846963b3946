package io.thingcore.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Issue 13: the evaluator compared with a deliberately simple reference evaluator on generated policy documents,
 * identities and requests. The reference follows the AWS IoT Developer Guide pages "AWS IoT Core policies" (explicit
 * Deny wins over Allow; nothing allowed is denied), "Policy variables" ({@code ${iot:ClientId}} and the thing and
 * certificate variables; a value holding {@code * ? + # $} or longer than 1024 characters is not substituted, and an
 * unresolved variable matches nothing) and the IAM grammar ({@code *} any run of characters, {@code ?} one
 * character, {@code ${*}}, {@code ${?}}, {@code ${$}} the literal characters; actions case-insensitive, resources
 * case-sensitive; a condition on a missing key false, a negated one true). It works on strings with
 * {@code java.util.regex}, a different technique from the evaluator's compiled templates.
 *
 * <p>Identities are drawn from pieces holding {@code / + # * ? $ { }}, letters that differ only in case, accented and
 * CJK letters and a character outside the Basic Multilingual Plane. Each property runs
 * {@code -Dthingcore.policy.cases} generated cases (5,000 by default) from {@code -Dthingcore.policy.seed} (new each
 * run, named in a failure so that it can be replayed); see docs/security.md, "Proving suite".
 */
class PolicyPropertiesTest {
    private static final String ARN = "arn:aws:iot:us-east-1:123456789012:";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> ACTIONS =
            List.of("iot:Connect", "iot:Publish", "iot:Subscribe", "iot:Receive", "iot:RetainPublish");
    private static final List<String> VARIABLES = List.of(
            "iot:ClientId",
            "IoT:clientid",
            "iot:Connection.Thing.ThingName",
            "iot:Connection.Thing.Attributes[room]",
            "iot:Certificate.Subject.CommonName",
            "iot:Unknown");
    private static final List<String> IDENTITY_PIECES = List.of(
            "a",
            "B",
            "b",
            "dic",
            "DIC_2",
            "/",
            "+",
            "#",
            "*",
            "?",
            "$",
            "{",
            "}",
            "${",
            "é",
            "日本",
            "\uD83D\uDE00",
            "-",
            " ");

    private static final int CASES = Integer.getInteger("thingcore.policy.cases", 5_000);
    private static final long SEED = Long.getLong("thingcore.policy.seed", System.nanoTime());

    /** The identity of one connection: what the variables resolve to. */
    record Identity(
            String clientId,
            @Nullable String thingName,
            @Nullable String room,
            @Nullable String commonName) {
        AuthorizationContext context() {
            AuthorizationContext.Builder builder =
                    AuthorizationContext.builder().clientId(clientId);
            if (thingName != null) {
                builder.thingAttached(true).thingName(thingName);
                if (room != null) {
                    builder.thingAttribute("room", room);
                }
            }
            if (commonName != null) {
                builder.certificateSubject(Map.of("CommonName", List.of(commonName)));
            }
            return builder.build();
        }

        /** The value a variable stands for, or null when the connection has none. */
        @Nullable
        String value(String variable) {
            return switch (variable.toLowerCase(Locale.ROOT)) {
                case "iot:clientid" -> clientId;
                case "iot:connection.thing.thingname" -> thingName;
                case "iot:connection.thing.attributes[room]" -> thingName == null ? null : room;
                case "iot:certificate.subject.commonname" -> commonName;
                default -> null;
            };
        }
    }

    record Condition(String operator, String key, String value) {}

    record Stmt(
            boolean allow,
            boolean notAction,
            List<String> actions,
            boolean notResource,
            List<String> resources,
            @Nullable Condition condition) {}

    record Request(String action, String resource) {}

    /** One generated case: a document, an identity and a request. */
    record Case(List<Stmt> document, Identity identity, Request request) {
        @Override
        public String toString() {
            return request.action() + " on " + request.resource() + " for " + identity + " under " + json(document);
        }

        boolean allowed() {
            return PolicyEvaluator.isAllowed(
                    List.of(ref(document)), request.action(), request.resource(), identity.context());
        }
    }

    @Test
    void neverAllowsWhatTheReferenceDenies() {
        int[] counts = new int[2];
        forEachCase(c -> {
            boolean reference = referenceAllows(c.document(), c.identity(), c.request());
            counts[reference ? 0 : 1]++;
            if (c.allowed()) {
                assertThat(reference)
                        .as("allowed, but the reference denies: %s", c)
                        .isTrue();
            }
        });
        System.out.printf(
                "policy properties: %d cases (seed %d): the reference allowed %d, denied %d%n",
                CASES, SEED, counts[0], counts[1]);
        assertThat(counts[0])
                .as("cases the reference allows (the generator reaches both outcomes)")
                .isPositive();
    }

    /**
     * The evaluator does not deny what the reference allows either (AWS-compatible, not just safe), except where it
     * fails closed on purpose: an Allow with {@code NotResource} whose pattern holds a variable it may not substitute
     * is refused once the pattern's literal text no longer rules the resource out.
     */
    @Test
    void agreesWithTheReference() {
        forEachCase(c -> {
            if (!failsClosedOnPurpose(c)) {
                assertThat(c.allowed()).as("%s", c).isEqualTo(referenceAllows(c.document(), c.identity(), c.request()));
            }
        });
    }

    @Test
    void explainedDecisionAgreesWithTheFastPath() {
        forEachCase(c -> {
            Decision decision = PolicyEvaluator.evaluate(
                    List.of(ref(c.document())),
                    new AuthorizationRequest(c.request().action(), c.request().resource()),
                    c.identity().context());
            assertThat(decision.isAllowed()).as("%s", c).isEqualTo(c.allowed());
        });
    }

    /** An identity value holding wildcard characters never widens a grant written for one's own client ID. */
    @Test
    void identityValuesAreNeverPatterns() {
        List<Stmt> ownOnly = List.of(new Stmt(
                true,
                false,
                List.of("iot:*"),
                false,
                List.of(
                        ARN + "client/${iot:ClientId}",
                        ARN + "topic/${iot:ClientId}/*",
                        ARN + "topicfilter/${iot:ClientId}/*"),
                null));
        int[] granted = new int[1];
        forEachCase(c -> {
            String clientId = c.identity().clientId();
            String resource = c.request().resource().substring(ARN.length());
            // Every other request names the identity's own resources, so that grants happen.
            if ((resource.length() & 1) == 0) {
                String kind = resource.substring(0, resource.indexOf('/') + 1);
                resource = kind + clientId + (kind.equals("client/") ? "" : "/x");
            }
            Case own = new Case(ownOnly, c.identity(), new Request(c.request().action(), ARN + resource));
            if (own.allowed()) {
                granted[0]++;
                boolean reallyOwn = resource.equals("client/" + clientId)
                        || resource.startsWith("topic/" + clientId + "/")
                        || resource.startsWith("topicfilter/" + clientId + "/");
                assertThat(reallyOwn).as("%s", own).isTrue();
                assertThat(clientId).as("%s", own).doesNotContain("*", "?", "+", "#", "$");
            }
        });
        assertThat(granted[0]).as("grants (the generator reaches them)").isPositive();
    }

    /**
     * {@link PolicyEvaluator#allowsEvery} is a proof: when it holds for a topic filter, the evaluator and the reference
     * allow {@code iot:Receive} on every topic the filter matches. The documents are the generated ones plus, in half
     * the cases, an Allow written from the filter itself (its wildcards as {@code *}, the client ID sometimes as its
     * variable) so that proofs happen; the topics fill each {@code +} and {@code #} with generated levels, the parent
     * level of {@code a/#} included.
     */
    @Test
    void everyTopicOfAProvenFilterIsAllowed() {
        int[] proven = new int[1];
        forEachCase(c -> {
            Random random = new Random(SEED ^ c.toString().hashCode());
            List<String> levels = filterLevels(random, c.identity());
            List<Stmt> document = new ArrayList<>(c.document());
            if (random.nextBoolean()) {
                document.add(receiveGrant(random, levels, c.identity()));
            }
            ResourceSet topics = ResourceSet.topicsOf(ARN + "topic/", String.join("/", levels));
            if (!PolicyEvaluator.allowsEvery(
                    List.of(ref(document)), "iot:Receive", topics, c.identity().context())) {
                return;
            }
            proven[0]++;
            for (int i = 0; i < 10; i++) {
                Case receive = new Case(
                        document, c.identity(), new Request("iot:Receive", ARN + "topic/" + topicOf(random, levels)));
                assertThat(receive.allowed())
                        .as("proven for %s, denied: %s", String.join("/", levels), receive)
                        .isTrue();
                assertThat(referenceAllows(document, c.identity(), receive.request()))
                        .as("proven for %s, the reference denies: %s", String.join("/", levels), receive)
                        .isTrue();
            }
        });
        assertThat(proven[0])
                .as("filters proven (the generator reaches proofs)")
                .isGreaterThan(CASES / 20);
    }

    /** Pieces of a topic level: no {@code /}, and {@code +} and {@code #} only as whole levels. */
    private static final List<String> LEVEL_PIECES = IDENTITY_PIECES.stream()
            .filter(p -> !p.contains("/") && !p.contains("+") && !p.contains("#"))
            .toList();

    private static List<String> filterLevels(Random random, Identity identity) {
        if (random.nextInt(20) == 0) {
            return List.of("#");
        }
        boolean clientIdIsALevel = !identity.clientId().isEmpty()
                && identity.clientId().chars().noneMatch(ch -> ch == '/' || ch == '+' || ch == '#');
        List<String> levels = new ArrayList<>();
        for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
            int kind = random.nextInt(6);
            if (kind < 2) {
                levels.add("+");
            } else if (kind == 2 && clientIdIsALevel) {
                levels.add(identity.clientId());
            } else {
                levels.add(joined(random, LEVEL_PIECES, 1, 2));
            }
        }
        if (random.nextInt(4) == 0) {
            levels.add("#");
        }
        return levels;
    }

    /**
     * An Allow of iot:Receive written from the filter: wildcards become {@code *} (a {@code +} now and then a {@code ?},
     * which proves nothing), the client ID its variable.
     */
    private static Stmt receiveGrant(Random random, List<String> levels, Identity identity) {
        StringBuilder resource = new StringBuilder(ARN + "topic/");
        for (int i = 0; i < levels.size(); i++) {
            String level = levels.get(i);
            boolean last = i == levels.size() - 1;
            if (level.equals("#") && last && i > 0 && random.nextBoolean()) {
                // "a*" covers the parent level a as well as everything below it.
                resource.setLength(resource.length() - 1);
                resource.append('*');
                break;
            }
            if (level.equals("+") && random.nextInt(4) == 0) {
                // Too narrow for a level: "?" is exactly one character, a level any number.
                resource.append('?');
            } else if (level.equals("+") || level.equals("#")) {
                resource.append('*');
            } else if (level.equals(identity.clientId()) && random.nextBoolean()) {
                resource.append("${iot:ClientId}");
            } else {
                resource.append(level);
            }
            if (!last) {
                resource.append('/');
            }
        }
        return new Stmt(true, false, List.of("iot:Receive"), false, List.of(resource.toString()), null);
    }

    /** One topic the filter matches: each {@code +} a generated level, {@code #} none or more (or the parent). */
    private static String topicOf(Random random, List<String> levels) {
        List<String> topic = new ArrayList<>();
        for (String level : levels) {
            if (level.equals("+")) {
                topic.add(joined(random, LEVEL_PIECES, 0, 2));
            } else if (level.equals("#")) {
                if (topic.isEmpty() || random.nextInt(4) != 0) {
                    for (int i = 0, n = random.nextInt(4); i < n; i++) {
                        topic.add(joined(random, LEVEL_PIECES, 0, 2));
                    }
                    if (topic.isEmpty()) {
                        topic.add(joined(random, LEVEL_PIECES, 1, 2));
                    }
                }
            } else {
                topic.add(level);
            }
        }
        return String.join("/", topic);
    }

    private static void forEachCase(Consumer<Case> check) {
        Random random = new Random(SEED);
        for (int i = 0; i < CASES; i++) {
            Case c = new Case(document(random), identity(random), request(random));
            try {
                check.accept(c);
            } catch (AssertionError e) {
                throw new AssertionError(
                        "case " + i + " of -Dthingcore.policy.seed=" + SEED + ": " + e.getMessage(), e);
            }
        }
    }

    /** An Allow with NotResource holding a variable the identity cannot supply (the evaluator fails closed). */
    private static boolean failsClosedOnPurpose(Case c) {
        for (Stmt s : c.document()) {
            if (s.allow() && s.notResource()) {
                for (String r : s.resources()) {
                    if (resolve(r, c.identity(), false) == null) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    // ---- generators

    private static final List<String> STATEMENT_ACTIONS = List.of(
            "*",
            "iot:*",
            "iot:Publish",
            "IOT:publish",
            "iot:Pub*",
            "iot:?eceive",
            "iot:Subscribe",
            "iot:Connect",
            "iot:*Publish");
    private static final List<String> RESOURCE_KINDS =
            List.of("client/", "topic/", "topicfilter/", "thing/", "*", "topic*");
    private static final List<String> RESOURCE_PIECES = resourcePieces();
    private static final List<String> CONDITION_PIECES =
            IDENTITY_PIECES.stream().filter(p -> !p.contains("$")).toList();

    private static List<String> resourcePieces() {
        List<String> pieces = new ArrayList<>(IDENTITY_PIECES);
        VARIABLES.forEach(v -> pieces.add("${" + v + "}"));
        pieces.addAll(List.of("*", "?", "${*}", "${?}", "${$}", "${}", "$", "${unterminated"));
        return List.copyOf(pieces);
    }

    private static <T> T pick(Random random, List<T> from) {
        return from.get(random.nextInt(from.size()));
    }

    private static String joined(Random random, List<String> pieces, int min, int max) {
        StringBuilder out = new StringBuilder();
        for (int i = 0, n = min + random.nextInt(max - min + 1); i < n; i++) {
            out.append(pick(random, pieces));
        }
        return out.toString();
    }

    private static @Nullable String sometimes(Random random) {
        return random.nextInt(4) == 0 ? null : joined(random, IDENTITY_PIECES, 1, 5);
    }

    private static Identity identity(Random random) {
        return new Identity(
                joined(random, IDENTITY_PIECES, 1, 5), sometimes(random), sometimes(random), sometimes(random));
    }

    private static Request request(Random random) {
        return new Request(
                pick(random, ACTIONS),
                ARN
                        + pick(random, List.of("client/", "topic/", "topicfilter/", "thing/"))
                        + joined(random, IDENTITY_PIECES, 1, 6));
    }

    private static List<Stmt> document(Random random) {
        List<Stmt> statements = new ArrayList<>();
        for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
            statements.add(statement(random));
        }
        return statements;
    }

    private static Stmt statement(Random random) {
        List<String> actions = new ArrayList<>();
        for (int i = 0, n = 1 + random.nextInt(2); i < n; i++) {
            actions.add(pick(random, STATEMENT_ACTIONS));
        }
        List<String> resources = new ArrayList<>();
        if (random.nextInt(8) == 0) {
            resources.add("*");
        } else {
            for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
                resources.add(ARN + pick(random, RESOURCE_KINDS) + joined(random, RESOURCE_PIECES, 0, 5));
            }
        }
        Condition condition = random.nextInt(3) != 0
                ? null
                : new Condition(
                        pick(random, List.of("StringEquals", "StringLike", "StringNotEquals", "StringNotLike")),
                        pick(random, List.of("iot:ClientId", "iot:Connection.Thing.ThingName")),
                        joined(random, CONDITION_PIECES, 1, 3));
        return new Stmt(
                random.nextBoolean(), random.nextInt(3) == 0, actions, random.nextInt(3) == 0, resources, condition);
    }

    // ---- the reference evaluator

    static boolean referenceAllows(List<Stmt> document, Identity identity, Request request) {
        boolean allowed = false;
        for (Stmt s : document) {
            if (applies(s, identity, request)) {
                if (!s.allow()) {
                    return false;
                }
                allowed = true;
            }
        }
        return allowed;
    }

    private static boolean applies(Stmt s, Identity identity, Request request) {
        boolean actionListed = s.actions().stream()
                .anyMatch(a -> glob(a, Pattern.CASE_INSENSITIVE)
                        .matcher(request.action())
                        .matches());
        if (actionListed == s.notAction()) {
            return false;
        }
        boolean resourceOk;
        if (!s.notResource()) {
            resourceOk = s.resources().stream().anyMatch(r -> {
                String resolved = resolve(r, identity, false);
                return resolved != null
                        && marked(resolved, 0).matcher(request.resource()).matches();
            });
        } else {
            boolean listed = false;
            boolean possiblyListed = false;
            for (String r : s.resources()) {
                String resolved = resolve(r, identity, false);
                if (resolved != null) {
                    listed |= marked(resolved, 0).matcher(request.resource()).matches();
                } else {
                    String anyValue = java.util.Objects.requireNonNull(resolve(r, identity, true));
                    possiblyListed |=
                            marked(anyValue, 0).matcher(request.resource()).matches();
                }
            }
            // "Everything but a pattern we cannot read" grants nothing the pattern might have excluded (fail closed);
            // in a Deny the unreadable pattern excludes nothing, as its literal text would exclude nothing on AWS.
            resourceOk = !listed && !(possiblyListed && s.allow());
        }
        return resourceOk && conditionHolds(s.condition(), s.allow(), identity);
    }

    /**
     * IAM User Guide, "IAM JSON policy elements: Condition operators": a key missing from the request makes a
     * condition false, except a negated one ({@code StringNotEquals}, {@code StringNotLike}), which is then true. The
     * evaluator keeps that rule in a Deny and fails closed in an Allow (a grant never rests on a missing value).
     */
    private static boolean conditionHolds(@Nullable Condition c, boolean allow, Identity identity) {
        if (c == null) {
            return true;
        }
        String actual = identity.value(c.key());
        if (actual == null) {
            return c.operator().contains("Not") && !allow;
        }
        return switch (c.operator()) {
            case "StringEquals" -> actual.equals(c.value());
            case "StringNotEquals" -> !actual.equals(c.value());
            case "StringLike" -> glob(c.value(), 0).matcher(actual).matches();
            case "StringNotLike" -> !glob(c.value(), 0).matcher(actual).matches();
            default -> throw new IllegalArgumentException(c.operator());
        };
    }

    private static final char MARK = '\0';
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]+)}");

    /**
     * The resource pattern with every variable replaced by its value, or null when one cannot be substituted (or, with
     * {@code unresolvedAsAnything}, with such a variable replaced by {@code *}: the pattern whatever its value). The
     * wildcards of the policy's own text are marked with a NUL character before them, so that a {@code ${*}} or a
     * substituted value stays literal.
     */
    private static @Nullable String resolve(String pattern, Identity identity, boolean unresolvedAsAnything) {
        StringBuilder out = new StringBuilder();
        Matcher m = VARIABLE.matcher(pattern);
        int last = 0;
        while (m.find()) {
            out.append(markWildcards(pattern.substring(last, m.start())));
            String name = m.group(1);
            if (name.equals("*") || name.equals("?") || name.equals("$")) {
                out.append(name);
            } else {
                String value = identity.value(name);
                if (value != null && value.length() <= 1024 && !value.matches("(?s).*[*?+#$].*")) {
                    out.append(value);
                } else if (unresolvedAsAnything) {
                    out.append(MARK).append('*');
                } else {
                    return null;
                }
            }
            last = m.end();
        }
        out.append(markWildcards(pattern.substring(last)));
        return out.toString();
    }

    private static String markWildcards(String text) {
        return text.replace("*", MARK + "*").replace("?", MARK + "?");
    }

    /** A plain IAM glob (actions, {@code StringLike} values) as a regex. */
    private static Pattern glob(String pattern, int flags) {
        return marked(markWildcards(pattern), flags);
    }

    /** A pattern whose wildcards are marked by {@link #markWildcards} (every other character literal) as a regex. */
    private static Pattern marked(String marked, int flags) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < marked.length(); i++) {
            char c = marked.charAt(i);
            if (c == MARK && i + 1 < marked.length()) {
                if (!literal.isEmpty()) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(marked.charAt(++i) == '*' ? "(?s:.*)" : "(?s:.)");
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return Pattern.compile(regex.toString(), flags);
    }

    // ---- documents as JSON

    private static PolicyRef ref(List<Stmt> document) {
        return new PolicyRef("generated", ARN + "policy/generated", PolicyDocument.parse(json(document)));
    }

    private static String json(List<Stmt> document) {
        ObjectNode root = JSON.createObjectNode();
        root.put("Version", "2012-10-17");
        ArrayNode statements = root.putArray("Statement");
        for (Stmt s : document) {
            ObjectNode st = statements.addObject();
            st.put("Effect", s.allow() ? "Allow" : "Deny");
            ArrayNode actions = st.putArray(s.notAction() ? "NotAction" : "Action");
            s.actions().forEach(actions::add);
            ArrayNode resources = st.putArray(s.notResource() ? "NotResource" : "Resource");
            s.resources().forEach(resources::add);
            if (s.condition() != null) {
                st.putObject("Condition")
                        .putObject(s.condition().operator())
                        .put(s.condition().key(), s.condition().value());
            }
        }
        return root.toString();
    }
}
