package org.proxytrunks.embedded.mongo;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.KeyConstraintError;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * An index of the H2 backend that answers equality, {@code $in} and range conditions on its
 * first key from an ordered map held in memory, so that the queries on the hot path (an
 * aggregate's events by {@code aggregateIdentifier}, a tracking processor's events since a
 * {@code timestamp}) read the documents they need instead of scanning a collection that grows
 * with every event.
 *
 * <p>mongo-java-server ignores non-unique indexes and uses a unique index only for exact
 * matches on all its keys. This index fills that gap: as a secondary index it is the whole
 * index; over a unique index it keeps the unique index for the uniqueness checks and exact
 * lookups and adds the ordered lookups. The map is rebuilt from the collection when the index
 * is opened (at every start of the server), so nothing new is stored on disk.
 *
 * <p>The positions it returns are a superset of the answer: the collection still matches every
 * candidate document against the whole query and sorts them, so a condition this index cannot
 * use is simply left to that match. Only a condition that is a top-level conjunct of the query
 * (directly, or inside a top-level {@code $and}) is used, which keeps that superset sound.
 *
 * <p>Over a compound index, a query with an equality on the first key and a condition on the
 * second reads only that slice (an aggregate's events from a sequence number on; an aggregate's
 * audit entries from a sequence on).
 *
 * <p>A position of the H2 backend is the document's {@code _id}.
 */
final class OrderedIndex extends Index<Object> {

    private static final String ID = "_id";

    private final String firstKey;
    private final Index<Object> unique;
    private final String secondKey;
    private final NavigableMap<Object, Set<Object>> positionsByValue = new TreeMap<>(ValueComparator.asc());
    private final Map<Object, SecondKey> bySecondKey = new TreeMap<>(ValueComparator.asc());
    private final Map<Object, Tracked> tracked = new HashMap<>();
    /** The documents without a value of the first key (missing or null), and those whose value is an array or a document. */
    private long absent;
    private long notPlain;

    /**
     * What a position is filed under: its values of the first key, and of the second one (null:
     * not a plain value); {@code shape} of its first value: 0 plain, 1 absent, 2 an array or a document.
     */
    private record Tracked(List<Object> values, Object second, int shape) {
    }

    /**
     * The documents that share a value of the first key, ordered by their value of the second
     * key, and those whose second value is not a plain value (always candidates).
     */
    private record SecondKey(NavigableMap<Object, Set<Object>> ordered, Set<Object> others) {

        SecondKey() {
            this(new TreeMap<>(ValueComparator.asc()), new Positions());
        }

        boolean isEmpty() {
            return ordered.isEmpty() && others.isEmpty();
        }
    }

    private OrderedIndex(String name, List<IndexKey> keys, boolean sparse, Index<Object> unique) {
        super(name, keys, sparse);
        this.firstKey = keys.get(0).getKey();
        this.secondKey = keys.size() > 1 ? keys.get(1).getKey() : null;
        this.unique = unique;
    }

    /** A non-unique index, filled from the documents the collection already holds. */
    static OrderedIndex secondary(String name, List<IndexKey> keys, boolean sparse, MongoCollection<?> collection) {
        OrderedIndex index = new OrderedIndex(name, keys, sparse, null);
        if (collection != null) {
            index.rebuildFrom(collection);
        }
        return index;
    }

    /**
     * Ordered lookups over a unique index. When the unique index already holds entries (the
     * server restarted), the ordered map is rebuilt from the collection here; when it is new,
     * the collection fills both through {@link #add} as it does for any new index.
     */
    static OrderedIndex over(Index<Object> unique, boolean sparse, MongoCollection<?> collection) {
        OrderedIndex index = new OrderedIndex(unique.getName(), unique.getKeys(), sparse, unique);
        if (collection != null && !unique.isEmpty()) {
            index.rebuildFrom(collection);
        }
        return index;
    }

    private void rebuildFrom(MongoCollection<?> collection) {
        collection.queryAllAsStream().forEach(document -> track(document, positionOf(document)));
    }

    @Override
    public boolean isUnique() {
        return unique != null;
    }

    @Override
    public synchronized Object getPosition(Document document) {
        return unique == null ? null : unique.getPosition(document);
    }

    @Override
    public synchronized void checkAdd(Document document, MongoCollection<Object> collection) {
        if (unique != null) {
            unique.checkAdd(document, collection);
        }
    }

    @Override
    public synchronized void add(Document document, Object position, MongoCollection<Object> collection) {
        if (unique != null) {
            unique.add(document, position, collection);
        }
        track(document, position);
    }

    @Override
    public synchronized Object remove(Document document) {
        Object removed = unique == null ? null : unique.remove(document);
        Object position = positionOf(document);
        boolean tracked = untrack(position);
        if (unique != null) {
            return removed;
        }
        return tracked ? position : null;
    }

    @Override
    public synchronized boolean canHandle(Document query) {
        return (unique != null && unique.canHandle(query)) || Condition.on(firstKey, query) != null;
    }

    @Override
    public synchronized Iterable<Object> getPositions(Document query) {
        if (unique != null && unique.canHandle(query)) {
            return unique.getPositions(query);
        }
        Condition condition = Condition.on(firstKey, query);
        if (condition == null) {
            throw new IllegalArgumentException("index " + getName() + " cannot answer " + query);
        }
        Condition onSecond = secondKey == null ? null : Condition.on(secondKey, query);
        if (onSecond != null && condition.values() != null && condition.values().size() == 1) {
            // equality on the first key and a condition on the second: only that slice of the index
            SecondKey slice = bySecondKey.get(condition.values().get(0));
            if (slice == null) {
                return List.of();
            }
            Set<Object> positions = new LinkedHashSet<>();
            onSecond.positionsIn(slice.ordered()).forEach(positions::add);
            positions.addAll(slice.others());
            return positions;
        }
        return condition.positionsIn(positionsByValue);
    }

    /**
     * The positions of the slice a query names by an equality on the first key, grouped by their
     * value of the second key and in its order, restricted to the query's condition on the second
     * key when it has one; null when the query names no single slice, or when some documents of
     * the slice have no plain value of the second key (where a sort puts those is not this map's
     * order). Live views: to be read while the collection cannot change (under its lock).
     */
    synchronized Iterable<Set<Object>> sliceInOrder(Document query, boolean descending) {
        Condition onFirst = secondKey == null ? null : Condition.on(firstKey, query);
        if (onFirst == null || onFirst.values() == null || onFirst.values().size() != 1) {
            return null;
        }
        SecondKey slice = bySecondKey.get(onFirst.values().get(0));
        if (slice == null) {
            return List.of();
        }
        if (!slice.others().isEmpty()) {
            return null;
        }
        Condition onSecond = Condition.on(secondKey, query);
        NavigableMap<Object, Set<Object>> groups = onSecond == null ? slice.ordered() : onSecond.rangeOf(slice.ordered());
        return groups == null ? null : (descending ? groups.descendingMap() : groups).values();
    }

    /** The key this index orders by second, or null. */
    String secondKey() {
        return secondKey;
    }

    /** The key this index orders by first. */
    String firstKey() {
        return firstKey;
    }

    /**
     * Whether {@link #groupsInOrder} gives the documents in the order a sort on the first key
     * does: every value is a plain one (Mongo sorts arrays by their least or greatest element),
     * and, ascending, none is missing (missing and null sort first, and this index does not hold
     * them). Descending they sort last: see {@link #holdsAbsent()}.
     */
    synchronized boolean ordersLikeASort(boolean descending) {
        return notPlain == 0 && (descending || absent == 0);
    }

    /** Whether some documents have no value of the first key (not in {@link #groupsInOrder}). */
    synchronized boolean holdsAbsent() {
        return absent > 0;
    }

    /**
     * The positions grouped by their value of the first key, in the order of the values. Live
     * views: to be read while the collection cannot change (under its lock).
     */
    synchronized Iterable<Set<Object>> groupsInOrder(boolean descending) {
        return (descending ? positionsByValue.descendingMap() : positionsByValue).values();
    }

    @Override
    public synchronized long getCount() {
        return unique != null ? unique.getCount() : tracked.size();
    }

    @Override
    public synchronized boolean isEmpty() {
        return tracked.isEmpty() && (unique == null || unique.isEmpty());
    }

    @Override
    public long getDataSize() {
        return getCount();
    }

    @Override
    public synchronized void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<Object> collection) {
        if (unique != null) {
            unique.checkUpdate(oldDocument, newDocument, collection);
        }
    }

    @Override
    public synchronized void updateInPlace(Document oldDocument, Document newDocument, Object position,
                                           MongoCollection<Object> collection) throws KeyConstraintError {
        if (unique != null) {
            unique.updateInPlace(oldDocument, newDocument, position, collection);
        }
        untrack(position);
        track(newDocument, position);
    }

    @Override
    public synchronized void drop() {
        if (unique != null) {
            unique.drop();
        }
        positionsByValue.clear();
        bySecondKey.clear();
        tracked.clear();
        absent = 0;
        notPlain = 0;
    }

    private void track(Document document, Object position) {
        untrack(position);
        List<Object> values = valuesOf(document);
        Object second = secondKey == null ? null : plainValue(Utils.getSubdocumentValueCollectionAware(document, secondKey));
        Object first = Utils.getSubdocumentValueCollectionAware(document, firstKey);
        int shape = Missing.isNullOrMissing(first) ? 1 : plainValue(first) == null ? 2 : 0;
        absent += shape == 1 ? 1 : 0;
        notPlain += shape == 2 ? 1 : 0;
        tracked.put(position, new Tracked(values, second, shape));
        for (Object value : values) {
            positionsByValue.computeIfAbsent(value, v -> new Positions()).add(position);
            if (secondKey != null) {
                SecondKey slice = bySecondKey.computeIfAbsent(value, v -> new SecondKey());
                if (second == null) {
                    slice.others().add(position);
                } else {
                    slice.ordered().computeIfAbsent(second, v -> new Positions()).add(position);
                }
            }
        }
    }

    private boolean untrack(Object position) {
        Tracked entry = tracked.remove(position);
        if (entry == null) {
            return false;
        }
        absent -= entry.shape() == 1 ? 1 : 0;
        notPlain -= entry.shape() == 2 ? 1 : 0;
        for (Object value : entry.values()) {
            removeFrom(positionsByValue, value, position);
            SecondKey slice = bySecondKey.get(value);
            if (slice != null) {
                if (entry.second() == null) {
                    slice.others().remove(position);
                } else {
                    removeFrom(slice.ordered(), entry.second(), position);
                }
                if (slice.isEmpty()) {
                    bySecondKey.remove(value);
                }
            }
        }
        return true;
    }

    private static void removeFrom(Map<Object, Set<Object>> index, Object value, Object position) {
        Set<Object> positions = index.get(value);
        if (positions != null) {
            positions.remove(position);
            if (positions.isEmpty()) {
                index.remove(value);
            }
        }
    }

    /** A value the ordered map can file: not missing, null, an array or a document. */
    private static Object plainValue(Object value) {
        return Missing.isNullOrMissing(value) || value instanceof Collection<?> || value instanceof Map<?, ?> ? null : value;
    }

    /** The indexed values of a document: none when the key is missing, each element of an array. */
    private List<Object> valuesOf(Document document) {
        Object value = Utils.getSubdocumentValueCollectionAware(document, firstKey);
        if (Missing.isNullOrMissing(value)) {
            return List.of();
        }
        if (value instanceof Collection<?> elements) {
            Set<Object> distinct = new TreeSet<>(ValueComparator.asc());
            elements.stream().filter(element -> !Missing.isNullOrMissing(element)).forEach(distinct::add);
            return List.copyOf(distinct);
        }
        return List.of(value);
    }

    private static Object positionOf(Document document) {
        return Missing.ofNullable(document.get(ID));
    }

    /**
     * The condition of a query on one field that an ordered map can answer: a set of values
     * ({@code field: v}, {@code $eq}, {@code $in}) or a range ({@code $gt}, {@code $gte},
     * {@code $lt}, {@code $lte}). Everything else on the field ({@code $ne}, {@code $regex},
     * {@code $exists}, null, arrays, embedded documents) is left to the collection's match.
     */
    record Condition(List<Object> values, Object lower, boolean lowerInclusive, Object upper, boolean upperInclusive) {

        /** The usable condition on {@code field} among the query's top-level conjuncts, or null. */
        static Condition on(String field, Document query) {
            if (query.containsKey(field)) {
                Condition direct = of(query.get(field));
                if (direct != null) {
                    return direct;
                }
            }
            if (query.get("$and") instanceof List<?> conjuncts) {
                for (Object conjunct : conjuncts) {
                    if (conjunct instanceof Document part) {
                        Condition nested = on(field, part);
                        if (nested != null) {
                            return nested;
                        }
                    }
                }
            }
            return null;
        }

        private static Condition of(Object condition) {
            if (!(condition instanceof Document operators)) {
                return isComparable(condition) ? new Condition(List.of(condition), null, false, null, false) : null;
            }
            if (operators.isEmpty() || !operators.keySet().stream().allMatch(key -> key.startsWith("$"))) {
                return null;
            }
            if (operators.containsKey("$eq") && isComparable(operators.get("$eq"))) {
                return new Condition(List.of(operators.get("$eq")), null, false, null, false);
            }
            if (operators.get("$in") instanceof Collection<?> candidates
                    && candidates.stream().allMatch(Condition::isComparable)) {
                return new Condition(List.copyOf(candidates), null, false, null, false);
            }
            Object lower = null;
            boolean lowerInclusive = false;
            if (isComparable(operators.get("$gte"))) {
                lower = operators.get("$gte");
                lowerInclusive = true;
            } else if (isComparable(operators.get("$gt"))) {
                lower = operators.get("$gt");
            }
            Object upper = null;
            boolean upperInclusive = false;
            if (isComparable(operators.get("$lte"))) {
                upper = operators.get("$lte");
                upperInclusive = true;
            } else if (isComparable(operators.get("$lt"))) {
                upper = operators.get("$lt");
            }
            if (lower == null && upper == null) {
                return null;
            }
            return new Condition(null, lower, lowerInclusive, upper, upperInclusive);
        }

        /** A plain value whose matches an ordered map finds by comparison: no null, pattern, array or document. */
        private static boolean isComparable(Object value) {
            return value != null && !Missing.isNullOrMissing(value)
                    && !(value instanceof Document) && !(value instanceof Collection<?>) && !(value instanceof Map<?, ?>)
                    && !(value instanceof Pattern) && !BsonRegularExpression.isRegularExpression(value);
        }

        /** The part of an ordered map within this range; null for a set of values, which is no range. */
        NavigableMap<Object, Set<Object>> rangeOf(NavigableMap<Object, Set<Object>> positionsByValue) {
            if (values != null) {
                return null;
            }
            if (lower != null && upper != null) {
                int order = ValueComparator.asc().compare(lower, upper);
                if (order > 0 || (order == 0 && !(lowerInclusive && upperInclusive))) {
                    return new TreeMap<>(ValueComparator.asc());
                }
            }
            NavigableMap<Object, Set<Object>> range = positionsByValue;
            if (lower != null) {
                range = range.tailMap(lower, lowerInclusive);
            }
            if (upper != null) {
                range = range.headMap(upper, upperInclusive);
            }
            return range;
        }

        Iterable<Object> positionsIn(NavigableMap<Object, Set<Object>> positionsByValue) {
            Set<Object> positions = new LinkedHashSet<>();
            if (values != null) {
                for (Object value : values) {
                    Set<Object> matching = positionsByValue.get(value);
                    if (matching != null) {
                        positions.addAll(matching);
                    }
                }
                return positions;
            }
            rangeOf(positionsByValue).values().forEach(positions::addAll);
            return new ArrayList<>(positions);
        }
    }
}
