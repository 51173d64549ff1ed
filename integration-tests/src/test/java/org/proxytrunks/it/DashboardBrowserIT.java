package org.proxytrunks.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.proxytrunks.events.AddressId;
import org.proxytrunks.testing.RunningService.Response;
import org.proxytrunks.testing.Tokens;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The admin dashboard in Debian's Chromium, through the gateway's jar in front of the real
 * services: signing in with a one-time link and out, what God does with addresses, brands and
 * carriers and what Kamailio's panel then shows, a refused removal's reasons, a change made over
 * the API appearing live, and a brand admin who sees only their brand. A failure leaves a
 * screenshot and the console log in {@code target/browser-failures/}.
 */
@ExtendWith(Chrome.class)
class DashboardBrowserIT {

    private static final Dimension DESKTOP = new Dimension(1280, 800);
    private static final AtomicInteger NEXT_IP = new AtomicInteger(1);
    private static final String RUN = UUID.randomUUID().toString().substring(0, 6);

    private static Dashboard dashboard;

    @BeforeAll
    static void start() {
        dashboard = Dashboard.get();
    }

    /** The previous test's browsers are closed only now: a failing test's screenshot is taken after it ends. */
    @BeforeEach
    void closeThePreviousBrowsers() {
        Chrome.closeAll();
    }

    @AfterAll
    static void closeBrowsers() {
        Chrome.closeAll();
    }

    private static By testid(String id) {
        return By.cssSelector("[data-testid='" + id + "']");
    }

    private static WebDriverWait waiting(WebDriver browser) {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        wait.pollingEvery(Duration.ofMillis(100));
        // a live refresh rebuilds the rows between finding an element and reading it: look again
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    /** Opens the link and presses its button, as a person would; answers once the dashboard shows who is signed in. */
    private static WebDriver signIn(String link, Dimension window) {
        WebDriver browser = Chrome.open(window);
        browser.get(link);
        browser.findElement(By.id("sign-in")).click();
        waiting(browser).until(ExpectedConditions.visibilityOfElementLocated(testid("current-user")));
        return browser;
    }

    private static String nextIp() {
        return "127.88." + (Math.abs(RUN.hashCode()) % 200 + 1) + "." + NEXT_IP.getAndIncrement();
    }

    private static void go(WebDriver browser, String hash) {
        browser.get(dashboard.url("/" + hash).toString());
    }

    private static WebElement addressRow(WebDriver browser, String name) {
        return waiting(browser).until(driver -> driver.findElements(testid("address-row")).stream()
                .filter(row -> row.getText().contains(name)).findFirst().orElse(null));
    }

    @Test
    void signingInShowsWhoIsSignedInOnAnHttpOnlySessionAndSigningOutEndsIt() {
        WebDriver browser = signIn(dashboard.godSignInLink(), DESKTOP);
        WebElement user = browser.findElement(testid("current-user"));
        assertThat(user.getAttribute("data-role")).isEqualTo("GOD");
        for (String link : List.of("nav-addresses", "nav-brands", "nav-kamailio", "nav-audit")) {
            assertThat(browser.findElement(By.id(link)).isDisplayed()).as(link).isTrue();
        }
        Cookie session = browser.manage().getCookieNamed("PROXYTRUNKS_SESSION");
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getSameSite()).isEqualTo("Strict");
        String scriptsSee = (String) ((JavascriptExecutor) browser).executeScript("return document.cookie;");
        assertThat(scriptsSee).doesNotContain("PROXYTRUNKS_SESSION");

        browser.findElement(testid("sign-out")).click();
        waiting(browser).until(ExpectedConditions.visibilityOfElementLocated(testid("sign-in-panel")));
        browser.navigate().refresh();
        waiting(browser).until(ExpectedConditions.visibilityOfElementLocated(testid("sign-in-panel")));
        assertThat(browser.findElement(testid("current-user")).isDisplayed()).isFalse();
    }

    @Test
    void anAddressAddedWithTheFormIsListed() {
        WebDriver browser = signIn(dashboard.godSignInLink(), DESKTOP);
        go(browser, "#/addresses");
        String name = "browser " + RUN + " added";
        String ip = nextIp();
        waiting(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("add-address-name"))).sendKeys(name);
        browser.findElement(By.id("add-address-ip")).sendKeys(ip);
        browser.findElement(By.id("add-address-submit")).click();
        WebElement preview = previewOf(browser, "AddressAddedEvent");
        assertThat(preview.findElement(testid("preview-listen-added")).getText()).contains("listen=udp:" + ip + ":5060");
        assertThat(preview.findElement(testid("preview-restart")).isDisplayed()).isTrue();
        apply(browser);
        waiting(browser).until(driver -> ip.equals(addressRow(driver, name).findElement(testid("address-ip")).getText()));
    }

    @Test
    void aChangeCancelledAtItsPreviewIsNotMade() {
        WebDriver browser = signIn(dashboard.godSignInLink(), DESKTOP);
        go(browser, "#/addresses");
        String name = "browser " + RUN + " cancelled";
        String ip = nextIp();
        waiting(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("add-address-name"))).sendKeys(name);
        browser.findElement(By.id("add-address-ip")).sendKeys(ip);
        browser.findElement(By.id("add-address-submit")).click();
        previewOf(browser, "AddressAddedEvent").findElement(testid("preview-cancel")).click();
        waiting(browser).until(ExpectedConditions.invisibilityOfElementLocated(testid("preview-dialog")));
        assertThat(dashboard.platform.projector.send("GET", "/api/addresses?ipPrefix=" + ip, Tokens.god(), null).json().toString())
                .as("no address added").doesNotContain("\"" + ip + "\"");
        assertThat(browser.findElement(By.id("add-address-name")).getAttribute("value")).as("the form kept for another try").isEqualTo(name);
    }

    /** The preview dialog of a change, once it lists an event of {@code type}. */
    private static WebElement previewOf(WebDriver browser, String type) {
        WebElement dialog = waiting(browser).until(ExpectedConditions.visibilityOfElementLocated(testid("preview-dialog")));
        waiting(browser).until(driver -> dialog.findElements(By.cssSelector("[data-testid='preview-event'][data-type='" + type + "']")).size() > 0);
        return dialog;
    }

    /** Applies the change the open preview shows. */
    private static void apply(WebDriver browser) {
        waiting(browser).until(ExpectedConditions.elementToBeClickable(testid("preview-apply"))).click();
        waiting(browser).until(ExpectedConditions.invisibilityOfElementLocated(testid("preview-dialog")));
    }

    @Test
    void badInputIsShownNextToTheFieldItNames() {
        WebDriver browser = signIn(dashboard.godSignInLink(), DESKTOP);
        go(browser, "#/addresses");
        waiting(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("add-address-name"))).sendKeys("browser " + RUN + " bad");
        browser.findElement(By.id("add-address-ip")).sendKeys("999.1.1.1");
        browser.findElement(By.id("add-address-submit")).click();
        WebElement form = browser.findElement(testid("add-address-form"));
        WebElement error = waiting(browser).until(driver -> {
            WebElement found = form.findElement(By.cssSelector("[data-error-for='ip']"));
            return found.isDisplayed() && !found.getText().isBlank() ? found : null;
        });
        assertThat(error.getText()).containsIgnoringCase("ip");
        assertThat(form.findElement(By.cssSelector("[data-error-for='name']")).getText()).isBlank();
    }

    @Test
    void aCarrierSetOnABrandsAddressShowsItsSocketInKamailiosPanel() {
        String addressName = "browser " + RUN + " carrier address";
        String ip = nextIp();
        String addressId = dashboard.platform.addAddress(addressName, ip);
        String brand = "bb-" + RUN + "-c";
        String carrier = "bc-" + RUN;
        WebDriver browser = signIn(dashboard.godSignInLink(), DESKTOP);

        go(browser, "#/brands");
        waiting(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("register-brand-id"))).sendKeys(brand);
        browser.findElement(By.id("register-brand-address-search")).sendKeys(addressName);
        chooseOption(browser, By.id("register-brand-address-select"), addressId);
        browser.findElement(testid("register-brand-submit")).click();
        previewOf(browser, "BrandRegisteredEvent");
        apply(browser);
        waiting(browser).until(ExpectedConditions.textToBe(testid("brand-id"), brand));
        waiting(browser).until(driver -> driver.findElements(testid("brand-address-row")).stream()
                .anyMatch(row -> addressId.equals(row.getAttribute("data-address-id"))));

        waiting(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("set-carrier-provider"))).sendKeys(carrier);
        chooseOption(browser, By.id("set-carrier-address"), addressId);
        browser.findElement(By.id("set-carrier-submit")).click();
        WebElement preview = previewOf(browser, "ProviderAddressSetEvent");
        WebElement tableRow = waiting(browser).until(driver -> preview.findElements(testid("preview-table-row")).stream()
                .filter(row -> carrier.equals(row.getAttribute("data-key"))).findFirst().orElse(null));
        assertThat(tableRow.getText()).as("the socket it will leave from").contains("udp:" + ip + ":5060");
        apply(browser);
        waiting(browser).until(driver -> driver.findElements(testid("carrier-row")).stream()
                .anyMatch(row -> carrier.equals(row.getAttribute("data-provider-id")) && addressId.equals(row.getAttribute("data-address-id"))));

        go(browser, "#/kamailio");
        waiting(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("provider-socket-filter"))).sendKeys(carrier);
        WebElement socket = waiting(browser).until(driver -> driver.findElements(testid("provider-socket-row")).stream()
                .filter(row -> carrier.equals(row.getAttribute("data-provider-id"))).findFirst().orElse(null));
        assertThat(socket.getAttribute("data-socket")).isEqualTo("udp:" + ip + ":5060");
    }

    /**
     * Chooses {@code value} once the select offers it (pickers fill from the API). A live
     * refresh replaces the options while keeping the choice, so a choice that met replaced
     * options is made again.
     */
    private static void chooseOption(WebDriver browser, By select, String value) {
        waiting(browser).until(driver -> {
            WebElement element = driver.findElement(select);
            if (element.findElements(By.cssSelector("option[value='" + value + "']")).size() != 1) {
                return false;
            }
            new Select(element).selectByValue(value);
            return value.equals(driver.findElement(select).getAttribute("value"));
        });
    }

    @Test
    void aRefusedRemovalShowsWhyItWasRefused() {
        String name = "browser " + RUN + " in use";
        String addressId = dashboard.platform.addAddress(name, nextIp());
        String brand = "bb-" + RUN + "-r";
        assertThat(dashboard.platform.defineBrand(Tokens.god(), brand, addressId).status()).isEqualTo(200);
        WebDriver browser = signIn(dashboard.godSignInLink(), DESKTOP);
        go(browser, "#/addresses?name=" + RUN + "%20in%20use");
        waiting(browser).until(driver -> {
            List<WebElement> rows = driver.findElements(testid("address-row"));
            return rows.stream().anyMatch(row -> row.getText().contains(name) && row.findElement(testid("usage-brands")).getText().contains("1"));
        });
        addressRow(browser, name).findElement(testid("remove-address")).click();
        // the preview is refused as the removal would be: no dialog, the reasons at once
        WebElement reasons = waiting(browser).until(ExpectedConditions.visibilityOfElementLocated(testid("removal-reasons")));
        assertThat(reasons.findElements(testid("refusal-reason"))).isNotEmpty();
        assertThat(reasons.getText()).contains(brand);
        assertThat(waiting(browser).until(driver -> (Boolean) addressRow(driver, name).isDisplayed()).booleanValue()).isTrue();
    }

    @Test
    void aRemovalMovesTheProvidersToTheAddressChosenAsPreviewed() {
        String name = "browser " + RUN + " moving out";
        String oldIp = nextIp();
        String newIp = nextIp();
        String old = dashboard.platform.addAddress(name, oldIp);
        String fallback = dashboard.platform.addAddress("browser " + RUN + " moving in", newIp);
        String brand = "bb-" + RUN + "-m";
        String carrier = "bm-" + RUN;
        assertThat(dashboard.platform.defineBrand(Tokens.god(), brand, old, fallback).status()).isEqualTo(200);
        assertThat(dashboard.platform.setProvider(Tokens.god(), brand, "carriers", carrier, old).status()).isEqualTo(200);
        WebDriver browser = signIn(dashboard.godSignInLink(), DESKTOP);
        go(browser, "#/addresses?name=" + RUN + "%20moving%20out");
        waiting(browser).until(driver -> "1".equals(addressRow(driver, name).findElement(testid("usage-carriers")).getText().strip()));

        addressRow(browser, name).findElement(testid("remove-address")).click();
        waiting(browser).until(ExpectedConditions.visibilityOfElementLocated(testid("remove-fallback-dialog")));
        chooseOption(browser, By.id("remove-fallback-select"), fallback);
        browser.findElement(testid("remove-fallback-continue")).click();
        WebElement preview = previewOf(browser, "AddressRemovedEvent");
        WebElement move = waiting(browser).until(driver -> preview.findElements(testid("preview-table-row")).stream()
                .filter(row -> carrier.equals(row.getAttribute("data-key"))).findFirst().orElse(null));
        assertThat(move.getText()).as("from the old address to the chosen one").contains("udp:" + oldIp + ":5060", "udp:" + newIp + ":5060");
        assertThat(preview.findElement(testid("preview-listen-removed")).getText()).contains("listen=udp:" + oldIp + ":5060");
        apply(browser);

        waiting(browser).until(driver -> driver.findElements(testid("address-row")).stream().noneMatch(row -> row.getText().contains(name)));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(dashboard.platform.projector.send("GET", "/api/brands/" + brand + "/carriers/" + carrier, Tokens.god(), null)
                        .json().path("address").path("id").asText()).isEqualTo(fallback));
    }

    @Test
    void anAddressAddedOverTheApiAppearsWithoutReloading() {
        WebDriver browser = signIn(dashboard.godSignInLink(), DESKTOP);
        go(browser, "#/addresses");
        waiting(browser).until(ExpectedConditions.attributeToBe(testid("live-indicator"), "data-state", "live"));
        JavascriptExecutor page = (JavascriptExecutor) browser;
        page.executeScript("window.__sameDocument = true;");
        String name = "browser " + RUN + " from the api";
        dashboard.platform.addAddress(name, nextIp());
        addressRow(browser, name);
        assertThat(page.executeScript("return window.__sameDocument === true;")).as("the page was not reloaded").isEqualTo(true);
    }

    @Test
    void aBrandAdminSeesOnlyTheirBrandAndNoAddressForm() {
        String own = "bb-" + RUN + "-own";
        String other = "bb-" + RUN + "-other";
        assertThat(dashboard.platform.defineBrand(Tokens.god(), own, AddressId.MAIN.value()).status()).isEqualTo(200);
        assertThat(dashboard.platform.defineBrand(Tokens.god(), other, AddressId.MAIN.value()).status()).isEqualTo(200);
        assertThat(dashboard.platform.setProvider(Tokens.god(), other, "carriers", "oc-" + RUN, AddressId.MAIN.value()).status()).isEqualTo(200);

        WebDriver browser = signIn(dashboard.brandAdminSignInLink(own), DESKTOP);
        WebElement user = browser.findElement(testid("current-user"));
        assertThat(user.getAttribute("data-role")).isEqualTo("BRAND_ADMIN");
        assertThat(user.getAttribute("data-brand")).isEqualTo(own);
        waiting(browser).until(ExpectedConditions.textToBe(testid("brand-id"), own));
        assertThat(browser.findElements(By.id("nav-addresses"))).isEmpty();
        assertThat(browser.findElements(By.id("nav-kamailio"))).isEmpty();
        for (String hash : List.of("#/addresses", "#/kamailio", "#/brands/" + other, "#/brands")) {
            go(browser, hash);
            waiting(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("view-title")));
            assertThat(browser.findElements(testid("add-address-form"))).as(hash).isEmpty();
            assertThat(browser.findElements(testid("register-brand-form"))).as(hash).isEmpty();
            assertThat(browser.findElement(By.tagName("main")).getText()).as(hash).doesNotContain(other).doesNotContain("oc-" + RUN);
        }
    }

    /** The "as of" picker shows an address as it was named then, read-only; "Now" brings the present and the forms back. */
    @Test
    void theAsOfPickerShowsThePastReadOnly() throws Exception {
        String old = "browser " + RUN + " as once";
        String renamed = "browser " + RUN + " as now";
        String id = dashboard.platform.addAddress(old, nextIp());
        Response read = dashboard.platform.projector.send("GET", "/api/addresses/" + id + "?waitFor=" + id + ":0", Tokens.god(), null);
        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        Thread.sleep(1500);
        Instant then = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Thread.sleep(1500);
        Response rename = dashboard.platform.addresses.send("PATCH", "/api/addresses/" + id, Tokens.god(), "{\"name\":\"" + renamed + "\"}");
        assertThat(rename.status()).as(rename.toString()).isEqualTo(200);

        WebDriver browser = signIn(dashboard.godSignInLink(), DESKTOP);
        go(browser, "#/addresses");
        addressRow(browser, renamed);
        String local = LocalDateTime.ofInstant(then, ZoneId.systemDefault()).format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss"));
        ((JavascriptExecutor) browser).executeScript("const input = document.getElementById('as-of'); input.value = arguments[0];"
                + " input.dispatchEvent(new Event('change', {bubbles: true}));", local);
        waiting(browser).until(ExpectedConditions.visibilityOfElementLocated(testid("as-of-banner")));
        addressRow(browser, old);
        assertThat(browser.findElements(testid("add-address-form"))).as("no forms in the past").isEmpty();
        assertThat(browser.findElements(testid("remove-address"))).as("no removal in the past").isEmpty();

        browser.findElement(testid("as-of-now")).click();
        addressRow(browser, renamed);
        waiting(browser).until(ExpectedConditions.visibilityOfElementLocated(testid("add-address-form")));
    }

    /**
     * From the view's heading (which has the focus after navigating), Shift+Tab reaches the
     * navigation, Enter follows a link, and the new view's heading has the focus.
     */
    @Test
    void theNavigationWorksFromTheKeyboard() {
        WebDriver browser = signIn(dashboard.godSignInLink(), DESKTOP);
        go(browser, "#/addresses");
        waiting(browser).until(driver -> "view-title".equals(driver.switchTo().activeElement().getAttribute("id")));
        WebElement brands = browser.findElement(By.id("nav-brands"));
        // back through the header: sign-out, the "as of" picker (a date-time field is several stops), the navigation
        for (int i = 0; i < 40 && !brands.equals(browser.switchTo().activeElement()); i++) {
            new Actions(browser).keyDown(Keys.SHIFT).sendKeys(Keys.TAB).keyUp(Keys.SHIFT).perform();
        }
        assertThat(browser.switchTo().activeElement()).as("focus after Shift+Tab").isEqualTo(brands);
        brands.sendKeys(Keys.ENTER);
        waiting(browser).until(ExpectedConditions.urlContains("#/brands"));
        waiting(browser).until(driver -> "view-title".equals(driver.switchTo().activeElement().getAttribute("id"))
                && driver.switchTo().activeElement().getText().contains("Brands"));
    }

    /**
     * A narrow window: nothing wider than it, every input and select named by a label, and no
     * error in the console (a script error, or anything the Content-Security-Policy blocked).
     */
    @Test
    void onANarrowWindowThePagesFitAndEveryInputHasALabel() {
        dashboard.platform.addAddress("browser " + RUN + " narrow", nextIp());
        WebDriver browser = signIn(dashboard.godSignInLink(), new Dimension(420, 800));
        JavascriptExecutor page = (JavascriptExecutor) browser;
        for (String hash : List.of("#/addresses", "#/brands", "#/kamailio", "#/audit")) {
            go(browser, hash);
            waiting(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("view-title")));
            if (hash.equals("#/addresses")) {
                addressRow(browser, RUN + " narrow");
            }
            Object overflow = page.executeScript("return document.documentElement.scrollWidth - window.innerWidth;");
            assertThat(((Number) overflow).intValue()).as(hash + ": page wider than the window").isLessThanOrEqualTo(0);
            Object unlabelled = page.executeScript("return [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]"
                    + ".filter(e => e.offsetParent !== null && e.labels.length === 0 && !e.getAttribute('aria-label')"
                    + " && !e.getAttribute('aria-labelledby')).map(e => e.id || e.name || e.outerHTML);");
            assertThat((List<?>) unlabelled).as(hash + ": inputs without a label").isEmpty();
        }
        List<String> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::getMessage).toList();
        assertThat(errors).as("errors in the console").isEmpty();
    }
}
