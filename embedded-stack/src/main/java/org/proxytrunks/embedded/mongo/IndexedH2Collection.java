package org.proxytrunks.embedded.mongo;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A collection of the H2 backend that answers a query excluding many values of a uniquely
 * indexed field ({@code field: {$nin: [...]}}) by looking the excluded values up in that unique
 * index, instead of loading every candidate document and comparing its value with each listed
 * one.
 *
 * <p>That is the query of every poll of an Axon tracking processor on the MongoDB event store:
 * the events since a timestamp minus a look-back window, except the event identifiers the
 * processor has already seen in that window. Under load the window holds hundreds of events, so
 * each poll loaded them all and matched each against hundreds of identifiers: most of the embedded
 * server's time at a few hundred commands per second. Here the seen events are removed from the
 * candidates before any document is read, and only the new ones are loaded and matched against
 * the query.
 *
 * <p>Used only when the answer is certainly the same: the excluded values are plain strings or
 * numbers, the field has a unique index on that field alone, and the rest of the query can be
 * answered by an index. Anything else is left to mongo-java-server as it is.
 *
 * <p>A page of a sorted query that no index narrows (the newest entries of the audit log) is read
 * in the order of an {@link OrderedIndex} on the first sort key, until the page is full, instead
 * of loading and sorting the whole collection: the cost of the page, not of the history.
 */
final class IndexedH2Collection extends H2Collection {

    /** Below this many excluded values, matching each candidate costs less than the lookups. */
    private static final int LOOKUP_FROM = 8;

    IndexedH2Collection(MongoDatabase database, String collectionName, CollectionOptions options,
                        MVMap<Object, Document> dataMap, MVMap<String, Object> metaMap, CursorRegistry cursorRegistry) {
        super(database, collectionName, options, dataMap, metaMap, cursorRegistry);
    }

    @Override
    protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit, int batchSize,
                                         Document fieldSelector) {
        Exclusion exclusion = Exclusion.in(query);
        if (exclusion != null) {
            Index<Object> unique = uniqueIndexOn(exclusion.field());
            Index<Object> candidates = unique == null ? null : indexFor(exclusion.rest());
            if (candidates != null) {
                Set<Object> excluded = new HashSet<>();
                for (Object value : exclusion.values()) {
                    Object position = unique.getPosition(new Document(exclusion.field(), value));
                    if (position != null) {
                        excluded.add(position);
                    }
                }
                List<Object> positions = new ArrayList<>();
                for (Object position : candidates.getPositions(exclusion.rest())) {
                    if (!excluded.contains(position)) {
                        positions.add(position);
                    }
                }
                // the few candidates left are still matched against the whole query, the exclusion included
                return matchDocuments(query, positions, orderBy, numberToSkip, limit, batchSize, fieldSelector);
            }
        }
        if (limit > 0 && orderBy != null && orderBy.size() == 1) {
            QueryResult page = pageOfASlice(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
            if (page != null) {
                return page;
            }
        }
        if (limit > 0 && orderBy != null && !orderBy.isEmpty() && indexFor(query) == null) {
            QueryResult page = pageInIndexOrder(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
            if (page != null) {
                return page;
            }
        }
        return super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
    }

    /**
     * Reads the documents in the order of the first sort key until {@code skip + limit} match,
     * completing the last group of equal values (the other sort keys may order them), then sorts
     * just those; null when no index orders like the sort, or when documents without the key
     * (which sort last, descending) might belong to the page.
     */
    private QueryResult pageInIndexOrder(Document query, Document orderBy, int numberToSkip, int limit, int batchSize,
                                         Document fieldSelector) {
        String first = orderBy.keySet().iterator().next();
        if (!(orderBy.get(first) instanceof Number direction) || Math.abs(direction.intValue()) != 1 || first.equals("$natural")) {
            return null;
        }
        boolean descending = direction.intValue() < 0;
        OrderedIndex ordered = null;
        for (Index<Object> index : getIndexes()) {
            if (index instanceof OrderedIndex candidate && candidate.firstKey().equals(first) && candidate.ordersLikeASort(descending)) {
                ordered = candidate;
                break;
            }
        }
        if (ordered == null) {
            return null;
        }
        long wanted = (long) numberToSkip + limit;
        List<Document> page = firstMatches(ordered.groupsInOrder(descending), query, wanted);
        if (page.size() < wanted && ordered.holdsAbsent()) {
            return null;
        }
        return matchDocumentsFromStream(query, page.stream(), numberToSkip, limit, batchSize, deriveComparator(orderBy), fieldSelector);
    }

    /**
     * The first documents of one slice of a compound index in the order of its second key (an
     * entity's latest version before a sequence: equality on the entity, a range on the sequence,
     * sorted on it, limit 1), read from the end of the slice until the page is full instead of
     * loading the whole slice, which grows with the entity's history, and sorting it. Null when no
     * compound index has the sort key second and an equality on its first key in the query.
     */
    private QueryResult pageOfASlice(Document query, Document orderBy, int numberToSkip, int limit, int batchSize,
                                     Document fieldSelector) {
        String sortKey = orderBy.keySet().iterator().next();
        if (!(orderBy.get(sortKey) instanceof Number direction) || Math.abs(direction.intValue()) != 1) {
            return null;
        }
        for (Index<Object> index : getIndexes()) {
            if (index instanceof OrderedIndex ordered && sortKey.equals(ordered.secondKey())) {
                Iterable<Set<Object>> slice = ordered.sliceInOrder(query, direction.intValue() < 0);
                if (slice != null) {
                    return matchDocumentsFromStream(query, firstMatches(slice, query, (long) numberToSkip + limit).stream(),
                            numberToSkip, limit, batchSize, deriveComparator(orderBy), fieldSelector);
                }
            }
        }
        return null;
    }

    /** The documents of {@code groups}, in order, that match the query, until {@code wanted} do (the last group whole). */
    private List<Document> firstMatches(Iterable<Set<Object>> groups, Document query, long wanted) {
        List<Document> page = new ArrayList<>();
        for (Set<Object> group : groups) {
            if (page.size() >= wanted) {
                break;
            }
            for (Object position : group) {
                Document document = getDocument(position);
                if (documentMatchesQuery(document, query)) {
                    page.add(document);
                }
            }
        }
        return page;
    }

    private Index<Object> uniqueIndexOn(String field) {
        for (Index<Object> index : getIndexes()) {
            List<IndexKey> keys = index.getKeys();
            if (index.isUnique() && keys.size() == 1 && keys.get(0).getKey().equals(field)) {
                return index;
            }
        }
        return null;
    }

    private Index<Object> indexFor(Document query) {
        for (Index<Object> index : getIndexes()) {
            if (index.canHandle(query)) {
                return index;
            }
        }
        return null;
    }

    /**
     * A top-level {@code field: {$nin: [...]}} conjunct with enough plain values to look up, and
     * the query without it.
     */
    record Exclusion(String field, Collection<?> values, Document rest) {

        static Exclusion in(Document query) {
            if (!(query.get("$and") instanceof List<?> conjuncts) || query.size() != 1) {
                return null;
            }
            for (int i = 0; i < conjuncts.size(); i++) {
                if (conjuncts.get(i) instanceof Document part && part.size() == 1) {
                    Map.Entry<String, Object> only = part.entrySet().iterator().next();
                    if (only.getValue() instanceof Document operators && operators.size() == 1
                            && operators.get("$nin") instanceof Collection<?> values && values.size() >= LOOKUP_FROM
                            && !only.getKey().startsWith("$") && !only.getKey().contains(".")
                            && values.stream().allMatch(value -> value instanceof String || value instanceof Integer || value instanceof Long)) {
                        List<Object> others = new ArrayList<>(conjuncts);
                        others.remove(i);
                        Document rest = others.size() == 1 && others.get(0) instanceof Document single
                                ? single : new Document("$and", others);
                        return new Exclusion(only.getKey(), values, rest);
                    }
                }
            }
            return null;
        }
    }
}
