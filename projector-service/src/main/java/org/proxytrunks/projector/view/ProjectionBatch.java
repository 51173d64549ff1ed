package org.proxytrunks.projector.view;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.DeleteOneModel;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The writes of a batch of events, sent to MongoDB as one ordered bulk write per collection
 * when the batch ends instead of one round trip per write.
 *
 * <p>Every write of the projection is blind (a set, an upsert, a delete: nothing is read
 * back), so only the order of the writes to one collection matters, and that order is kept.
 * The audit log is written last, so that an event found there has its other effects in place.
 * The entities' versions ({@link Versions}) are the one exception to blind writes: each needs the
 * entity's previous version, which the batch remembers from its earlier batches
 * ({@link LatestVersions}) or else looks up when the batch is written.
 */
public final class ProjectionBatch {

    private static final BulkWriteOptions IN_ORDER = new BulkWriteOptions().ordered(true);

    private final ReadModel model;
    private final Map<MongoCollection<Document>, List<WriteModel<Document>>> writes = new LinkedHashMap<>();
    private final Map<MongoCollection<Document>, List<Versions.Change>> versionChanges = new LinkedHashMap<>();
    private final LatestVersions latest = new LatestVersions();

    public ProjectionBatch(ReadModel model) {
        this.model = model;
        model.collections().forEach(collection -> {
            writes.put(collection, new ArrayList<>());
            versionChanges.put(collection, new ArrayList<>());
        });
    }

    public ReadModel model() {
        return model;
    }

    void updateOne(MongoCollection<Document> collection, Bson filter, Bson update) {
        updateOne(collection, filter, update, new UpdateOptions());
    }

    void updateOne(MongoCollection<Document> collection, Bson filter, Bson update, UpdateOptions options) {
        writes.get(collection).add(new UpdateOneModel<>(filter, update, options));
    }

    void replaceOne(MongoCollection<Document> collection, Bson filter, Document replacement, ReplaceOptions options) {
        writes.get(collection).add(new ReplaceOneModel<>(filter, replacement, options));
    }

    void deleteOne(MongoCollection<Document> collection, Bson filter) {
        writes.get(collection).add(new DeleteOneModel<>(filter));
    }

    /** Adds the version {@code change} makes, to be written, after the previous version is found, with the batch. */
    void version(MongoCollection<Document> versions, Versions.Change change) {
        versionChanges.get(versions).add(change);
    }

    /** An event whose writes were all added, in the order of the batch. */
    void applied(String aggregate, long sequence) {
        latest.event(aggregate, sequence);
    }

    /** Whether no write waits. */
    public boolean isEmpty() {
        return writes.values().stream().allMatch(List::isEmpty) && versionChanges.values().stream().allMatch(List::isEmpty);
    }

    /**
     * Sends the writes, collection by collection in {@link ReadModel#collections()} order (the
     * audit log last), and forgets them once all went through; a failure keeps them all for
     * another try, which is safe because every write can be applied again (the versions are
     * worked out again from what is stored then).
     */
    public void flush() {
        latest.begin();
        try {
            for (Map.Entry<MongoCollection<Document>, List<WriteModel<Document>>> collection : writes.entrySet()) {
                List<WriteModel<Document>> all = new ArrayList<>(collection.getValue());
                all.addAll(Versions.writes(collection.getKey(), versionChanges.get(collection.getKey()), latest));
                if (!all.isEmpty()) {
                    collection.getKey().bulkWrite(all, IN_ORDER);
                }
            }
        } catch (RuntimeException e) {
            latest.forget();
            throw e;
        }
        latest.end();
        writes.values().forEach(List::clear);
        versionChanges.values().forEach(List::clear);
    }
}
