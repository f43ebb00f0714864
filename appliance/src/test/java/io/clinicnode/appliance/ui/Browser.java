package io.clinicnode.appliance.ui;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.junit.jupiter.api.Assumptions;

/**
 * One headless Debian Chromium driven through Debian's ChromeDriver, for tests that use the front-desk app
 * as a person would. Both binaries are named explicitly, so Selenium Manager never looks anything up, and
 * every start gets a fresh profile. Waits poll with a deadline; nothing sleeps for a fixed time.
 *
 * <p>Not thread-safe: one per test thread.
 */
public final class Browser implements AutoCloseable {
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(10);

    private final ChromeDriver driver;
    private final ChromeDriverService service;
    private final String baseUrl;

    private Browser(ChromeDriver driver, ChromeDriverService service, String baseUrl) {
        this.driver = driver;
        this.service = service;
        this.baseUrl = baseUrl;
    }

    /**
     * Skips the calling test where Chromium is not installed, except on CI (where {@code .ci/run} installs
     * it, so its absence is a failure).
     */
    public static void assumeInstalled() {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!installed && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("Chromium or ChromeDriver is missing on CI; .ci/run should have installed them");
        }
        Assumptions.assumeTrue(installed, "Browser tests need Debian's chromium and chromium-driver (apt-get install -y chromium chromium-driver)");
    }

    /** Starts a browser with a window of {@code width}×{@code height} CSS pixels and its own new profile. */
    public static Browser open(String baseUrl, Path profileParent, int width, int height) {
        return open(baseUrl, profileParent, width, height, List.of());
    }

    /** As {@link #open(String, Path, int, int)}, with further Chromium command-line switches. */
    public static Browser open(String baseUrl, Path profileParent, int width, int height, List<String> switches) {
        assumeInstalled();
        Path profile;
        try {
            profile = Files.createTempDirectory(profileParent, "chromium-profile");
        } catch (IOException e) {
            throw new IllegalStateException("Cannot make a Chromium profile directory under " + profileParent, e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-quic", "--disable-extensions",
                "--disable-features=Translate,MediaRouter,OptimizationHints", "--lang=pt-BR", "--hide-scrollbars",
                "--force-device-scale-factor=1", "--window-size=" + width + "," + height,
                "--user-data-dir=" + profile);
        options.addArguments(switches);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .withSilent(true)
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        // The window size includes the browser's frame; the page itself gets exactly width×height.
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
        return new Browser(driver, service, baseUrl);
    }

    public static Browser open(String baseUrl, Path profileParent) {
        return open(baseUrl, profileParent, 1366, 768);
    }

    public ChromeDriver driver() {
        return driver;
    }

    public Browser go(String hashOrPath) {
        driver.get(baseUrl + hashOrPath);
        return this;
    }

    /** Logs in through the login form and waits for the app's navigation. */
    public Browser logIn(String username, String password) {
        go("/#/login");
        type(By.id("login-username"), username);
        type(By.id("login-password"), password);
        find(By.id("login-password")).sendKeys(Keys.ENTER);
        visible(By.cssSelector(".main-nav"));
        return this;
    }

    public WebElement find(By by) {
        return until(driver -> {
            List<WebElement> found = driver.findElements(by);
            return found.isEmpty() ? null : found.getFirst();
        });
    }

    /** Waits until an element matching {@code by} is displayed, and returns it. */
    public WebElement visible(By by) {
        return until(driver -> driver.findElements(by).stream().filter(WebElement::isDisplayed).findFirst().orElse(null));
    }

    /** Waits until an element matching {@code by} is displayed and contains {@code text}. */
    public WebElement visibleWithText(By by, String text) {
        return until(driver -> driver.findElements(by).stream()
                .filter(element -> element.isDisplayed() && element.getText().contains(text))
                .findFirst().orElse(null));
    }

    /** The text of the first displayed element matching {@code by} that contains {@code text}, read while it is there. */
    public String textWith(By by, String text) {
        return until(driver -> driver.findElements(by).stream()
                .filter(element -> element.isDisplayed() && element.getText().contains(text))
                .map(WebElement::getText)
                .findFirst().orElse(null));
    }

    public void gone(By by) {
        until(driver -> driver.findElements(by).stream().noneMatch(WebElement::isDisplayed) ? true : null);
    }

    public Browser click(By by) {
        WebElement element = visible(by);
        try {
            element.click();
        } catch (StaleElementReferenceException e) {
            // ChromeDriver looks at the element again after the click; when the click itself replaced it
            // (a form that navigates away), that look fails although the click was delivered. What the
            // test waits for next tells whether it worked.
        }
        return this;
    }

    public Browser type(By by, String text) {
        WebElement element = visible(by);
        element.clear();
        element.sendKeys(text);
        return this;
    }

    public <T> T until(Function<WebDriver, T> condition) {
        return until(condition, DEFAULT_WAIT);
    }

    public <T> T until(Function<WebDriver, T> condition, Duration deadline) {
        // A live update may redraw what a condition looks at; it is then looked at again.
        return new WebDriverWait(driver, deadline, Duration.ofMillis(25))
                .ignoring(StaleElementReferenceException.class)
                .until(condition);
    }

    public Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Renders the page as for printing (CSS {@code @media print}) or back to the screen. */
    public void emulateMedia(String media) {
        driver.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", media));
    }

    /** Writes a PNG of the window to {@code file}. */
    public void screenshot(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write the screenshot " + file, e);
        }
    }

    /** Console errors the page logged since the last call (script errors, CSP violations, failed loads). */
    public List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .toList();
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
        }
    }
}
