package io.thingcore.api.http;

import static io.netty.handler.codec.http.HttpMethod.DELETE;
import static io.netty.handler.codec.http.HttpMethod.GET;
import static io.netty.handler.codec.http.HttpMethod.POST;
import static io.netty.handler.codec.http.HttpMethod.PUT;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RouteTableTest {
    private static final Operation NOOP = request -> ApiResponse.empty();

    private final RouteTable routes = new RouteTable()
            .add(POST, "/attached-policies/{target}", "ListAttachedPolicies", NOOP)
            .add(GET, "/things/{thingName}", "DescribeThing", NOOP)
            .add(DELETE, "/things/{thingName}", "DeleteThing", NOOP)
            .add(GET, "/things/{thingName}/principals", "ListThingPrincipals", NOOP)
            .add(GET, "/principals/things", "ListPrincipalThings", NOOP)
            .add(GET, "/principals/{x}", "Labelled", NOOP)
            .add(GET, "/policies/{policyName}/version/{policyVersionId}", "GetPolicyVersion", NOOP);

    private RouteTable.Match.Found found(io.netty.handler.codec.http.HttpMethod method, String path) {
        RouteTable.Match match = routes.match(method, path);
        assertThat(match).isInstanceOf(RouteTable.Match.Found.class);
        return (RouteTable.Match.Found) match;
    }

    @Test
    void encodedSlashAndColonStayInOneLabelAndAreDecodedAfterSplitting() {
        var found = found(POST, "/attached-policies/arn%3Aaws%3Aiot%3Aus-east-1%3A123456789012%3Acert%2Fabc123");
        assertThat(found.route().name()).isEqualTo("ListAttachedPolicies");
        assertThat(found.labels()).containsEntry("target", "arn:aws:iot:us-east-1:123456789012:cert/abc123");
    }

    @Test
    void twoLabels() {
        var found = found(GET, "/policies/my%2Bpolicy/version/3");
        assertThat(found.labels()).containsEntry("policyName", "my+policy").containsEntry("policyVersionId", "3");
    }

    @Test
    void plusIsNotASpace() {
        assertThat(found(GET, "/things/a+b").labels()).containsEntry("thingName", "a+b");
    }

    @Test
    void literalBeatsLabel() {
        assertThat(found(GET, "/principals/things").route().name()).isEqualTo("ListPrincipalThings");
        assertThat(found(GET, "/principals/other").route().name()).isEqualTo("Labelled");
    }

    @Test
    void knownPathWithOtherMethodIsMethodNotAllowed() {
        var match = routes.match(PUT, "/things/t1");
        assertThat(match)
                .isInstanceOfSatisfying(
                        RouteTable.Match.MethodNotAllowed.class,
                        m -> assertThat(m.allowed()).containsExactlyInAnyOrder(GET, DELETE));
    }

    @Test
    void unknownPathsAndEmptyLabels() {
        assertThat(routes.match(GET, "/nope")).isInstanceOf(RouteTable.Match.NotFound.class);
        assertThat(routes.match(GET, "/things/")).isInstanceOf(RouteTable.Match.NotFound.class);
        assertThat(routes.match(GET, "/things/a/b")).isInstanceOf(RouteTable.Match.NotFound.class);
        assertThat(routes.match(GET, "")).isInstanceOf(RouteTable.Match.NotFound.class);
    }

    @Test
    void malformedEscapeInALabel() {
        assertThat(routes.match(GET, "/things/a%zz")).isInstanceOf(RouteTable.Match.BadPath.class);
    }
}
