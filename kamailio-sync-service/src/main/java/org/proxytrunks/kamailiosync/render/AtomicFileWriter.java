package org.proxytrunks.kamailiosync.render;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Replaces a file as a whole: the new content is written to a temporary file beside it, forced to
 * disk and moved over the old one, so a reader sees the old file or the new one, never a part.
 *
 * <p>db_text reloads a table only when its modification time, in whole seconds, is newer than at
 * the last load: every replacement gets a modification time at least one whole second after the
 * previous one, so that no reload keeps stale data.
 */
public final class AtomicFileWriter {

    private final Clock clock;

    public AtomicFileWriter(Clock clock) {
        this.clock = clock;
    }

    /** Replaces {@code target} with {@code content}; answers the modification time it got. */
    public Instant write(Path target, String content) throws IOException {
        Path directory = target.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Instant modified = nextModificationTime(target);
        Path temp = Files.createTempFile(directory, "." + target.getFileName(), ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            Files.setLastModifiedTime(temp, FileTime.from(modified));
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return modified;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private Instant nextModificationTime(Path target) throws IOException {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        if (!Files.exists(target)) {
            return now;
        }
        Instant previous = Files.getLastModifiedTime(target).toInstant().truncatedTo(ChronoUnit.SECONDS);
        return now.isAfter(previous) ? now : previous.plusSeconds(1);
    }
}
