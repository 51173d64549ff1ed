package org.proxytrunks.it;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;

/**
 * Debian's Chromium, headless, driven through Debian's ChromeDriver: both named by path, so that
 * Selenium never looks for (or downloads) a browser or a driver. The flags keep Chromium off the
 * network beyond loopback (this machine refuses everything else, many connections at a time).
 *
 * <p>As a JUnit extension: skips the tests where Chromium is not installed ({@code ./test.sh}
 * installs it), and saves a failing test's screenshot and the page's console log under
 * {@code target/browser-failures/}.
 */
final class Chrome implements ExecutionCondition, TestWatcher {

    static final String BROWSER = "/usr/bin/chromium";
    static final String DRIVER = "/usr/bin/chromedriver";
    private static final List<WebDriver> OPEN = new ArrayList<>();

    static synchronized WebDriver open(Dimension window) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-default-apps", "--disable-extensions", "--window-size=" + window.width + "," + window.height);
        try {
            options.addArguments("--user-data-dir=" + Files.createTempDirectory("chromium-profile-"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER)).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(window);
        OPEN.add(driver);
        return driver;
    }

    static synchronized void closeAll() {
        for (WebDriver driver : OPEN) {
            try {
                driver.quit();
            } catch (RuntimeException e) {
                // already gone
            }
        }
        OPEN.clear();
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return new File(BROWSER).canExecute() && new File(DRIVER).canExecute()
                ? ConditionEvaluationResult.enabled("Chromium and ChromeDriver are installed")
                : ConditionEvaluationResult.disabled("Chromium or ChromeDriver is not installed (./test.sh installs chromium and chromium-driver)");
    }

    @Override
    public synchronized void testFailed(ExtensionContext context, Throwable cause) {
        Path directory = Path.of(System.getProperty("proxytrunks.browser.evidence", "target/browser-failures"));
        String name = context.getRequiredTestClass().getSimpleName() + "." + context.getRequiredTestMethod().getName();
        try {
            Files.createDirectories(directory);
            for (int i = 0; i < OPEN.size(); i++) {
                WebDriver driver = OPEN.get(i);
                String prefix = name + (OPEN.size() > 1 ? "-" + i : "");
                Files.write(directory.resolve(prefix + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
                StringBuilder console = new StringBuilder("URL: " + driver.getCurrentUrl() + "\n");
                for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
                    console.append(entry.getLevel()).append(' ').append(entry.getMessage()).append('\n');
                }
                console.append("\n--- page source ---\n").append(Optional.ofNullable(driver.getPageSource()).orElse(""));
                Files.writeString(directory.resolve(prefix + "-console.log"), console);
            }
        } catch (IOException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }
}
