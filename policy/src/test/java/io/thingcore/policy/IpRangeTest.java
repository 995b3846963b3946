package io.thingcore.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hand-written address parser: strict, and never a DNS lookup. */
class IpRangeTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "1.2.3.4",
                "0.0.0.0/0",
                "255.255.255.255/32",
                "::",
                "::/0",
                "::1",
                "1::",
                "2001:db8::/32",
                "2001:0db8:0000:0000:0000:ff00:0042:8329",
                "::ffff:10.0.0.1",
                "fe80::1:2:3:4/64",
                "1:2:3:4:5:6:7:8/128"
            })
    void acceptsAddressesAndBlocks(String text) {
        assertThat(IpRange.parse(text)).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "1.2.3",
                "1.2.3.4.5",
                "256.1.1.1",
                "01.2.3.4",
                "1.2.3.4/33",
                "1.2.3.4/",
                "1.2.3.4/-1",
                ":::",
                "1:2:3:4:5:6:7:8:9",
                "1::2::3",
                "12345::",
                "g::1",
                "localhost",
                "1.2.3.4 ",
                ":1",
                "1:"
            })
    void rejectsAnythingElse(String text) {
        assertThat(IpRange.parse(text)).isNull();
    }

    @Test
    void prefixBoundaries() {
        IpRange v4 = IpRange.parse("10.1.0.0/16");
        assertThat(v4.test("10.1.255.255")).isEqualTo(1);
        assertThat(v4.test("10.2.0.0")).isZero();
        assertThat(v4.test("nonsense")).isEqualTo(-1);
        IpRange v6 = IpRange.parse("2001:db8:abcd:12::/64");
        assertThat(v6.test("2001:db8:abcd:12:ffff:ffff:ffff:ffff")).isEqualTo(1);
        assertThat(v6.test("2001:db8:abcd:13::")).isZero();
        assertThat(IpRange.parse("2001:db8::/65").test("2001:db8::8000:0:0:0")).isZero();
        assertThat(IpRange.parse("2001:db8::/65").test("2001:db8::7fff:0:0:0")).isEqualTo(1);
        assertThat(v6.test("10.0.0.1")).isZero();
    }
}
