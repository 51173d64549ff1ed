package org.proxytrunks.embedded.mongo;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The ordered indexes answer exactly what a scan answers: the same random documents and
 * queries on a plain H2 backend (which scans) and on {@link IndexedH2Backend} give the same
 * results, through the real MongoDB driver over a socket.
 */
class OrderedIndexTest {

    private static MongoServer plainServer;
    private static MongoServer indexedServer;
    private static MongoClient plain;
    private static MongoClient indexed;

    @BeforeContainer
    static void startServers() {
        plainServer = new MongoServer(H2Backend.inMemory());
        indexedServer = new MongoServer(new IndexedH2Backend(null));
        plain = MongoClients.create(uri(plainServer.bind()));
        indexed = MongoClients.create(uri(indexedServer.bind()));
    }

    @AfterContainer
    static void stopServers() {
        plain.close();
        indexed.close();
        plainServer.shutdownNow();
        indexedServer.shutdownNow();
    }

    private static String uri(InetSocketAddress address) {
        return "mongodb://" + address.getHostString() + ":" + address.getPort();
    }

    @Property(tries = 60)
    void indexedQueriesAnswerWhatAScanAnswers(@ForAll("documents") List<Document> documents,
                                              @ForAll("filters") List<Bson> filters,
                                              @ForAll("filter") Bson deleted) {
        MongoCollection<Document> scanned = fresh(plain);
        MongoCollection<Document> ordered = fresh(indexed);
        for (MongoCollection<Document> collection : List.of(scanned, ordered)) {
            collection.createIndex(Indexes.ascending("k", "n"), new IndexOptions().name("k_n"));
            collection.createIndex(Indexes.ascending("agg", "seq"), new IndexOptions().unique(true).name("agg_seq"));
            if (!documents.isEmpty()) {
                collection.insertMany(copies(documents));
            }
            collection.deleteMany(deleted);
            collection.updateMany(Filters.gt("n", 5L), new Document("$set", new Document("k", "b").append("n", 4L)));
        }
        for (Bson filter : filters) {
            assertThat(ids(ordered, filter)).as("%s", filter).isEqualTo(ids(scanned, filter));
        }
    }

    /**
     * A tracking processor's poll: events since a timestamp except those already seen. The
     * indexed server takes the seen ones out through the unique index on the identifier before
     * reading any document ({@link IndexedH2Collection}); the answer is still the scan's.
     */
    @Property(tries = 40)
    void aPollExcludingSeenEventsAnswersWhatAScanAnswers(@ForAll("eventCount") int events,
                                                         @ForAll("seenEvents") List<Integer> seen,
                                                         @ForAll("eventCount") int since) {
        MongoCollection<Document> scanned = fresh(plain);
        MongoCollection<Document> ordered = fresh(indexed);
        for (MongoCollection<Document> collection : List.of(scanned, ordered)) {
            collection.createIndex(Indexes.ascending("eventIdentifier"), new IndexOptions().unique(true).name("eid"));
            collection.createIndex(Indexes.ascending("timestamp", "seq"), new IndexOptions().name("ts_seq"));
            for (int i = 0; i < events; i++) {
                collection.insertOne(new Document("_id", String.format("d%03d", i)).append("eventIdentifier", "e" + i)
                        .append("timestamp", String.format("t%03d", i / 3)).append("seq", (long) i));
            }
            collection.insertOne(new Document("_id", "no-identifier").append("timestamp", "t000").append("seq", -1L));
        }
        List<Object> excluded = new ArrayList<>();
        seen.forEach(number -> excluded.add("e" + number));
        excluded.add(17L);
        Bson poll = Filters.and(Filters.gte("timestamp", String.format("t%03d", since / 3)), Filters.nin("eventIdentifier", excluded));
        assertThat(ids(ordered, poll)).as("%s", poll).isEqualTo(ids(scanned, poll));
    }

    /**
     * A page of a sorted query (the audit log, newest first) is read in index order rather than
     * sorted whole ({@link IndexedH2Collection}); it is the page a full sort gives, with ties on
     * the first key ordered by the other keys, a filter, a skip, and documents without the key.
     */
    @Property(tries = 60)
    void aSortedPageReadInIndexOrderIsThePageASortGives(@ForAll("eventCount") int count,
                                                       @ForAll("pageSkip") int skip,
                                                       @ForAll("pageSize") int size,
                                                       @ForAll boolean descending,
                                                       @ForAll boolean filtered,
                                                       @ForAll boolean someWithoutTime) {
        MongoCollection<Document> scanned = fresh(plain);
        MongoCollection<Document> ordered = fresh(indexed);
        for (MongoCollection<Document> collection : List.of(scanned, ordered)) {
            collection.createIndex(Indexes.ascending("time", "sequence"), new IndexOptions().name("time_sequence"));
            for (int i = 0; i < count; i++) {
                Document entry = new Document("_id", String.format("a%02d", (i * 7) % 61)).append("sequence", (long) (i % 4))
                        .append("kind", i % 3 == 0 ? "x" : "y");
                if (!(someWithoutTime && i % 5 == 0)) {
                    entry.append("time", (long) (i / 3));
                }
                collection.insertOne(entry);
            }
        }
        int direction = descending ? -1 : 1;
        Bson sort = new Document("time", direction).append("sequence", direction).append("_id", direction);
        Bson filter = filtered ? Filters.eq("kind", "y") : new Document();
        assertThat(page(ordered, filter, sort, skip, size)).as("%s %s skip %d limit %d", filter, sort, skip, size)
                .isEqualTo(page(scanned, filter, sort, skip, size));
    }

    /**
     * An entity's latest versions before a sequence (equality on the entity, a range on the
     * sequence, sorted on it, a limit) are read from the end of the entity's slice of the
     * compound index ({@link IndexedH2Collection}); the page is the one a full sort gives, also
     * for an entity with a version without a sequence (which the slice cannot order).
     */
    @Property(tries = 60)
    void aPageOfOneEntitysVersionsIsThePageASortGives(@ForAll("versionSequences") List<List<Integer>> entities,
                                                      @ForAll("versionRange") Bson range,
                                                      @ForAll boolean descending,
                                                      @ForAll boolean oneWithoutSequence,
                                                      @ForAll("pageSkip") int skip,
                                                      @ForAll("pageSize") int size) {
        MongoCollection<Document> scanned = fresh(plain);
        MongoCollection<Document> ordered = fresh(indexed);
        for (MongoCollection<Document> collection : List.of(scanned, ordered)) {
            collection.createIndex(Indexes.ascending("entity", "sequence"), new IndexOptions().name("entity_sequence"));
            collection.createIndex(Indexes.ascending("entity", "validFrom"), new IndexOptions().name("entity_validFrom"));
            for (int e = 0; e < entities.size(); e++) {
                for (int sequence : entities.get(e)) {
                    collection.insertOne(new Document("_id", "e" + e + "@" + sequence).append("entity", "e" + e)
                            .append("sequence", (long) sequence).append("validFrom", (long) (100 - sequence)));
                }
            }
            if (oneWithoutSequence) {
                collection.insertOne(new Document("_id", "e0@none").append("entity", "e0"));
            }
        }
        for (int e = 0; e <= entities.size(); e++) {
            Bson filter = Filters.and(Filters.eq("entity", "e" + e), range);
            Bson sort = descending ? Sorts.descending("sequence") : Sorts.ascending("sequence");
            assertThat(page(ordered, filter, sort, skip, size)).as("%s %s skip %d limit %d", filter, sort, skip, size)
                    .isEqualTo(page(scanned, filter, sort, skip, size));
        }
    }

    @Provide
    Arbitrary<List<List<Integer>>> versionSequences() {
        return Arbitraries.integers().between(0, 30).set().ofMaxSize(20).map(List::copyOf).list().ofMinSize(1).ofMaxSize(3);
    }

    @Provide
    Arbitrary<Bson> versionRange() {
        Arbitrary<Long> bound = Arbitraries.longs().between(-1, 32);
        return Arbitraries.oneOf(Arbitraries.just(new Document()),
                bound.map(b -> Filters.lt("sequence", b)), bound.map(b -> Filters.lte("sequence", b)),
                bound.map(b -> Filters.gt("sequence", b)), bound.map(b -> Filters.gte("sequence", b)),
                Combinators.combine(bound, bound).as((a, b) -> Filters.and(Filters.gte("sequence", a), Filters.lt("sequence", b))),
                bound.map(b -> Filters.eq("sequence", b)));
    }

    @Provide
    Arbitrary<Integer> pageSkip() {
        return Arbitraries.integers().between(0, 12);
    }

    @Provide
    Arbitrary<Integer> pageSize() {
        return Arbitraries.integers().between(1, 8);
    }

    private static List<Object> page(MongoCollection<Document> collection, Bson filter, Bson sort, int skip, int limit) {
        List<Object> ids = new ArrayList<>();
        collection.find(filter).sort(sort).skip(skip).limit(limit).forEach(document -> ids.add(document.get("_id")));
        return ids;
    }

    @Provide
    Arbitrary<Integer> eventCount() {
        return Arbitraries.integers().between(0, 60);
    }

    @Provide
    Arbitrary<List<Integer>> seenEvents() {
        return Arbitraries.integers().between(0, 70).list().ofMaxSize(50);
    }

    @Test
    void aRestartedServerRebuildsItsIndexesAndKeepsUniqueness(@TempDir Path directory) {
        String file = directory.resolve("mongo.mv.db").toString();
        MongoServer first = new MongoServer(new IndexedH2Backend(file));
        try (MongoClient client = MongoClients.create(uri(first.bind()))) {
            MongoCollection<Document> events = client.getDatabase("db").getCollection("events");
            events.createIndex(Indexes.ascending("agg", "seq"), new IndexOptions().unique(true).name("agg_seq"));
            events.createIndex(Indexes.ascending("ts", "seq"), new IndexOptions().name("ts_seq"));
            for (int i = 0; i < 50; i++) {
                events.insertOne(new Document("_id", "e" + i).append("agg", "a" + (i % 5)).append("seq", (long) i / 5)
                        .append("ts", String.format("t%03d", i)));
            }
        } finally {
            first.shutdownNow();
        }

        MongoServer second = new MongoServer(new IndexedH2Backend(file));
        try (MongoClient client = MongoClients.create(uri(second.bind()))) {
            MongoCollection<Document> events = client.getDatabase("db").getCollection("events");
            assertThat(ids(events, Filters.and(Filters.eq("agg", "a3"), Filters.gte("seq", 7L))))
                    .containsExactly("e38", "e43", "e48");
            assertThat(ids(events, Filters.gte("ts", "t047"))).containsExactly("e47", "e48", "e49");
            assertThatThrownBy(() -> events.insertOne(new Document("_id", "dup").append("agg", "a3").append("seq", 9L)))
                    .isInstanceOf(MongoWriteException.class)
                    .hasMessageContaining("duplicate key");
            events.insertOne(new Document("_id", "e50").append("agg", "a3").append("seq", 10L).append("ts", "t050"));
            assertThat(ids(events, Filters.and(Filters.eq("agg", "a3"), Filters.gte("seq", 9L)))).containsExactly("e48", "e50");
        } finally {
            second.shutdownNow();
        }
    }

    @Test
    void aSliceOfACompoundIndexKeepsTheDocumentsWhoseSecondValueIsNotPlain() {
        MongoServer server = new MongoServer(new IndexedH2Backend(null));
        try (MongoClient client = MongoClients.create(uri(server.bind()))) {
            sliceQueries(client.getDatabase("db").getCollection("docs"));
        } finally {
            server.shutdownNow();
        }
    }

    private static void sliceQueries(MongoCollection<Document> docs) {
        docs.createIndex(Indexes.ascending("k", "n"), new IndexOptions().name("k_n"));
        docs.insertMany(List.of(new Document("_id", "plain").append("k", "a").append("n", 3L),
                new Document("_id", "array").append("k", "a").append("n", List.of(1L, 7L)),
                new Document("_id", "missing").append("k", "a"),
                new Document("_id", "other").append("k", "b").append("n", 1L)));
        assertThat(ids(docs, Filters.and(Filters.eq("k", "a"), Filters.lt("n", 5L)))).containsExactly("array", "plain");
        assertThat(ids(docs, Filters.and(Filters.eq("k", "a"), Filters.gte("n", 7L)))).containsExactly("array");
    }

    @Test
    void theEventStoresQueriesAreAnsweredFromTheIndex() {
        OrderedIndex index = OrderedIndex.secondary("ts_seq",
                List.of(new de.bwaldvogel.mongo.backend.IndexKey("timestamp", true)), false, null);
        de.bwaldvogel.mongo.bson.Document tracking = new de.bwaldvogel.mongo.bson.Document("$and", List.of(
                new de.bwaldvogel.mongo.bson.Document("timestamp", new de.bwaldvogel.mongo.bson.Document("$gte", "2026-11-28T08:00:00Z")),
                new de.bwaldvogel.mongo.bson.Document("eventIdentifier", new de.bwaldvogel.mongo.bson.Document("$nin", List.of("x")))));
        assertThat(index.canHandle(tracking)).isTrue();
        assertThat(index.canHandle(new de.bwaldvogel.mongo.bson.Document("timestamp",
                new de.bwaldvogel.mongo.bson.Document("$ne", "x")))).isFalse();
        assertThat(index.canHandle(new de.bwaldvogel.mongo.bson.Document("$or", List.of(
                new de.bwaldvogel.mongo.bson.Document("timestamp", "x"))))).isFalse();
    }

    private static MongoCollection<Document> fresh(MongoClient client) {
        MongoCollection<Document> collection = client.getDatabase("prop").getCollection("docs");
        collection.drop();
        return client.getDatabase("prop").getCollection("docs");
    }

    private static List<Document> copies(List<Document> documents) {
        List<Document> copies = new ArrayList<>();
        documents.forEach(document -> copies.add(new Document(document)));
        return copies;
    }

    private static List<Object> ids(MongoCollection<Document> collection, Bson filter) {
        List<Object> ids = new ArrayList<>();
        collection.find(filter).sort(Sorts.ascending("_id")).forEach(document -> ids.add(document.get("_id")));
        return ids;
    }

    @Provide
    Arbitrary<List<Document>> documents() {
        Arbitrary<Object> key = Arbitraries.oneOf(
                Arbitraries.of("a", "b", "c", "d").map(Object.class::cast),
                Arbitraries.longs().between(0, 9).map(Object.class::cast),
                Arbitraries.of("a", "b", "c").list().ofMaxSize(3).map(Object.class::cast),
                Arbitraries.just(null));
        Arbitrary<Object> second = Arbitraries.oneOf(Arbitraries.longs().between(0, 9).map(Object.class::cast),
                Arbitraries.longs().between(0, 9).list().ofMaxSize(2).map(Object.class::cast), Arbitraries.just(null));
        Arbitrary<Document> document = Combinators.combine(key, second,
                        Arbitraries.integers().between(0, 3), Arbitraries.of(true, false))
                .as((k, n, agg, hasK) -> {
                    Document d = new Document("agg", "agg" + agg);
                    if (n != null) {
                        d.append("n", n);
                    }
                    if (hasK) {
                        d.append("k", k);
                    }
                    return d;
                });
        return document.list().ofMaxSize(40).map(list -> {
            List<Document> numbered = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                numbered.add(new Document(list.get(i)).append("_id", String.format("d%02d", i)).append("seq", (long) i));
            }
            return numbered;
        });
    }

    @Provide
    Arbitrary<List<Bson>> filters() {
        return filter().list().ofMinSize(1).ofMaxSize(8);
    }

    @Provide
    Arbitrary<Bson> filter() {
        Arbitrary<Object> value = Arbitraries.oneOf(Arbitraries.of("a", "b", "c", "e").map(Object.class::cast),
                Arbitraries.longs().between(-1, 10).map(Object.class::cast));
        Arbitrary<Bson> onK = Arbitraries.oneOf(
                value.map(v -> Filters.eq("k", v)),
                value.list().ofMaxSize(3).map(vs -> Filters.in("k", vs)),
                value.map(v -> Filters.gt("k", v)),
                value.map(v -> Filters.gte("k", v)),
                value.map(v -> Filters.lt("k", v)),
                value.map(v -> Filters.lte("k", v)),
                Combinators.combine(value, value).as((low, high) -> Filters.and(Filters.gte("k", low), Filters.lt("k", high))),
                Combinators.combine(value, value).as((low, high) -> new Document("k", new Document("$gt", low).append("$lte", high))),
                value.map(v -> Filters.ne("k", v)),
                Arbitraries.just(Filters.exists("k", false)));
        Arbitrary<Bson> onAggregate = Arbitraries.integers().between(0, 4).flatMap(agg ->
                Arbitraries.longs().between(0, 40).map(seq -> Filters.and(Filters.eq("agg", "agg" + agg), Filters.gte("seq", seq))));
        return Arbitraries.oneOf(onK, onAggregate,
                Combinators.combine(onK, Arbitraries.longs().between(0, 9)).as((k, n) -> Filters.and(k, Filters.lt("n", n))),
                Combinators.combine(onK, onK).as(Filters::or));
    }
}
