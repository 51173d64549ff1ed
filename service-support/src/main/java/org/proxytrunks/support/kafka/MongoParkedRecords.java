package org.proxytrunks.support.kafka;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.result.UpdateResult;
import org.bson.Document;
import org.bson.types.Binary;

import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Parked records in the collection {@code parked_records} of a service's database, so that they
 * survive restarts; one document per record, its {@code _id} topic/partition/offset. The value
 * and the headers are kept as binary (and the value as text too when it is text, for reading).
 *
 * <p>The count is kept in memory — read at construction and when the records are listed, raised
 * by each new record — so that health and metrics never wait on MongoDB, which may be the
 * very thing that is down.
 */
public final class MongoParkedRecords implements ParkedRecords {

    /** The collection's name. */
    public static final String COLLECTION = "parked_records";

    private final MongoCollection<Document> collection;
    private final AtomicLong count;

    public MongoParkedRecords(MongoDatabase database) {
        this.collection = database.getCollection(COLLECTION);
        this.count = new AtomicLong(collection.estimatedDocumentCount());
    }

    @Override
    public void park(ParkedRecord record) {
        UpdateResult result = collection.updateOne(Filters.eq("_id", record.id()), Updates.setOnInsert(document(record)),
                new UpdateOptions().upsert(true));
        if (result.getUpsertedId() != null) {
            count.incrementAndGet();
        }
    }

    @Override
    public List<ParkedRecord> list(int limit) {
        List<ParkedRecord> records = new ArrayList<>();
        collection.find().sort(Sorts.ascending("topic", "partition", "offset")).limit(limit)
                .forEach(document -> records.add(record(document)));
        count.set(collection.estimatedDocumentCount());
        return records;
    }

    @Override
    public long count() {
        return count.get();
    }

    private static Document document(ParkedRecord record) {
        List<Document> headers = new ArrayList<>();
        record.headers().forEach((name, value) -> headers.add(new Document("name", name).append("value", new Binary(value))));
        return new Document("topic", record.topic()).append("partition", record.partition()).append("offset", record.offset())
                .append("key", record.key()).append("value", record.value() == null ? null : new Binary(record.value()))
                .append("valueText", record.valueText()).append("headers", headers)
                .append("reason", record.reason()).append("parkedAt", Date.from(record.parkedAt()));
    }

    private static ParkedRecord record(Document document) {
        Map<String, byte[]> headers = new LinkedHashMap<>();
        document.getList("headers", Document.class, List.of())
                .forEach(header -> headers.put(header.getString("name"), header.get("value", Binary.class).getData()));
        Binary value = document.get("value", Binary.class);
        return new ParkedRecord(document.getString("topic"), document.getInteger("partition"), document.getLong("offset"),
                document.getString("key"), value == null ? null : value.getData(), headers, document.getString("reason"),
                document.getDate("parkedAt").toInstant());
    }
}
