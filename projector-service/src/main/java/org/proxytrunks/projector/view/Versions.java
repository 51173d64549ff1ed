package org.proxytrunks.projector.view;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;
import org.proxytrunks.support.kafka.EventEnvelope;

import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * The versions of the read models' entities, for queries at an instant. Each projected change of
 * an entity also writes the entity's whole new state as a version of its own ({@code _id} =
 * {@code <key>@<sequence>}), valid from the event's time ({@code validFrom}, with the event's
 * {@code sequence} and {@code position}) until the next version's time ({@code validTo}, absent
 * on the current version). A query at an instant then reads the entity's own versions, never the
 * platform's history.
 *
 * <p>Every entity's versions come from one aggregate (an address's own fields from the address,
 * a brand and its providers from {@code brand:<id>}), whose events Kafka delivers in order, so the
 * previous version is the one with the highest sequence below the event's: the batch's own when
 * it made one, else the one this projection remembers ({@link LatestVersions}), else one indexed
 * lookup. Those lookups are made when the batch is written, not
 * while events are handed over, so a MongoDB outage is retried with the batch's writes rather
 * than taken for an event that cannot be applied. A version's state follows from the previous
 * version and the event alone, it is written with {@code $set}, and it never sets its own end:
 * an event applied again writes the same version and leaves the later version's start as the end
 * of this one.
 */
public final class Versions {

    public static final String SEQUENCE = "sequence";
    public static final String POSITION = "position";
    public static final String VALID_FROM = "validFrom";
    public static final String VALID_TO = "validTo";
    private static final Set<String> BOOKKEEPING = Set.of("_id", SEQUENCE, POSITION, VALID_FROM, VALID_TO);
    private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);

    private Versions() {
    }

    /**
     * A change an event makes to an entity, waiting for the batch to be written.
     *
     * @param keyField the field naming the entity ({@code addressId}, {@code brandId}, {@code providerKey})
     * @param change   the entity's new state from its previous one (a copy, without the versions' fields;
     *                 only {@code keyField} for an entity with no version yet)
     */
    record Change(String keyField, String key, String aggregate, long sequence, String position, Date validFrom,
                  UnaryOperator<Document> change) {

        static Change of(String keyField, String key, EventEnvelope event, UnaryOperator<Document> change) {
            return new Change(keyField, key, event.key(), event.sequence(), event.key() + ":" + event.sequence(),
                    Date.from(event.time()), change);
        }
    }

    /**
     * The writes that store {@code changes}, in order, as versions in {@code versions}, each
     * entity's previous version taken from {@code latest} when it is remembered there.
     */
    static List<WriteModel<Document>> writes(MongoCollection<Document> versions, List<Change> changes, LatestVersions latest) {
        String namespace = versions.getNamespace().getFullName() + "\u0000";
        Map<String, TreeMap<Long, Document>> known = new HashMap<>();
        List<WriteModel<Document>> writes = new ArrayList<>();
        for (Change change : changes) {
            TreeMap<Long, Document> ofEntity = known.computeIfAbsent(change.key(), k -> new TreeMap<>());
            Document previous = previous(versions, change, ofEntity, latest, namespace + change.key());
            Document state = change.change().apply(previous == null ? new Document(change.keyField(), change.key()) : state(previous));
            String id = change.key() + "@" + change.sequence();
            Document version = new Document(state).append(change.keyField(), change.key()).append(SEQUENCE, change.sequence())
                    .append(POSITION, change.position()).append(VALID_FROM, change.validFrom());
            writes.add(new UpdateOneModel<>(Filters.eq("_id", id), new Document("$set", version), UPSERT));
            if (previous != null) {
                writes.add(new UpdateOneModel<>(Filters.eq("_id", previous.getString("_id")), Updates.set(VALID_TO, change.validFrom())));
            }
            Document written = new Document(version).append("_id", id);
            ofEntity.put(change.sequence(), written);
            latest.wrote(namespace + change.key(), change.aggregate(), written);
        }
        return writes;
    }

    /**
     * The entity's version just before the change: this batch's, else the remembered one, else
     * the stored one. The stored one is looked up as the entity's latest, which is the previous
     * one unless the change is being applied again; then it is the latest before the change.
     */
    private static Document previous(MongoCollection<Document> versions, Change change, TreeMap<Long, Document> ofEntity,
                                     LatestVersions latest, String entity) {
        Map.Entry<Long, Document> inBatch = ofEntity.lowerEntry(change.sequence());
        if (inBatch != null) {
            return inBatch.getValue();
        }
        Document stored = latest.before(entity, change.aggregate(), change.sequence());
        if (stored == null) {
            stored = versions.find(Filters.eq(change.keyField(), change.key())).sort(Sorts.descending(SEQUENCE)).limit(1).first();
            if (stored != null && sequenceOf(stored) >= change.sequence()) {
                latest.appliedAgain(change.aggregate());
                stored = versions.find(Filters.and(Filters.eq(change.keyField(), change.key()), Filters.lt(SEQUENCE, change.sequence())))
                        .sort(Sorts.descending(SEQUENCE)).limit(1).first();
            }
        }
        if (stored != null) {
            ofEntity.put(sequenceOf(stored), stored);
        }
        return stored;
    }

    /** The sequence of the event that made a version. */
    static long sequenceOf(Document version) {
        return version.get(SEQUENCE, Number.class).longValue();
    }

    /** A version's state: the entity's fields without the versions' own. */
    static Document state(Document version) {
        Document state = new Document(version);
        BOOKKEEPING.forEach(state::remove);
        return state;
    }
}
