package io.thingcore.console.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StaticFilesTest {
    final StaticFiles files = new StaticFiles();

    @Test
    void everyListedFileIsInTheJarWithItsContentType() {
        for (String name : StaticFiles.FILES) {
            StaticFiles.File file = files.get(name).orElseThrow();
            assertThat(file.bytes()).isNotEmpty();
            assertThat(file.etag()).matches("\"[0-9a-f]{32}\"");
        }
        assertThat(files.get("index.html").orElseThrow().contentType()).isEqualTo("text/html; charset=utf-8");
        assertThat(files.get("app.js").orElseThrow().contentType()).isEqualTo("text/javascript; charset=utf-8");
        assertThat(files.get("style.css").orElseThrow().contentType()).isEqualTo("text/css; charset=utf-8");
        assertThat(files.get("favicon.svg").orElseThrow().contentType()).isEqualTo("image/svg+xml");
    }

    @Test
    void onlyExactNamesFromTheListAreServed() {
        assertThat(files.get("../logback-test.xml")).isEmpty();
        assertThat(files.get("pages/../app.js")).isEmpty();
        assertThat(files.get("/app.js")).isEmpty();
        assertThat(files.get("package-info.class")).isEmpty();
        assertThat(files.get("")).isEmpty();
    }

    @Test
    void theHtmlHasNoInlineScriptOrStyle() {
        for (String name : new String[] {"index.html", "sign-in.html"}) {
            String html = new String(files.get(name).orElseThrow().bytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(html).doesNotContain("<style").doesNotContain("style=").doesNotContain("onclick");
            assertThat(html.split("<script", -1))
                    .allSatisfy(part -> assertThat(part).doesNotStartWith(">"));
            assertThat(html).contains("type=\"module\" src=\"/console/assets/");
        }
    }
}
