package org.opsconsole.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import java.util.logging.Level;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.osgi.framework.Bundle;

/**
 * The console in a real headless Chromium (Debian's chromium and chromium-driver): the shell shows the
 * navigation, the System page opens and lists the bundles, the navigation follows a stopped bundle, and
 * the browser logs no JavaScript error. Screenshots go to {@code target/screenshots/}.
 */
class BrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target/screenshots");

    /** Selenium warns that it has no DevTools bindings for this Chromium version; the test does not use them. */
    private static final java.util.logging.Logger SELENIUM_DEVTOOLS_LOG = java.util.logging.Logger.getLogger("org.openqa.selenium.devtools");

    private static RunningConsole console;
    private static TestModules.Keys keys;
    private static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!installed && System.getenv("CI") != null) {
            throw new IllegalStateException("CI must install Debian's chromium and chromium-driver for the browser tests");
        }
        Assumptions.assumeTrue(installed, "browser tests need Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)");
        Files.createDirectories(SCREENSHOTS);
        SELENIUM_DEVTOOLS_LOG.setLevel(Level.SEVERE);
        Path keyFolder = Files.createTempDirectory("opsconsole-browser-keys");
        keys = TestModules.keys(keyFolder, "bureau");
        console = RunningConsole.start(Distribution.home(), Files.createTempDirectory("opsconsole-test-"),
                java.util.Map.of("OPSCONSOLE_PLUGINS_TRUSTSTORE", keys.truststore().toString(),
                        "OPSCONSOLE_PLUGINS_TRUSTSTORE_PASSWORD", "changeit", "OPSCONSOLE_PLUGINS_DEPLOY", "off"));

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1400,900", "--lang=zh-CN",
                "--user-data-dir=" + Files.createTempDirectory("chromium-profile"));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (console != null) {
            console.close();
        }
    }

    /** The admin's password now: one-time until the first sign-in in the browser changes it. */
    private static String adminPassword = RunningConsole.ADMIN_PASSWORD;

    /** Signs in as admin through the sign-in screen, changing the one-time password the first time. */
    private static void signIn() throws Exception {
        browser.get(console.url("/"));
        wait(Duration.ofSeconds(20)).until(d -> !d.findElements(By.cssSelector("[data-testid='login-form'], [data-page]")).isEmpty());
        if (browser.findElements(By.cssSelector("[data-testid='login-form']")).isEmpty()) {
            return; // still signed in
        }
        WebElement form = browser.findElement(By.cssSelector("[data-testid='login-form']"));
        form.findElement(By.name("name")).sendKeys("admin");
        form.findElement(By.name("password")).sendKeys(adminPassword);
        form.findElement(By.cssSelector("button[type='submit']")).click();
        wait(Duration.ofSeconds(20)).until(d -> !d.findElements(By.cssSelector("[data-testid='password-form'], [data-page]")).isEmpty());
        if (!browser.findElements(By.cssSelector("[data-testid='password-form']")).isEmpty()) {
            screenshot("password-change");
            WebElement change = browser.findElement(By.cssSelector("[data-testid='password-form']"));
            change.findElement(By.name("current")).sendKeys(adminPassword);
            change.findElement(By.name("password")).sendKeys(RunningConsole.CHANGED_PASSWORD);
            change.findElement(By.name("confirm")).sendKeys(RunningConsole.CHANGED_PASSWORD);
            change.findElement(By.cssSelector("button[type='submit']")).click();
            adminPassword = RunningConsole.CHANGED_PASSWORD;
        }
    }

    @Test
    void aWrongPasswordIsRefusedOnTheSignInScreen() throws Exception {
        browser.manage().deleteAllCookies();
        browser.get(console.url("/"));
        WebElement form = waitFor(By.cssSelector("[data-testid='login-form']"));
        screenshot("sign-in");
        form.findElement(By.name("name")).sendKeys("admin");
        form.findElement(By.name("password")).sendKeys("Not-The-Password-1");
        form.findElement(By.cssSelector("button[type='submit']")).click();
        wait(Duration.ofSeconds(10)).until(d -> d.getPageSource().contains("用户名或密码错误"));
        assertTrue(browser.findElements(By.cssSelector("[data-page]")).isEmpty(), "no navigation without signing in");
    }

    @Test
    void theShellShowsTheNavigationAndTheSystemPageListsTheBundles() throws Exception {
        signIn();
        WebElement link = waitFor(By.cssSelector("[data-page='system']"));
        assertTrue(link.getText().contains("系统"), "the navigation speaks Chinese by default: " + link.getText());
        screenshot("shell");

        link.click();
        WebElement table = waitFor(By.cssSelector("[data-testid='bundle-table']"));
        wait(Duration.ofSeconds(10)).until(d -> !table.findElements(By.cssSelector("[data-bundle='org.apache.felix.scr']")).isEmpty());
        assertTrue(browser.getCurrentUrl().endsWith("#/system"));
        screenshot("system-page");

        assertEquals(List.of(), errors(), "the browser logged no JavaScript errors");
    }

    @Test
    void aStoppedModulesPageLeavesTheNavigationWithoutAReload() throws Exception {
        signIn();
        waitFor(By.cssSelector("[data-page='system']"));
        ((JavascriptExecutor) browser).executeScript("window.__notReloaded = true;");
        Bundle system = console.bundle("org.opsconsole.system");
        system.stop();
        try {
            wait(Duration.ofSeconds(10)).until(d -> d.findElements(By.cssSelector("[data-page='system']")).isEmpty());
            screenshot("system-stopped");
            system.start();
            waitFor(By.cssSelector("[data-page='system']"));
            assertEquals(Boolean.TRUE, ((JavascriptExecutor) browser).executeScript("return window.__notReloaded === true;"),
                    "the page was updated live, not reloaded");
        } finally {
            if (system.getState() != Bundle.ACTIVE) {
                system.start();
            }
        }
        assertEquals(List.of(), errors(), "the browser logged no JavaScript errors");
    }

    /**
     * Every page the admin's navigation lists opens in Chinese and in English: its title shows, it does not fail to
     * load its data, and the browser logs no error. A screenshot of each ({@code tour-<language>-<page>.png}) is
     * there to look at.
     */
    @Test
    void everyPageOfTheNavigationOpensInBothLanguages() throws Exception {
        signIn();
        browser.get(console.url("/#/system"));
        waitFor(By.cssSelector("[data-testid='bundle-table']"));
        List<String> pages = browser.findElements(By.cssSelector("[data-page]")).stream()
                .map(e -> e.getAttribute("data-page")).toList();
        assertTrue(pages.size() >= 10, "the admin's navigation: " + pages);
        try {
            for (String language : List.of("zh-CN", "en")) {
                browser.findElement(By.cssSelector("[data-lang='" + language + "']")).click();
                for (String page : pages) {
                    browser.findElement(By.cssSelector("[data-page='" + page + "']")).click();
                    WebElement title = wait(Duration.ofSeconds(20)).until(d -> d.findElements(By.cssSelector(".ops-page-title"))
                            .stream().filter(e -> e.isDisplayed() && !e.getText().isBlank()).findFirst().orElse(null));
                    String text = title.getText();
                    assertEquals(language.equals("en"), text.chars().noneMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN),
                            page + " in " + language + " is titled " + text);
                    // the page's data arrives after its title; a page that could not load it says so in a load-error panel
                    wait(Duration.ofSeconds(20)).until(d -> d.findElements(By.cssSelector("[role='status'].ops-empty")).stream()
                            .noneMatch(e -> e.isDisplayed() && e.getText().matches("(?s).*(加载|Loading).*")));
                    assertTrue(browser.findElements(By.cssSelector("[data-testid='load-error'], .ops-error[role='alert']")).stream()
                            .noneMatch(WebElement::isDisplayed), page + " could not load its data");
                    screenshot("tour-" + language + "-" + page);
                }
            }
        } finally {
            browser.findElement(By.cssSelector("[data-lang='zh-CN']")).click();
        }
        assertEquals(List.of(), errors(), "the browser logged no JavaScript errors");
    }

    @Test
    void theEnglishSwitchTranslatesTheNavigation() throws Exception {
        signIn();
        browser.get(console.url("/#/system"));
        waitFor(By.cssSelector("[data-testid='bundle-table']"));
        WebElement english = waitFor(By.cssSelector("[data-lang='en']"));
        english.click();
        wait(Duration.ofSeconds(10)).until(d -> d.findElement(By.cssSelector("[data-page='system']")).getText().contains("System"));
        screenshot("system-page-en");
        browser.get(console.url("/#/plugins"));
        wait(Duration.ofSeconds(20)).until(d -> d.findElements(By.cssSelector("[data-testid='trust-mode']")).stream()
                .anyMatch(e -> e.getText().contains("signed")));
        assertTrue(browser.findElement(By.cssSelector(".ops-page-title")).getText().contains("Modules"));
        screenshot("modules-en");
        browser.findElement(By.cssSelector("[data-lang='zh-CN']")).click();
        wait(Duration.ofSeconds(10)).until(d -> d.findElement(By.cssSelector("[data-page='system']")).getText().contains("系统"));
        assertEquals(List.of(), errors(), "the browser logged no JavaScript errors");
    }

    @Test
    void theBellCountsANewNoticeLiveAndTheChannelsPageNamesABadField() throws Exception {
        signIn();
        browser.get(console.url("/#/notify-channels"));
        waitFor(By.cssSelector("[data-testid='channels-table']"));
        assertTrue(browser.findElements(By.cssSelector("[data-testid='bell-count']")).isEmpty(), "no badge without unread notices");

        ConsoleSession admin = ConsoleSession.signIn(console.port, "admin", adminPassword, adminPassword);
        assertEquals(201, admin.post("/api/notify/messages", java.util.Map.of("severity", "WARNING",
                "title", "代收银行对账文件未按时到达", "body", "工商银行湛江分行 11 月 26 日对账单缺失")).statusCode());
        WebElement badge = waitFor(By.cssSelector("[data-testid='bell-count']"));
        assertEquals("1", badge.getText(), "the count arrives over the event stream, without a reload");
        browser.findElement(By.cssSelector(".ops-shell__bell-button")).click();
        wait(Duration.ofSeconds(10)).until(d -> d.getPageSource().contains("代收银行对账文件未按时到达"));
        screenshot("bell-panel");

        browser.findElement(By.cssSelector(".ops-shell__bell-button")).click();
        waitFor(By.cssSelector("[data-testid='add-channel']")).click();
        WebElement form = waitFor(By.cssSelector("[data-testid='channel-form']"));
        screenshot("channel-form");
        assertTrue(form.isDisplayed());
        assertEquals(List.of(), errors(), "the browser logged no JavaScript errors");
    }

    private static List<String> errors() {
        return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .filter(message -> !message.contains("/api/console/events")) // the event stream closing on a stop
                .filter(message -> !message.contains("401")) // the shell asking for the session before signing in
                .toList();
    }

    private static WebElement waitFor(By selector) {
        return wait(Duration.ofSeconds(15)).until(d -> {
            List<WebElement> found = d.findElements(selector);
            return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
        });
    }

    private static WebDriverWait wait(Duration limit) {
        return new WebDriverWait(browser, limit);
    }

    @Test
    void theModulesPageShowsThePlanOfAnUploadAndInstallsIt() throws Exception {
        Path archive = Files.createTempFile("reports-", ".zip");
        byte[] bundle = TestModules.sign(TestModules.bundle("org.example.reports", "1.0.0",
                java.util.Map.of("Bundle-Name", "Reports")), keys);
        Files.write(archive, TestModules.feature(TestModules.featureJson("reports", "1.0.0", "[1.0,2)", java.util.List.of(),
                "org.example.reports"), java.util.Map.of("org.example.reports-1.0.0.jar", bundle)));
        signIn();
        browser.get(console.url("/#/plugins"));
        wait(Duration.ofSeconds(20)).until(d -> !d.findElements(By.cssSelector("[data-testid='plugins-table']")).isEmpty());
        assertTrue(browser.findElement(By.cssSelector("[data-testid='trust-mode']")).getText().contains("签名"));
        browser.findElement(By.cssSelector("[data-testid='plugins-file']")).sendKeys(archive.toString());
        WebElement plan = wait(Duration.ofSeconds(20)).until(d -> d.findElements(By.cssSelector("[data-testid='plugins-plan']")).stream()
                .findFirst().orElse(null));
        assertTrue(plan.getText().contains("org.example.reports 1.0.0"), plan.getText());
        assertTrue(plan.getText().contains("CN=bureau"), "the plan names the signer: " + plan.getText());
        screenshot("modules-plan");
        plan.findElement(By.cssSelector("[data-testid='plugins-apply']")).click();
        wait(Duration.ofSeconds(30)).until(d -> d.findElements(By.cssSelector("[data-feature='org.example:reports']")).size() == 1);
        assertTrue(browser.findElement(By.cssSelector("[data-testid='plugins-notice']")).getText().contains("已完成"));
        assertTrue(browser.findElement(By.cssSelector("[data-testid='plugins-history']")).getText().contains("org.example:reports"));
        screenshot("modules-installed");
        assertEquals(List.of(), errors(), "the browser logged no JavaScript errors");
    }

    @Test
    void theSandboxPageShowsTheGeneratedDataAndTheFaultSwitches() throws Exception {
        signIn();
        ConsoleSession api = ConsoleSession.signIn(console.port, "admin", adminPassword, adminPassword);
        var started = api.post("/api/sandbox/generation", java.util.Map.of("seed", 42, "scale", "0.01"));
        assertTrue(started.statusCode() == 202 || started.statusCode() == 409, started.body());
        long end = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!api.json("/api/sandbox/generation").path("generation").path("state").asText().equals("COMPLETE")) {
            assertTrue(System.nanoTime() < end, "the small generation completes: " + api.get("/api/sandbox/generation").body());
            Thread.sleep(500);
        }
        browser.get(console.url("/#/sandbox"));
        WebElement tables = waitFor(By.cssSelector("[data-testid='sandbox-tables']"));
        wait(Duration.ofSeconds(20)).until(d -> tables.getText().contains("payment_notice") || tables.getText().contains("缴款"));
        assertTrue(waitFor(By.cssSelector("[data-testid='sandbox-faults']")).isDisplayed());
        assertTrue(waitFor(By.cssSelector("[data-testid='sandbox-anomalies']")).isDisplayed());
        screenshot("sandbox-page");
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView()",
                browser.findElement(By.cssSelector("[data-testid='sandbox-faults']")));
        screenshot("sandbox-faults");
        assertEquals(List.of(), errors(), "the browser logged no JavaScript errors");
    }

    @Test
    void theMonitoringPagesShowTheLiveStatusAndAcknowledgeAnAlert() throws Exception {
        signIn();
        ConsoleSession api = ConsoleSession.signIn(console.port, "admin", adminPassword, adminPassword);
        browser.get(console.url("/#/monitoring"));
        By tiles = By.cssSelector("[data-testid='status-grid'] [data-testid='status-tile']");
        wait(Duration.ofSeconds(60)).until(d -> d.findElements(tiles).size() >= 4
                && d.findElement(By.cssSelector("[data-testid='status-grid']")).getText().contains("模拟平台 · 前端服务"));
        assertEquals(200, api.put("/api/sandbox/faults/outage", java.util.Map.of("enabled", true)).statusCode());
        try {
            // the tile of the platform's HTTP service turns down through the live status stream, without a reload
            wait(Duration.ofSeconds(60)).until(d -> d.findElements(tiles).stream()
                    .anyMatch(tile -> tile.getText().contains("模拟平台 · 前端服务") && tile.getText().contains("故障")));
            screenshot("monitoring-overview");
            long end = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (api.json("/api/monitoring/alerts?state=active").size() == 0) {
                assertTrue(System.nanoTime() < end, "the outage fires an alert");
                Thread.sleep(500);
            }
            browser.get(console.url("/#/monitoring-alerts"));
            waitFor(By.cssSelector("[data-testid='select-alert']")).click();
            waitFor(By.cssSelector("[data-testid='acknowledge']")).click();
            waitFor(By.cssSelector("[data-testid='dialog-reason']")).sendKeys("已通知平台运维处理");
            waitFor(By.cssSelector("[data-testid='dialog-confirm']")).click();
            wait(Duration.ofSeconds(20)).until(d -> d.findElement(By.cssSelector("[data-testid='alerts-table']")).getText()
                    .contains("已通知平台运维处理"));
            screenshot("monitoring-alerts");
            // in English, the alert's summary is the English one
            browser.findElement(By.cssSelector("[data-lang='en']")).click();
            wait(Duration.ofSeconds(20)).until(d -> d.findElement(By.cssSelector("[data-testid='alerts-table']")).getText()
                    .contains(", threshold "));
            screenshot("monitoring-alerts-en");
            browser.findElement(By.cssSelector("[data-lang='zh-CN']")).click();
            wait(Duration.ofSeconds(20)).until(d -> d.findElement(By.cssSelector("[data-testid='alerts-table']")).getText()
                    .contains("阈值"));
            browser.get(console.url("/#/monitoring-rules"));
            waitFor(By.cssSelector("[data-testid='new-rule']"));
            screenshot("monitoring-rules");
            // an empty rule saved: every field at fault is marked at once, the bad number and the empty texts
            waitFor(By.cssSelector("[data-testid='new-rule']")).click();
            waitFor(By.cssSelector("[data-testid='save-rule']")).click();
            wait(Duration.ofSeconds(10)).until(d -> d.findElements(By.cssSelector("[data-testid='rule-form'] [aria-invalid='true']"))
                    .stream().map(e -> e.getAttribute("data-testid")).collect(java.util.stream.Collectors.toSet())
                    .containsAll(java.util.Set.of("rule-name", "rule-metric", "rule-threshold")));
            screenshot("monitoring-rule-form-invalid");
            waitFor(By.cssSelector("[data-testid='cancel-rule']")).click();
            browser.get(console.url("/#/monitoring-targets"));
            wait(Duration.ofSeconds(20)).until(d -> d.findElement(By.cssSelector("ops-monitoring-targets-page")).getText().contains("控制台主机"));
            screenshot("monitoring-targets");
        } finally {
            api.put("/api/sandbox/faults/outage", java.util.Map.of("enabled", false));
        }
        assertEquals(List.of(), errors(), "the browser logged no JavaScript errors");
    }

    @Test
    void theBackupPagesBackUpVerifyAndRestoreWithProgress() throws Exception {
        signIn();
        browser.get(console.url("/#/backup-targets"));
        wait(Duration.ofSeconds(20)).until(d -> d.findElement(By.cssSelector("ops-backup-targets-page")).getText().contains("控制台数据库"));
        screenshot("backup-targets");
        // a bad schedule is refused in the form, naming the field
        waitFor(By.cssSelector("[data-testid='new-target']")).click();
        waitFor(By.cssSelector("[data-testid='target-name']")).sendKeys("坏计划");
        WebElement schedule = waitFor(By.cssSelector("[data-testid='target-schedule']"));
        schedule.clear();
        schedule.sendKeys("每天两点");
        waitFor(By.cssSelector("[data-testid='setting-url']")).sendKeys("jdbc:h2:mem:x");
        waitFor(By.cssSelector("[data-testid='save-target']")).click();
        wait(Duration.ofSeconds(20)).until(d -> !d.findElements(By.cssSelector("[data-field='schedule'] .ops-field__error, "
                + "#ops-target-schedule[aria-invalid='true']")).isEmpty());
        screenshot("backup-target-form");
        waitFor(By.cssSelector("[data-testid='cancel-target']")).click();

        // back up the console's database now, then follow it on the Backups page
        By consoleRow = By.xpath("//tr[@data-kind='console']");
        waitFor(consoleRow).findElement(By.cssSelector("[data-testid='backup-now']")).click();
        browser.get(console.url("/#/backups"));
        By complete = By.cssSelector("[data-testid='backups'] tr[data-state='COMPLETE']");
        wait(Duration.ofSeconds(60)).until(d -> !d.findElements(complete).isEmpty());
        WebElement row = browser.findElement(complete);
        String backupId = row.getAttribute("data-backup");
        row.findElement(By.cssSelector("[data-testid='verify-backup']")).click();
        waitFor(By.cssSelector("[data-testid='dialog-confirm']")).click();
        By verified = By.cssSelector("tr[data-backup='" + backupId + "'] [data-verify='PASSED']");
        wait(Duration.ofSeconds(60)).until(d -> !d.findElements(verified).isEmpty());
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0)");
        screenshot("backups");

        // restore into a scratch database; the restore is listed with its location
        browser.findElement(By.cssSelector("tr[data-backup='" + backupId + "'] [data-testid='restore-scratch']")).click();
        waitFor(By.cssSelector("[data-testid='dialog-confirm']")).click();
        wait(Duration.ofSeconds(60)).until(d -> !d.findElements(By.cssSelector("[data-testid='restores'] tr[data-state='COMPLETE']")).isEmpty());
        browser.get(console.url("/#/backups/" + backupId));
        wait(Duration.ofSeconds(20)).until(d -> d.findElement(By.cssSelector("[data-testid='backup-detail']")).getText().contains("backup_run"));
        screenshot("backup-detail");
        waitFor(By.cssSelector("[data-lang='en']")).click();
        wait(Duration.ofSeconds(10)).until(d -> d.findElement(By.cssSelector("[data-testid='backup-detail']")).getText().contains("Verified"));
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0)");
        screenshot("backups-en");
        browser.findElement(By.cssSelector("[data-lang='zh-CN']")).click();
        assertEquals(List.of(), errors().stream().filter(e -> !(e.contains("/api/backups/targets") && e.contains("400"))).toList(),
                "the browser logged no JavaScript errors (but for the refused form's answer)");
    }

    private static void screenshot(String name) throws Exception {
        File file = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(file.toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

}
