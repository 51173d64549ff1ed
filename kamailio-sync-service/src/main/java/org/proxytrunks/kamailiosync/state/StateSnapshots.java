package org.proxytrunks.kamailiosync.state;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.DeleteOneModel;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import org.apache.kafka.common.TopicPartition;
import org.bson.Document;
import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.IpLiteral;
import org.proxytrunks.events.ProviderKind;
import org.proxytrunks.kamailiosync.state.DesiredState.Content;
import org.proxytrunks.kamailiosync.state.DesiredState.Listener;
import org.proxytrunks.kamailiosync.state.DesiredState.Unsaved;

import java.util.ArrayList;
import java.util.Date;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The desired state and the positions it was folded up to, kept in the collection
 * {@code desired_state} of the sync service's database, so that a start resumes from there
 * instead of reading the whole history again. One document per listener and per provider (a
 * save writes only what changed), and one for the positions, written after them: a snapshot's
 * state is never behind its positions (it may be ahead, which re-applying the events from the
 * positions on makes right, since applying events again gives the same state).
 */
public final class StateSnapshots {

    /** The collection's name. */
    public static final String COLLECTION = "desired_state";
    /** The layout of the documents; a snapshot of another layout is not used (the state is rebuilt from the history). */
    static final int FORMAT = 1;
    private static final String POSITIONS = "positions";

    /**
     * A stored snapshot.
     *
     * @param content   the desired state
     * @param positions the next offset to read of each partition
     */
    public record Snapshot(Content content, Map<TopicPartition, Long> positions) {
    }

    private final MongoCollection<Document> collection;

    public StateSnapshots(MongoDatabase database) {
        this.collection = database.getCollection(COLLECTION);
    }

    /** The stored snapshot; empty when there is none or its layout is another. A document that cannot be read throws. */
    public Optional<Snapshot> load() {
        Document positions = collection.find(Filters.eq("_id", POSITIONS)).first();
        if (positions == null || !Integer.valueOf(FORMAT).equals(positions.getInteger("format"))) {
            return Optional.empty();
        }
        Map<TopicPartition, Long> offsets = new HashMap<>();
        for (Document offset : positions.getList("offsets", Document.class)) {
            offsets.put(new TopicPartition(offset.getString("topic"), offset.getInteger("partition")), offset.getLong("offset"));
        }
        List<Listener> listeners = new ArrayList<>();
        Map<ProviderKind, Map<String, AddressId>> providers = new EnumMap<>(ProviderKind.class);
        for (ProviderKind kind : ProviderKind.values()) {
            providers.put(kind, new TreeMap<>());
        }
        for (Document document : collection.find(Filters.ne("_id", POSITIONS))) {
            String type = document.getString("type");
            if ("listener".equals(type)) {
                String advertised = document.getString("advertisedIp");
                listeners.add(new Listener(new AddressId(document.getString("address")), IpLiteral.parse(document.getString("ip")),
                        advertised == null ? null : IpLiteral.parse(advertised), document.getBoolean("main")));
            } else if ("provider".equals(type)) {
                providers.get(ProviderKind.valueOf(document.getString("kind")))
                        .put(document.getString("provider"), new AddressId(document.getString("address")));
            } else {
                throw new IllegalStateException("unknown document in " + COLLECTION + ": " + document.get("_id"));
            }
        }
        return Optional.of(new Snapshot(new Content(listeners, providers), offsets));
    }

    /** Writes what changed, then the positions it has been folded up to. */
    public void save(Unsaved unsaved, Map<TopicPartition, Long> positions) {
        List<WriteModel<Document>> writes = new ArrayList<>();
        ReplaceOptions upsert = new ReplaceOptions().upsert(true);
        unsaved.listeners().forEach((id, listener) -> writes.add(listener
                .<WriteModel<Document>>map(l -> new ReplaceOneModel<>(Filters.eq("_id", listenerId(id)), listener(l), upsert))
                .orElseGet(() -> new DeleteOneModel<>(Filters.eq("_id", listenerId(id))))));
        unsaved.providers().forEach((kind, byId) -> byId.forEach((provider, address) -> writes.add(address
                .<WriteModel<Document>>map(a -> new ReplaceOneModel<>(Filters.eq("_id", providerId(kind, provider)),
                        provider(kind, provider, a), upsert))
                .orElseGet(() -> new DeleteOneModel<>(Filters.eq("_id", providerId(kind, provider)))))));
        if (!writes.isEmpty()) {
            collection.bulkWrite(writes);
        }
        List<Document> offsets = new ArrayList<>();
        positions.forEach((partition, offset) -> offsets.add(new Document("topic", partition.topic())
                .append("partition", partition.partition()).append("offset", offset)));
        collection.replaceOne(Filters.eq("_id", POSITIONS), new Document("_id", POSITIONS).append("format", FORMAT)
                .append("offsets", offsets).append("savedAt", new Date()), upsert);
    }

    /** Forgets the snapshot: the next start rebuilds the state from the history. */
    public void clear() {
        collection.deleteMany(new Document());
    }

    private static String listenerId(AddressId id) {
        return "listener:" + id.value();
    }

    private static String providerId(ProviderKind kind, String provider) {
        return kind.name() + ":" + provider;
    }

    private static Document listener(Listener listener) {
        return new Document("_id", listenerId(listener.id())).append("type", "listener").append("address", listener.id().value())
                .append("ip", listener.ip().value())
                .append("advertisedIp", listener.advertisedIp() == null ? null : listener.advertisedIp().value())
                .append("main", listener.main());
    }

    private static Document provider(ProviderKind kind, String provider, AddressId address) {
        return new Document("_id", providerId(kind, provider)).append("type", "provider").append("kind", kind.name())
                .append("provider", provider).append("address", address.value());
    }
}
