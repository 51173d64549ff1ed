package org.proxytrunks.projector.view;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Indexes;
import org.bson.Document;

import java.util.List;

/**
 * The read models of one generation: a replay builds the next generation beside the one being
 * served, and the service switches to it once it has caught up.
 *
 * @param generation the generation number
 * @param addresses  every address with its brands and providers ({@code _id} = address id)
 * @param brands     every brand with its addresses and providers ({@code _id} = brand id)
 * @param providers  every carrier and DDI provider with its address ({@code _id} = brand|KIND|provider)
 * @param audit      every event, with time, actor, aggregate, type and payload ({@code _id} = message id)
 */
public record ReadModel(int generation, MongoCollection<Document> addresses, MongoCollection<Document> brands,
                        MongoCollection<Document> providers, MongoCollection<Document> audit) {

    /** The collections of {@code generation} in {@code database}. */
    public static ReadModel of(MongoDatabase database, int generation) {
        String prefix = "g" + generation + "_";
        return new ReadModel(generation, database.getCollection(prefix + "addresses"), database.getCollection(prefix + "brands"),
                database.getCollection(prefix + "providers"), database.getCollection(prefix + "audit"));
    }

    /**
     * The indexes the queries and the projection rely on: providers by address and by brand, the
     * audit log by aggregate and sequence (read-your-writes) and by time (its pages, newest first,
     * read in index order rather than sorted whole).
     */
    public ReadModel withIndexes() {
        providers.createIndex(Indexes.ascending("addressId", "brandId", "kind", "providerId"));
        providers.createIndex(Indexes.ascending("brandId", "kind", "providerId"));
        audit.createIndex(Indexes.ascending("aggregate", "sequence"));
        audit.createIndex(Indexes.ascending("time", "sequence"));
        return this;
    }

    /** All collections, for dropping a generation. */
    public List<MongoCollection<Document>> collections() {
        return List.of(addresses, brands, providers, audit);
    }

    /** The id of a provider's document. */
    public static String providerKey(String brandId, String kind, String providerId) {
        return brandId + "|" + kind + "|" + providerId;
    }
}
