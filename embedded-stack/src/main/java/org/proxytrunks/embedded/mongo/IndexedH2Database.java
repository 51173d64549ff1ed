package org.proxytrunks.embedded.mongo;

import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.h2.H2Database;
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

    IndexedH2Database(String databaseName, MVStore mvStore, CursorRegistry cursorRegistry) {
        super(databaseName, mvStore, cursorRegistry);
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
