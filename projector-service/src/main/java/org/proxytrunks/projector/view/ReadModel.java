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
 * @param addressVersions  every state an address had, for queries at an instant ({@link Versions}, key {@code addressId}):
 *                         its own fields (name, IPs, main, state); its brands and providers are in the other two
 * @param brandVersions    every state a brand had (key {@code brandId}): its state and addresses
 * @param providerVersions every address a provider had (key {@code providerKey}, with {@code brandId}, {@code kind},
 *                         {@code providerId}); a retired provider's version has no {@code addressId}
 */
public record ReadModel(int generation, MongoCollection<Document> addresses, MongoCollection<Document> brands,
                        MongoCollection<Document> providers, MongoCollection<Document> audit,
                        MongoCollection<Document> addressVersions, MongoCollection<Document> brandVersions,
                        MongoCollection<Document> providerVersions) {

    /** The collections of {@code generation} in {@code database}, all named {@code g<generation>_...}. */
    public static ReadModel of(MongoDatabase database, int generation) {
        String prefix = "g" + generation + "_";
        return new ReadModel(generation, database.getCollection(prefix + "addresses"), database.getCollection(prefix + "brands"),
                database.getCollection(prefix + "providers"), database.getCollection(prefix + "audit"),
                database.getCollection(prefix + "address_versions"), database.getCollection(prefix + "brand_versions"),
                database.getCollection(prefix + "provider_versions"));
    }

    /**
     * The indexes the queries and the projection rely on: providers by address and by brand, the
     * audit log by aggregate and sequence (read-your-writes) and by time (its pages, newest first,
     * read in index order rather than sorted whole); the versions by entity and sequence (the
     * projection's previous version) and by entity and time (a query at an instant), the brand
     * and provider versions also by the address they name.
     */
    public ReadModel withIndexes() {
        providers.createIndex(Indexes.ascending("addressId", "brandId", "kind", "providerId"));
        providers.createIndex(Indexes.ascending("brandId", "kind", "providerId"));
        audit.createIndex(Indexes.ascending("aggregate", "sequence"));
        audit.createIndex(Indexes.ascending("time", "sequence"));
        versionIndexes(addressVersions, "addressId");
        versionIndexes(brandVersions, "brandId");
        versionIndexes(providerVersions, "providerKey");
        brandVersions.createIndex(Indexes.ascending("addresses", Versions.VALID_FROM));
        providerVersions.createIndex(Indexes.ascending("addressId", Versions.VALID_FROM));
        providerVersions.createIndex(Indexes.ascending("brandId", Versions.VALID_FROM));
        return this;
    }

    private static void versionIndexes(MongoCollection<Document> versions, String key) {
        versions.createIndex(Indexes.ascending(key, Versions.SEQUENCE));
        versions.createIndex(Indexes.ascending(key, Versions.VALID_FROM));
    }

    /**
     * All collections, for dropping a generation, in the order a batch writes them: the audit log
     * last, so that an event found there has its other effects in place.
     */
    public List<MongoCollection<Document>> collections() {
        return List.of(addresses, brands, providers, addressVersions, brandVersions, providerVersions, audit);
    }

    /** The id of a provider's document. */
    public static String providerKey(String brandId, String kind, String providerId) {
        return brandId + "|" + kind + "|" + providerId;
    }
}
