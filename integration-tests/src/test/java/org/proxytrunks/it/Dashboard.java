package org.proxytrunks.it;

import org.proxytrunks.embedded.SharedTestStack;
import org.proxytrunks.embedded.TokenMinter;
import org.proxytrunks.testing.RunningService;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;

/**
 * What the dashboard's browser tests run against, once per test JVM: the platform's services
 * ({@link Platform}), a sync service without Kamailio, and the gateway's jar in front of them.
 */
final class Dashboard {

    private static Dashboard instance;

    final Platform platform;
    final RunningService sync;
    final GatewayProcess gateway;

    private Dashboard(Platform platform, RunningService sync, GatewayProcess gateway) {
        this.platform = platform;
        this.sync = sync;
        this.gateway = gateway;
    }

    static synchronized Dashboard get() {
        if (instance == null) {
            Platform platform = Platform.get();
            RunningService sync = platform.sync().service();
            GatewayProcess gateway = GatewayProcess.start(platform.addresses.port(), platform.assignments.port(),
                    platform.projector.port(), sync.port(), SharedTestStack.get().keys().publicKeyFile());
            instance = new Dashboard(platform, sync, gateway);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                gateway.close();
            }));
        }
        return instance;
    }

    URI url(String path) {
        return gateway.base().resolve(path);
    }

    /** A one-time sign-in link for God, as {@code ./run.sh login god} prints it. */
    String godSignInLink() {
        return url("/sign-in?token=" + minter().god(Duration.ofHours(1))).toString();
    }

    /** A one-time sign-in link for an administrator of {@code brand}. */
    String brandAdminSignInLink(String brand) {
        return url("/sign-in?token=" + minter().brandAdmin(brand, Duration.ofHours(1))).toString();
    }

    private static TokenMinter minter() {
        return new TokenMinter(SharedTestStack.get().keys(), Clock.systemUTC());
    }
}
