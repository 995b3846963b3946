package io.thingcore.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonBodyTest {
    private static JsonBody parse(String json) {
        return JsonBody.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void emptyBodyAndEmptyObjectAreTheSame() {
        assertThat(parse("").string("x")).isNull();
        assertThat(parse("  \n").string("x")).isNull();
        assertThat(parse("{}").string("x")).isNull();
        assertThat(parse("{\"x\":null}").string("x")).isNull();
    }

    @Test
    void wrongTypesNameTheMember() {
        assertThatThrownBy(() -> parse("{\"setAsActive\":\"yes\"}").bool("setAsActive"))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("'setAsActive'")
                .hasMessageContaining("boolean");
        assertThatThrownBy(() -> parse("{\"policyDocument\":5}").requiredString("policyDocument"))
                .hasMessageContaining("'policyDocument'");
        assertThatThrownBy(() -> parse("{\"attributePayload\":{\"attributes\":{\"a\":1}}}")
                        .object("attributePayload")
                        .stringMap("attributes"))
                .hasMessageContaining("'attributePayload.attributes.a'");
        assertThatThrownBy(() -> parse("{\"expectedVersion\":1.5}").longValue("expectedVersion"))
                .hasMessageContaining("integer");
    }

    @Test
    void invalidJsonAndNonObjects() {
        assertThatThrownBy(() -> parse("{\"a\":"))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.errorType()).isEqualTo("InvalidRequestException"));
        assertThatThrownBy(() -> parse("[1,2]")).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> parse("\"str\"")).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> parse("{} {}")).hasMessageContaining("not valid JSON");
    }

    @Test
    void requiredMembers() {
        assertThatThrownBy(() -> parse("{}").requiredString("caCertificate"))
                .hasMessageContaining("'caCertificate' is required");
    }

    @Test
    void unknownMembersAreIgnored() {
        assertThat(parse("{\"unknown\":[1],\"thingTypeName\":\"t\"}").string("thingTypeName"))
                .isEqualTo("t");
    }
}
