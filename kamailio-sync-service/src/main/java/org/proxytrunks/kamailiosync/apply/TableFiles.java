package org.proxytrunks.kamailiosync.apply;

import org.proxytrunks.events.ProviderKind;
import org.proxytrunks.kamailiosync.render.AtomicFileWriter;
import org.proxytrunks.kamailiosync.render.KamailioFiles;
import org.proxytrunks.kamailiosync.state.DesiredState;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;

/**
 * The db_text files of the provider tables: what Kamailio loads when it starts and what
 * {@code htable.reload} reads. db_text re-reads a file only when its modification time, in whole
 * seconds, is newer than at its last load, so a file is written at most once a second unless it
 * must be current now (before a reload or a restart); a write held back is due within a second.
 */
final class TableFiles {

    static final Map<ProviderKind, String> TABLES = Map.of(ProviderKind.CARRIER, "carriers", ProviderKind.DDI_PROVIDER, "ddi_providers");

    private final DesiredState state;
    private final Path directory;
    private final AtomicFileWriter writer;
    private final Clock clock;
    private final Map<ProviderKind, String> written = new EnumMap<>(ProviderKind.class);
    private volatile boolean behind = true;
    private volatile boolean deferred;

    TableFiles(DesiredState state, Path directory, AtomicFileWriter writer, Clock clock) {
        this.state = state;
        this.directory = directory;
        this.writer = writer;
        this.clock = clock;
    }

    /** The providers changed: the files are behind until written. */
    void changed() {
        behind = true;
    }

    /** Whether a write was held back (the caller comes back within a second). */
    boolean deferred() {
        return deferred;
    }

    /**
     * Writes the files whose content changed: all of them when {@code now}, otherwise those whose
     * modification time can move on without going ahead of the clock.
     */
    void write(boolean now) throws IOException {
        if (!behind) {
            return;
        }
        boolean held = false;
        for (ProviderKind kind : TABLES.keySet()) {
            String content = KamailioFiles.providerTable(state.providerSockets(kind));
            if (content.equals(current(kind))) {
                continue;
            }
            if (now || writableWithoutRunningAhead(path(kind))) {
                write(kind, content);
            } else {
                held = true;
            }
        }
        deferred = held;
        behind = held;
    }

    /** Writes one table's file now when it differs from {@code content}. */
    void writeNow(ProviderKind kind, String content) throws IOException {
        if (!content.equals(current(kind))) {
            write(kind, content);
        }
    }

    private void write(ProviderKind kind, String content) throws IOException {
        writer.write(path(kind), content);
        written.put(kind, content);
    }

    private String current(ProviderKind kind) throws IOException {
        String known = written.get(kind);
        if (known == null) {
            Path file = path(kind);
            known = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
            written.put(kind, known);
        }
        return known;
    }

    private boolean writableWithoutRunningAhead(Path file) throws IOException {
        if (!Files.exists(file)) {
            return true;
        }
        long writtenAt = Files.getLastModifiedTime(file).toInstant().getEpochSecond();
        return clock.instant().getEpochSecond() > writtenAt;
    }

    private Path path(ProviderKind kind) {
        return directory.resolve(TABLES.get(kind));
    }
}
