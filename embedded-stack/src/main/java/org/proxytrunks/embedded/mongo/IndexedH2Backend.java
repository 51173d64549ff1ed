package org.proxytrunks.embedded.mongo;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

/**
 * The backend of the embedded MongoDB-protocol server: mongo-java-server's H2 file backend with
 * {@link OrderedIndex ordered indexes}, so that a query over the event store costs what it
 * reads rather than the size of the history.
 */
public final class IndexedH2Backend extends H2Backend {

    public IndexedH2Backend(String fileName) {
        super(fileName);
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new IndexedH2Database(databaseName, getMvStore(), getCursorRegistry());
    }
}
