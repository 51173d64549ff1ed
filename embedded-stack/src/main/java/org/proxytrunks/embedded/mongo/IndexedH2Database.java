package org.proxytrunks.embedded.mongo;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import java.util.List;

/**
 * An H2 database of mongo-java-server whose indexes live in memory and are rebuilt from the
 * documents when the server opens the database: unique indexes in hash maps
 * ({@link HashedUniqueIndex}) instead of H2 maps that compare keys by serializing them, and every
 * other index ordered ({@link OrderedIndex}), so that secondary indexes are no longer ignored
 * and a compound unique index also serves a query on its leading field. The documents stay in
 * H2, on disk.
 */
final class IndexedH2Database extends H2Database {

    /**
     * The store while the constructor runs: H2Database's constructor opens the existing
     * collections through {@link #openOrCreateCollection} before this class's fields are set.
     */
    private static final ThreadLocal<MVStore> OPENING = new ThreadLocal<>();

    private final MVStore mvStore;

    private IndexedH2Database(String databaseName, MVStore mvStore, CursorRegistry cursorRegistry) {
        super(databaseName, mvStore, cursorRegistry);
        this.mvStore = mvStore;
    }

    static IndexedH2Database open(String databaseName, MVStore mvStore, CursorRegistry cursorRegistry) {
        OPENING.set(mvStore);
        try {
            return new IndexedH2Database(databaseName, mvStore, cursorRegistry);
        } finally {
            OPENING.remove();
        }
    }

    @Override
    protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
        String namespace = getFullCollectionNamespace(collectionName);
        // the names of mongo-java-server's H2Database, so that the data of earlier runs is found
        MVStore store = mvStore != null ? mvStore : OPENING.get();
        MVMap<Object, Document> data = store.openMap("databases." + namespace);
        MVMap<String, Object> meta = store.openMap("meta." + namespace);
        return new IndexedH2Collection(this, collectionName, options, data, meta, cursorRegistry);
    }

    @Override
    protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
        Index<Object> unique = new HashedUniqueIndex(indexName, keys, sparse);
        if (isIdIndex(keys)) {
            return unique;
        }
        return OrderedIndex.over(unique, sparse, resolveCollection(collectionName, false));
    }

    @Override
    protected Index<Object> openOrCreateSecondaryIndex(String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
        return OrderedIndex.secondary(indexName, keys, sparse, resolveCollection(collectionName, false));
    }

    private static boolean isIdIndex(List<IndexKey> keys) {
        return keys.size() == 1 && "_id".equals(keys.get(0).getKey());
    }
}
