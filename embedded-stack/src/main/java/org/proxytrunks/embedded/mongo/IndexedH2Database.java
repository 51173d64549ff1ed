package org.proxytrunks.embedded.mongo;

import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import org.h2.mvstore.MVStore;

import java.util.List;

/**
 * An H2 database of mongo-java-server whose indexes also answer range and equality conditions
 * on their first key ({@link OrderedIndex}): secondary indexes are no longer ignored, and a
 * compound unique index serves a query on its leading field.
 */
final class IndexedH2Database extends H2Database {

    IndexedH2Database(String databaseName, MVStore mvStore, CursorRegistry cursorRegistry) {
        super(databaseName, mvStore, cursorRegistry);
    }

    @Override
    protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
        Index<Object> unique = super.openOrCreateUniqueIndex(collectionName, indexName, keys, sparse);
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
