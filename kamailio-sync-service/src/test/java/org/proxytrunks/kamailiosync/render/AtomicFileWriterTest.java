package org.proxytrunks.kamailiosync.render;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AtomicFileWriterTest {

    @TempDir
    Path directory;

    @Test
    void writesWithinOneSecondGetStrictlyIncreasingWholeSecondModificationTimes() throws IOException {
        Clock frozen = Clock.fixed(Instant.parse("2026-11-27T10:00:00.250Z"), ZoneOffset.UTC);
        AtomicFileWriter writer = new AtomicFileWriter(frozen);
        Path table = directory.resolve("carriers");
        Instant first = writer.write(table, "one\n");
        Instant second = writer.write(table, "two\n");
        Instant third = writer.write(table, "three\n");
        assertThat(first).isEqualTo(Instant.parse("2026-11-27T10:00:00Z"));
        assertThat(second).isEqualTo(first.plusSeconds(1));
        assertThat(third).isEqualTo(first.plusSeconds(2));
        assertThat(Files.getLastModifiedTime(table).toInstant()).isEqualTo(third);
        assertThat(Files.readString(table)).isEqualTo("three\n");
    }

    @Test
    void aLaterClockIsUsedAsIs() throws IOException {
        Path table = directory.resolve("carriers");
        new AtomicFileWriter(Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC)).write(table, "a");
        Instant later = new AtomicFileWriter(Clock.fixed(Instant.parse("2026-11-27T10:05:00.900Z"), ZoneOffset.UTC)).write(table, "b");
        assertThat(later).isEqualTo(Instant.parse("2026-11-27T10:05:00Z"));
    }

    @Test
    void noTemporaryFileIsLeftBehindAndAFailedWriteLeavesTheOldFile() throws IOException {
        AtomicFileWriter writer = new AtomicFileWriter(Clock.systemUTC());
        Path file = directory.resolve("additional_addresses.cfg");
        writer.write(file, "listen=udp:127.0.0.2:5060\n");
        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files).containsExactly(file);
        }
        Path blocked = directory.resolve("not-a-directory");
        Files.writeString(blocked, "x");
        assertThatThrownBy(() -> writer.write(blocked.resolve("file"), "y")).isInstanceOf(IOException.class);
        assertThat(Files.readString(file)).isEqualTo("listen=udp:127.0.0.2:5060\n");
    }
}
