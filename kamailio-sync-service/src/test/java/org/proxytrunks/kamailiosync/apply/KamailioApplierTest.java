package org.proxytrunks.kamailiosync.apply;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proxytrunks.kamailiosync.state.DesiredState;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The apply loop with a fake Kamailio: nothing before the state has caught up, one restart for a burst, a failed restart run again. */
class KamailioApplierTest {

    @TempDir
    Path directory;

    private final DesiredState state = new DesiredState();
    private final Fixtures.FakeKamailio kamailio = new Fixtures.FakeKamailio();
    private final AtomicBoolean caughtUp = new AtomicBoolean();
    private KamailioApplier applier;

    private KamailioApplier start(String restartCommand) {
        SyncSettings settings = Fixtures.settings(directory, restartCommand);
        RpcEndpoint endpoint = new RpcEndpoint() {
            @Override
            public Optional<Rpc> rpc() {
                return Optional.of(kamailio);
            }

            @Override
            public void close() {
            }
        };
        applier = new KamailioApplier(state, caughtUp::get, settings, Clock.systemUTC(), new SimpleMeterRegistry(), endpoint,
                new KamailioRestarter(settings.restartCommand(), Duration.ofSeconds(10)));
        applier.start();
        return applier;
    }

    @AfterEach
    void stop() {
        if (applier != null) {
            applier.close();
        }
    }

    private static void await(BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(done.getAsBoolean()).isTrue();
    }

    private long lines(Path file) throws Exception {
        return Files.exists(file) ? Files.readAllLines(file).size() : 0;
    }

    @Test
    void nothingIsAppliedBeforeTheStateHasCaughtUp() throws Exception {
        state.apply(Fixtures.main("127.0.0.1"));
        Path restarts = directory.resolve("restarts");
        start("echo restart >> " + restarts);
        applier.changed();
        Thread.sleep(500);
        assertThat(directory.resolve("proxytrunks")).doesNotExist();
        assertThat(kamailio.calls).isEmpty();
        assertThat(applier.status(null).pendingChanges()).isTrue();

        caughtUp.set(true);
        applier.changed();
        await(() -> !applier.status(null).pendingChanges());
        assertThat(directory.resolve("proxytrunks/main_address.cfg")).content().contains("listen=udp:127.0.0.1:5060");
        assertThat(kamailio.calls("htable.reload")).hasSize(2);
        assertThat(lines(restarts)).isEqualTo(1);
    }

    @Test
    void aBurstOfAddressChangesGivesOneRestart() throws Exception {
        state.apply(Fixtures.main("127.0.0.1"));
        caughtUp.set(true);
        Path restarts = directory.resolve("restarts");
        start("echo restart >> " + restarts);
        await(() -> !applier.status(null).pendingChanges());
        assertThat(lines(restarts)).isEqualTo(1);

        for (int i = 2; i < 8; i++) {
            state.apply(Fixtures.address("a" + i, "127.0.0." + i));
            applier.changed();
            Thread.sleep(100);
        }
        await(() -> !applier.status(null).pendingChanges() && applier.status(null).wantedSockets().contains("udp:127.0.0.7:5060"));
        Thread.sleep(1000);
        assertThat(lines(restarts)).as("one restart for the burst").isEqualTo(2);
        assertThat(applier.status(null).restarts()).isEqualTo(2);
        assertThat(directory.resolve("proxytrunks/additional_addresses.cfg")).content().contains("listen=udp:127.0.0.7:5060");
    }

    @Test
    void aFailedRestartIsReportedAndRunAgain() throws Exception {
        state.apply(Fixtures.main("127.0.0.1"));
        caughtUp.set(true);
        Path attempts = directory.resolve("attempts");
        // fails the first time, works the second
        start("echo attempt >> " + attempts + "; [ $(wc -l < " + attempts + ") -ge 2 ]");
        await(() -> applier.status(null).lastResult().startsWith("failed"));
        assertThat(applier.status(null).restartRequired()).isTrue();
        await(() -> "ok".equals(applier.status(null).lastResult()));
        assertThat(lines(attempts)).isEqualTo(2);
        assertThat(applier.status(null).restartRequired()).isFalse();
    }

    @Test
    void theLoopEndingShowsInAlive() throws Exception {
        start(null);
        assertThat(applier.alive()).isTrue();
        applier.close();
        assertThat(applier.alive()).as("closed on purpose is not a death").isTrue();
    }
}
