package org.proxytrunks.embedded.mongo;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.h2.mvstore.MVStore;

/**
 * The backend of the embedded MongoDB-protocol server: mongo-java-server's H2 file backend with
 * {@link OrderedIndex ordered indexes}, so that a query over the event store costs what it
 * reads rather than the size of the history.
 *
 * <p>The H2 store is opened without automatic compaction: compaction moves live pages to new
 * chunks and frees the old ones while a long read (a scan of a large collection under writes)
 * may still be walking them, which failed that read with "Chunk ... not found". Chunks that hold
 * nothing live are still freed and reused; the file is not shrunk.
 *
 * @param fileName the H2 file, or null for a store in memory
 */
public final class IndexedH2Backend extends H2Backend {

    public IndexedH2Backend(String fileName) {
        super(open(fileName));
    }

    private static MVStore open(String fileName) {
        MVStore.Builder builder = new MVStore.Builder().autoCompactFillRate(0);
        if (fileName != null) {
            builder.fileName(fileName);
        }
        return builder.open();
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return IndexedH2Database.open(databaseName, getMvStore(), getCursorRegistry());
    }
}
