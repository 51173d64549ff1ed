package org.proxytrunks.kamailiosync.apply;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KamailioRestarterTest {

    @TempDir
    Path directory;

    @Test
    void withoutACommandARestartIsLeftToTheOperator() throws Exception {
        assertThat(new KamailioRestarter(" ", Duration.ofSeconds(5)).restart()).isEqualTo(KamailioRestarter.Outcome.NOT_CONFIGURED);
        assertThat(new KamailioRestarter(null, Duration.ofSeconds(5)).restart()).isEqualTo(KamailioRestarter.Outcome.NOT_CONFIGURED);
    }

    @Test
    void theCommandRuns() throws Exception {
        Path ran = directory.resolve("ran");
        assertThat(new KamailioRestarter("echo restarted > " + ran, Duration.ofSeconds(5)).restart())
                .isEqualTo(KamailioRestarter.Outcome.RESTARTED);
        assertThat(Files.readString(ran)).isEqualTo("restarted\n");
    }

    @Test
    void aFailingCommandSaysItsExitCodeAndOutput() {
        assertThatThrownBy(() -> new KamailioRestarter("echo no kamailio here >&2; exit 3", Duration.ofSeconds(5)).restart())
                .isInstanceOf(IOException.class).hasMessageContaining("exit code 3").hasMessageContaining("no kamailio here");
    }

    /** The limit held even for a command that keeps writing output and starts children of its own. */
    @Test
    void aCommandOverItsTimeLimitIsKilledWithItsChildren() throws Exception {
        Path child = directory.resolve("child.pid");
        String command = "sleep 30 & echo $! > " + child + "; while true; do echo still restarting; sleep 0.05; done";
        long started = System.nanoTime();
        assertThatThrownBy(() -> new KamailioRestarter(command, Duration.ofMillis(700)).restart())
                .isInstanceOf(IOException.class).hasMessageContaining("did not finish within");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        long pid = Long.parseLong(Files.readString(child).strip());
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("the command's child").isFalse();
    }
}
