package io.thingcore.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The glob matcher against a table of patterns, including the shortcut shapes. */
class TemplateTest {
    @ParameterizedTest(name = "{0} ~ {1} = {2}")
    @CsvSource({
        "*, '', true",
        "*, abc, true",
        "abc, abc, true",
        "abc, abd, false",
        "abc*, abcdef, true",
        "abc*, ab, false",
        "*def, abcdef, true",
        "*def, de, false",
        "a*c*e, abcde, true",
        "a*c*e, ace, true",
        "a*c*e, acex, false",
        "a*c*e, aec, false",
        "a?c, abc, true",
        "a?c, ac, false",
        "*?, '', false",
        "*?, x, true",
        "?*?, ab, true",
        "?*?, a, false",
        "a*a*a, aaa, true",
        "a*a*a, aa, false",
        "*a*a, xaya, true",
        "*ab*ab, abab, true",
        "*ab*ab, aab, false",
        "*.*, a.b, true",
    })
    void globs(String pattern, String text, boolean expected) {
        Template t = Template.compile(pattern, true, true, false);
        assertThat(t.match(text, AuthorizationContext.EMPTY, null) == Template.MATCH)
                .isEqualTo(expected);
    }
}
