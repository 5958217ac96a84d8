package dev.ferry.hub.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.engine.EventPosition;
import dev.ferry.hub.access.AuditEntry;
import dev.ferry.hub.access.AuditLog;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/**
 * On call in headless chromium: an admin sees the halted event on the app's page, clicks Skip,
 * confirms, and finds the skip on the audit page; a viewer sees the halted event but no Skip button
 * and no Replay form. The app's page with the buttons and the confirmation are saved as
 * screenshots (target/screenshots).
 */
class OnCallBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final RecordingOnCall actions = new RecordingOnCall();
    private HubServer hub;
    private Browser browser;

    @BeforeEach
    void start() {
        InMemoryHubData data = new InMemoryHubData();
        data.halt();
        hub = HubServer.start(data, actions, HubServer.Options.secured(HubAccess.of(OnCallWebTest.users(),
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
    void an_admin_clicks_skip_confirms_and_finds_it_on_the_audit_page() {
        WebDriver page = browser.go("/login?next=/apps/score");
        logIn(page, "admin");
        var halted = page.findElement(By.cssSelector("#oncall .halted"));
        assertThat(halted.findElement(By.className("partition")).getText()).isEqualTo("1");
        assertThat(halted.findElement(By.className("offset")).getText()).isEqualTo("90");
        assertThat(halted.findElement(By.className("reason")).getText()).contains("NumberFormatException");
        assertThat(page.findElements(By.id("replay"))).hasSize(1);
        halted.findElement(By.name("reason")).sendKeys("event 90 is a test event");
        browser.screenshot("oncall-app");
        halted.findElement(By.className("skip-button")).click();

        await().atMost(WAIT).until(() -> !page.findElements(By.id("confirm-skip")).isEmpty());
        assertThat(page.findElement(By.id("oncall-heading")).getText()).isEqualTo("Skip this event of app 'score'?");
        assertThat(actions.skips).as("nothing skipped before the confirmation").isEmpty();
        browser.screenshot("oncall-confirm");
        page.findElement(By.id("confirm-skip")).click();

        await().atMost(WAIT).until(() -> !page.findElements(By.id("oncall-done")).isEmpty());
        assertThat(page.findElement(By.id("oncall-heading")).getText()).isEqualTo("Skipped");
        assertThat(actions.skips).containsExactly(new RecordingOnCall.Skip("score",
                new EventPosition("clicks.enriched", 1, 90), "admin", "event 90 is a test event"));
        page.findElement(By.cssSelector("#oncall-done a[href='/audit']")).click();
        await().atMost(WAIT).until(() -> page.getCurrentUrl().endsWith("/audit"));
        var row = page.findElement(By.cssSelector("tr.audit-row[data-action='" + AuditEntry.SKIP + "']"));
        assertThat(row.findElement(By.className("by")).getText()).isEqualTo("admin");
        assertThat(row.findElement(By.className("detail")).getText()).contains("partition 1 offset 90");
    }

    @Test
    void a_viewer_sees_the_halted_event_but_no_skip_button_and_no_replay_form() {
        WebDriver page = browser.go("/login?next=/apps/score");
        logIn(page, "viewer");
        var halted = page.findElement(By.cssSelector("#oncall .halted"));
        assertThat(halted.findElement(By.className("offset")).getText()).isEqualTo("90");
        assertThat(page.findElements(By.className("skip-button"))).isEmpty();
        assertThat(page.findElements(By.id("replay"))).isEmpty();
        assertThat(actions.skips).isEmpty();
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
