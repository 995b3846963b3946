package io.thingcore.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The grammar AWS IoT accepts (AWS IoT Developer Guide, "AWS IoT Core policies" and its policy elements) and the size
 * limit (AWS General Reference, "AWS IoT Core endpoints and quotas").
 */
class PolicyDocumentTest {
    private static final String OK_STATEMENT = "{\"Effect\":\"Allow\",\"Action\":\"iot:Publish\",\"Resource\":\"*\"}";

    @Test
    void parsesTheSeedPolicy() {
        PolicyDocument d = PolicyDocument.parse(Policies.SEED);
        assertThat(d.version()).isEqualTo("2012-10-17");
        assertThat(d.statementCount()).isEqualTo(1);
        assertThat(d.json()).isEqualTo(Policies.SEED);
        assertThat(d.sizeExcludingWhitespace()).isEqualTo(Policies.SEED.length());
    }

    @Test
    void acceptsTheGrammarVariants() {
        // Statement as an object; Version 2008 or missing; Id; Sid; arrays; NotAction/NotResource; Condition.
        assertThat(PolicyDocument.parse("{\"Statement\":" + OK_STATEMENT + "}").version())
                .isNull();
        assertThat(PolicyDocument.parse("{\"Version\":\"2008-10-17\",\"Statement\":[" + OK_STATEMENT + "]}")
                        .statementCount())
                .isEqualTo(1);
        PolicyDocument d = PolicyDocument.parse("{\"Version\":\"2012-10-17\",\"Id\":\"x\",\"Statement\":["
                + "{\"Sid\":\"one\",\"Effect\":\"Deny\",\"NotAction\":[\"iot:Connect\",\"iot:Pub*\"],"
                + "\"NotResource\":[\"arn:aws:iot:*:*:topic/a\",\"*\"],"
                + "\"Condition\":{\"StringLike\":{\"iot:ClientId\":[\"a*\",\"b?\"]},\"Bool\":{\"k:b\":true},"
                + "\"NumericLessThan\":{\"k:n\":5}}}," + OK_STATEMENT + "]}");
        assertThat(d.statementIds()).containsExactly("one", null);
    }

    @Test
    void sizeIsCountedWithoutWhitespace() {
        String spaced = "{ \"Statement\" :\n\t" + OK_STATEMENT.replace(",", " ,  ") + " }";
        PolicyDocument d = PolicyDocument.parse(spaced);
        assertThat(d.sizeExcludingWhitespace())
                .isEqualTo(spaced.replaceAll("\\s", "").length());
    }

    /** A valid document of exactly {@code size} non-whitespace characters, padded with whitespace too. */
    private static String documentOfSize(int size) {
        String head = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Sid\":\"";
        String tail = "\",\"Effect\":\"Allow\",\"Action\":\"iot:Publish\",\"Resource\":\"*\"}}";
        return head + "a".repeat(size - head.length() - tail.length()) + tail + "\n   \n" + " ".repeat(500);
    }

    @Test
    void exactly2048CharactersIsAccepted() {
        assertThat(PolicyDocument.parse(documentOfSize(2048)).sizeExcludingWhitespace())
                .isEqualTo(2048);
    }

    @Test
    void _2049CharactersIsRejected() {
        assertThatThrownBy(() -> PolicyDocument.parse(documentOfSize(2049)))
                .isInstanceOf(MalformedPolicyException.class)
                .hasMessage("Policy document is too large: 2049 characters excluding whitespace, the limit is 2048");
    }

    static Stream<Arguments> malformed() {
        String s = OK_STATEMENT;
        return Stream.of(
                Arguments.of("invalid JSON", "{\"Statement\":", "not valid JSON"),
                Arguments.of("not JSON at all", "Allow everything", "not valid JSON"),
                Arguments.of("trailing garbage", "{\"Statement\":" + s + "} x", "not valid JSON"),
                Arguments.of("a second document", "{\"Statement\":" + s + "}{}", "not valid JSON"),
                Arguments.of("comments", "{/* c */\"Statement\":" + s + "}", "not valid JSON"),
                Arguments.of(
                        "duplicate top-level key",
                        "{\"Statement\":" + s + ",\"Statement\":" + s + "}",
                        "Duplicate field 'Statement'"),
                Arguments.of(
                        "duplicate statement key",
                        "{\"Statement\":{\"Effect\":\"Allow\",\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\"}}",
                        "Duplicate field 'Effect'"),
                Arguments.of("empty document", "   ", "Policy document is empty"),
                Arguments.of("not an object", "[" + s + "]", "must be a JSON object"),
                Arguments.of("unknown top-level key", "{\"Statement\":" + s + ",\"Foo\":1}", "Unknown key 'Foo'"),
                Arguments.of("bad version", "{\"Version\":\"2012-10-18\",\"Statement\":" + s + "}", "Version must be"),
                Arguments.of("numeric version", "{\"Version\":2012,\"Statement\":" + s + "}", "Version must be"),
                Arguments.of("no statement", "{\"Version\":\"2012-10-17\"}", "has no Statement"),
                Arguments.of("statement string", "{\"Statement\":\"Allow\"}", "Statement must be an object or"),
                Arguments.of("empty statement array", "{\"Statement\":[]}", "Statement must not be empty"),
                Arguments.of("empty statement object", "{\"Statement\":{}}", "Statement[0] is empty"),
                Arguments.of(
                        "statement not an object", "{\"Statement\":[" + s + ",1]}", "Statement[1] must be an object"),
                Arguments.of(
                        "unknown statement key",
                        "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\",\"Foo\":1}}",
                        "Unknown key 'Foo' in Statement[0]"),
                Arguments.of(
                        "principal",
                        "{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"*\",\"Resource\":\"*\"}}",
                        "Statement[0] has Principal"),
                Arguments.of(
                        "missing effect",
                        "{\"Statement\":{\"Action\":\"*\",\"Resource\":\"*\"}}",
                        "Statement[0] has no Effect"),
                Arguments.of(
                        "lower-case effect",
                        "{\"Statement\":{\"Effect\":\"allow\",\"Action\":\"*\",\"Resource\":\"*\"}}",
                        "Statement[0].Effect must be \"Allow\" or \"Deny\""),
                Arguments.of(
                        "missing action",
                        "{\"Statement\":{\"Effect\":\"Allow\",\"Resource\":\"*\"}}",
                        "neither Action nor NotAction"),
                Arguments.of(
                        "action and notaction",
                        "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"NotAction\":\"*\",\"Resource\":\"*\"}}",
                        "both Action and NotAction"),
                Arguments.of(
                        "missing resource",
                        "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\"}}",
                        "neither Resource nor NotResource"),
                Arguments.of(
                        "resource and notresource",
                        "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\",\"NotResource\":\"*\"}}",
                        "both Resource and NotResource"),
                Arguments.of(
                        "action of wrong type",
                        "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":5,\"Resource\":\"*\"}}",
                        "Statement[0].Action must be a string or an array of strings"),
                Arguments.of(
                        "empty action array",
                        "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":[],\"Resource\":\"*\"}}",
                        "Statement[0].Action must not be empty"),
                Arguments.of(
                        "action array with a number",
                        "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":[\"iot:Publish\",1],\"Resource\":\"*\"}}",
                        "Statement[0].Action must contain only strings"),
                Arguments.of(
                        "action without service",
                        "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"Publish\",\"Resource\":\"*\"}}",
                        "Statement[0].Action 'Publish' is not valid"),
                Arguments.of(
                        "empty resource",
                        "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"\"}}",
                        "Statement[0].Resource must not contain an empty string"),
                Arguments.of(
                        "resource not an ARN",
                        "{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"topic/a\"}}",
                        "Statement[0].Resource 'topic/a' is not valid"),
                Arguments.of(
                        "sid of wrong type",
                        "{\"Statement\":{\"Sid\":1,\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}}",
                        "Statement[0].Sid must be a string"),
                Arguments.of(
                        "condition not an object", withCondition("[]"), "Statement[0].Condition must be an object"),
                Arguments.of(
                        "unknown operator",
                        withCondition("{\"StringEqualz\":{\"iot:ClientId\":\"a\"}}"),
                        "Unknown condition operator 'StringEqualz' in Statement[0].Condition"),
                Arguments.of(
                        "IfExists on Null",
                        withCondition("{\"NullIfExists\":{\"iot:ClientId\":\"true\"}}"),
                        "Unknown condition operator 'NullIfExists'"),
                Arguments.of(
                        "unknown qualifier",
                        withCondition("{\"ForSomeValues:StringEquals\":{\"iot:ClientId\":\"a\"}}"),
                        "Unknown condition operator 'ForSomeValues:StringEquals'"),
                Arguments.of(
                        "operator body not an object",
                        withCondition("{\"StringEquals\":\"a\"}"),
                        "Statement[0].Condition.StringEquals must be a non-empty object"),
                Arguments.of(
                        "no values",
                        withCondition("{\"StringEquals\":{\"iot:ClientId\":[]}}"),
                        "Condition key 'iot:ClientId' in Statement[0].Condition.StringEquals has no values"),
                Arguments.of(
                        "object value",
                        withCondition("{\"StringEquals\":{\"iot:ClientId\":{\"a\":1}}}"),
                        "values must be strings, numbers or booleans"),
                Arguments.of(
                        "bad number",
                        withCondition("{\"NumericLessThan\":{\"k:n\":\"ten\"}}"),
                        "Condition value 'ten' for Statement[0].Condition.NumericLessThan.k:n is not a number"),
                Arguments.of(
                        "bad date",
                        withCondition("{\"DateLessThan\":{\"aws:CurrentTime\":\"tomorrow\"}}"),
                        "is not a date"),
                Arguments.of(
                        "bad CIDR",
                        withCondition("{\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/33\"}}"),
                        "is not an IP address or CIDR block"),
                Arguments.of(
                        "host name for IP",
                        withCondition("{\"IpAddress\":{\"aws:SourceIp\":\"example.com\"}}"),
                        "is not an IP address or CIDR block"),
                Arguments.of(
                        "bad Null value",
                        withCondition("{\"Null\":{\"iot:ClientId\":\"yes\"}}"),
                        "must be true or false"));
    }

    private static String withCondition(String condition) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\","
                + "\"Condition\":" + condition + "}}";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedDocumentsAreRejectedWithAMessageNamingTheProblem(String problem, String json, String message) {
        assertThatThrownBy(() -> PolicyDocument.parse(json))
                .isInstanceOf(MalformedPolicyException.class)
                .hasMessageContaining(message);
    }

    @Test
    void nullIsRejected() {
        assertThatThrownBy(() -> PolicyDocument.parse(null)).isInstanceOf(MalformedPolicyException.class);
    }
}
