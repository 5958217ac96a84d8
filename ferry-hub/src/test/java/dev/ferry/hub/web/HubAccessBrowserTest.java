package dev.ferry.hub.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.hub.access.AuditLog;
import dev.ferry.hub.access.Masking;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/**
 * Logging in to the hub in headless chromium: a viewer sees a topic without its events, a reader
 * sees them with the sensitive field masked, an admin finds that peek on the audit page; the login
 * and audit pages are saved as screenshots (target/screenshots).
 */
class HubAccessBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private InMemoryHubData data;
    private HubServer hub;
    private Browser browser;

    @BeforeEach
    void start() {
        data = new InMemoryHubData();
        data.sensitive();
        hub = HubServer.start(data, HubServer.Options.secured(HubAccess.of(HubSecurityTest.users(),
                AuditLog.inMemory(1000))).port(0));
        browser = Browser.open(hub.url());
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.close();
        }
        hub.close();
    }

    @Test
    void a_viewer_sees_the_topic_but_no_events_and_no_audit_link() {
        WebDriver page = browser.go("/topics/payments");
        assertThat(page.getCurrentUrl()).contains("/login?next=");
        browser.screenshot("login");
        logIn(page, "viewer");
        assertThat(page.getCurrentUrl()).endsWith("/topics/payments");
        assertThat(page.findElement(By.id("peek-hidden")).getText()).contains("does not show event contents");
        assertThat(page.findElements(By.id("peek"))).isEmpty();
        assertThat(page.findElements(By.cssSelector("article.event"))).isEmpty();
        await().atMost(WAIT).until(() -> page.findElement(By.id("who")).getText().contains("viewer"));
        assertThat(page.findElements(By.id("audit-link"))).isEmpty();
    }

    @Test
    void a_reader_peeks_and_the_sensitive_field_is_masked() {
        WebDriver page = browser.go("/login?next=/topics/payments");
        logIn(page, "reader");
        String value = page.findElement(By.cssSelector("article.event[data-offset='41'] pre.value")).getText();
        assertThat(value).contains("\"user\" : \"" + Masking.MARKER + "\"", "\"score\" : 0.5")
                .doesNotContain("script");
        await().atMost(WAIT).until(() -> page.findElement(By.id("who")).getText().contains("reader"));
        page.findElement(By.cssSelector("#logout button")).click();
        await().atMost(WAIT).until(() -> page.getCurrentUrl().endsWith("/login"));
        browser.go("/topics");
        assertThat(page.getCurrentUrl()).contains("/login?next=");
    }

    @Test
    void an_admin_finds_the_readers_peek_on_the_audit_page() {
        WebDriver page = browser.go("/login?next=/topics/payments");
        logIn(page, "reader");
        assertThat(page.findElements(By.cssSelector("article.event"))).isNotEmpty();
        await().atMost(WAIT).until(() -> !page.findElements(By.cssSelector("#logout button")).isEmpty());
        page.findElement(By.cssSelector("#logout button")).click();
        await().atMost(WAIT).until(() -> page.getCurrentUrl().endsWith("/login"));

        logIn(page, "admin");
        await().atMost(WAIT).until(() -> !page.findElements(By.id("audit-link")).isEmpty());
        page.findElement(By.id("audit-link")).click();
        await().atMost(WAIT).until(() -> page.getCurrentUrl().endsWith("/audit"));
        var peek = page.findElement(By.cssSelector("tr.audit-row[data-action='hub.peek']"));
        assertThat(peek.findElement(By.className("by")).getText()).isEqualTo("reader");
        assertThat(peek.findElement(By.className("topic")).getText()).isEqualTo("payments");
        assertThat(peek.findElement(By.className("detail")).getText()).contains("partition 0 offsets 41..41");
        assertThat(page.findElements(By.cssSelector("tr.audit-row[data-action='hub.login']"))).hasSize(2);
        browser.screenshot("audit");
    }

    private static void logIn(WebDriver page, String user) {
        page.findElement(By.name("user")).sendKeys(user);
        page.findElement(By.name("password")).sendKeys(user + "-pw");
        page.findElement(By.cssSelector("#login button")).click();
        await().atMost(WAIT).until(() -> !page.getCurrentUrl().contains("/login")
                || !page.findElements(By.className("error")).isEmpty());
        assertThat(page.findElements(By.className("error"))).as("the login of " + user).extracting(e -> e.getText())
                .isEmpty();
    }
}
