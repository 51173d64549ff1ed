package org.proxytrunks.kamailiosync.apply;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proxytrunks.kamailiosync.render.AtomicFileWriter;
import org.proxytrunks.kamailiosync.state.DesiredState;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** db_text needs a newer whole-second modification time to read a file again: a table file is written at most once a second. */
class TableFilesTest {

    @TempDir
    Path directory;

    private final DesiredState state = new DesiredState();
    private Instant now = Instant.parse("2026-11-28T10:00:00.100Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @Test
    void aSecondWriteWithinTheSameSecondWaitsUnlessItIsNeededNow() throws Exception {
        TableFiles files = new TableFiles(state, directory, new AtomicFileWriter(clock), clock);
        state.apply(Fixtures.main("127.0.0.1"));
        state.apply(Fixtures.carrier("c1", "proxytrunks"));
        files.write(false);
        assertThat(Files.readString(directory.resolve("carriers"))).contains("c1");
        assertThat(files.deferred()).isFalse();

        state.apply(Fixtures.carrier("c2", "proxytrunks"));
        files.changed();
        now = now.plusMillis(500);
        files.write(false);
        assertThat(files.deferred()).as("same second as the last write").isTrue();
        assertThat(Files.readString(directory.resolve("carriers"))).doesNotContain("c2");

        now = now.plusMillis(600);
        files.write(false);
        assertThat(files.deferred()).isFalse();
        assertThat(Files.readString(directory.resolve("carriers"))).contains("c2");

        state.apply(Fixtures.carrier("c3", "proxytrunks"));
        files.changed();
        files.write(true);
        assertThat(Files.readString(directory.resolve("carriers"))).as("needed now (a reload or a restart follows)").contains("c3");
        assertThat(Files.getLastModifiedTime(directory.resolve("carriers")).toInstant()).as("one second on, ahead of the clock")
                .isEqualTo(Instant.parse("2026-11-28T10:00:02Z"));
    }

    @Test
    void anUnchangedTableIsNotWritten() throws Exception {
        TableFiles files = new TableFiles(state, directory, new AtomicFileWriter(clock), clock);
        state.apply(Fixtures.main("127.0.0.1"));
        files.write(true);
        Object key = Files.readAttributes(directory.resolve("carriers"), java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        new TableFiles(state, directory, new AtomicFileWriter(clock), clock).write(true);
        assertThat(Files.readAttributes(directory.resolve("carriers"), java.nio.file.attribute.BasicFileAttributes.class).fileKey())
                .isEqualTo(key);
    }
}
