package org.proxytrunks.kamailiosync.apply;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.IpLiteral;
import org.proxytrunks.events.address.AddressAdvertisedIpChangedEvent;
import org.proxytrunks.kamailiosync.render.AtomicFileWriter;
import org.proxytrunks.kamailiosync.state.DesiredState;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThat;

class ListenerFilesTest {

    @TempDir
    Path directory;

    private final DesiredState state = new DesiredState();

    private ListenerFiles files() {
        return new ListenerFiles(state, Fixtures.settings(directory, null), new AtomicFileWriter(Clock.systemUTC()),
                ip -> !ip.value().startsWith("192.0.2."), null);
    }

    private Path additional() {
        return directory.resolve("proxytrunks/additional_addresses.cfg");
    }

    @Test
    void addressesThisHostCannotBindAreLeftOut() {
        state.apply(Fixtures.main("127.0.0.1"));
        state.apply(Fixtures.address("a", "127.0.0.2"));
        state.apply(Fixtures.address("far", "192.0.2.7"));
        ListenerFiles.Plan plan = files().plan();
        assertThat(plan.refused()).containsExactly("far 192.0.2.7");
        assertThat(plan.mainLines()).contains("listen=udp:127.0.0.1:5060").doesNotContain("127.0.0.2");
        assertThat(plan.additionalLines()).contains("listen=udp:127.0.0.2:5060", "listen=tcp:127.0.0.2:5060").doesNotContain("192.0.2.7");
        assertThat(files().wantedSockets(plan.bindable()))
                .containsExactly("tcp:127.0.0.1:5060", "tcp:127.0.0.2:5060", "udp:127.0.0.1:5060", "udp:127.0.0.2:5060");
    }

    @Test
    void aNewListenerSetIsWrittenAndNeedsARestartOnce() throws Exception {
        state.apply(Fixtures.main("127.0.0.1"));
        state.apply(Fixtures.address("a", "127.0.0.2"));
        ListenerFiles files = files();
        assertThat(files.write(files.plan())).as("first written").isTrue();
        assertThat(Files.readString(additional())).contains("listen=udp:127.0.0.2:5060");
        BasicFileAttributes before = Files.readAttributes(additional(), BasicFileAttributes.class);

        assertThat(files.differ(files.plan())).isFalse();
        assertThat(files.write(files.plan())).as("the same plan again").isFalse();
        BasicFileAttributes after = Files.readAttributes(additional(), BasicFileAttributes.class);
        assertThat(after.fileKey()).as("not even written again").isEqualTo(before.fileKey());

        state.apply(new AddressAdvertisedIpChangedEvent(new AddressId("a"), IpLiteral.parse("203.0.113.9")));
        assertThat(files.write(files.plan())).as("an advertised address changes the listen lines").isTrue();
        assertThat(Files.readString(additional())).contains("listen=udp:127.0.0.2:5060 advertise 203.0.113.9:5060");
    }

    @Test
    void filesThatDifferOnlyInCommentsOrOrderAreRewrittenWithoutARestart() throws Exception {
        state.apply(Fixtures.main("127.0.0.1"));
        state.apply(Fixtures.address("a", "127.0.0.2"));
        state.apply(Fixtures.address("b", "127.0.0.3"));
        ListenerFiles files = files();
        files.write(files.plan());
        String written = Files.readString(additional());
        StringBuilder reordered = new StringBuilder("# edited by hand\n");
        written.lines().filter(line -> line.startsWith("listen=")).sorted(java.util.Comparator.reverseOrder())
                .forEach(line -> reordered.append(line).append('\n'));
        Files.writeString(additional(), reordered);

        assertThat(files.differ(files.plan())).isTrue();
        assertThat(files.write(files.plan())).as("the same listen lines: no restart").isFalse();
        assertThat(Files.readString(additional())).isEqualTo(written);
    }

    @Test
    void listenLinesAreComparedAsASet() {
        assertThat(ListenerFiles.listenLines("# a\nlisten=udp:127.0.0.2:5060\n", "listen=tcp:127.0.0.2:5060\n"))
                .isEqualTo(ListenerFiles.listenLines(" listen=tcp:127.0.0.2:5060\n# b\nlisten=udp:127.0.0.2:5060"));
        assertThat(ListenerFiles.listenLines("listen=udp:127.0.0.2:5060")).isNotEqualTo(ListenerFiles.listenLines("listen=udp:127.0.0.3:5060"));
    }
}
