package org.proxytrunks.projector.query;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.proxytrunks.projector.consumer.ReadModels;
import org.proxytrunks.projector.query.Views.AddressSummary;
import org.proxytrunks.projector.query.Views.AddressView;
import org.proxytrunks.projector.query.Views.BrandSummary;
import org.proxytrunks.projector.query.Views.BrandView;
import org.proxytrunks.projector.query.Views.Page;
import org.proxytrunks.projector.query.Views.ProviderAddress;
import org.proxytrunks.projector.query.Views.ProviderRef;
import org.proxytrunks.projector.query.Views.ProviderView;
import org.proxytrunks.projector.view.ReadModel;
import org.proxytrunks.projector.view.Versions;
import org.springframework.stereotype.Service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Answers the queries of {@link ReadModelQueries} as the configuration was at an instant, from
 * the versions the projection keeps of every address, brand and provider ({@link Versions}).
 * One entity at an instant is its latest version from before it (equality on the entity,
 * a range on {@code validFrom}, one item); what an address or a brand holds (its brands, its
 * providers) is read from the versions naming it. So a query costs the history of the entities
 * it shows, never the platform's. A list at an instant reads the versions valid then.
 */
@Service
public class PointInTimeQueries {

    private static final Comparator<ProviderRef> BY_BRAND_KIND_ID = Comparator.comparing(ProviderRef::brandId)
            .thenComparing(ProviderRef::kind).thenComparing(ProviderRef::providerId);

    private final ReadModels readModels;

    PointInTimeQueries(ReadModels readModels) {
        this.readModels = readModels;
    }

    /** {@link ReadModelQueries#addresses} at {@code at}. */
    public Page<AddressView> addresses(String nameContains, String ipPrefix, String brand, int page, int size, Instant at) {
        ReadModel model = model();
        List<Bson> filters = new ArrayList<>(List.of(validAt(at), ReadModelQueries.EXISTING));
        if (nameContains != null) {
            filters.add(Filters.regex("name", Pattern.compile(Pattern.quote(nameContains), Pattern.CASE_INSENSITIVE)));
        }
        if (ipPrefix != null) {
            filters.add(Filters.regex("ip", "^" + Pattern.quote(ipPrefix)));
        }
        if (brand != null) {
            List<String> ofBrand = latest(model.brandVersions(), "brandId", brand, at)
                    .map(b -> b.getList("addresses", String.class, List.of())).orElse(List.of());
            filters.add(Filters.in("addressId", ofBrand));
        }
        return ReadModelQueries.page(model.addressVersions(), Filters.and(filters), Sorts.ascending("name", "addressId"),
                page, size, d -> address(model, d, at));
    }

    /** {@link ReadModelQueries#address} at {@code at}. */
    public Optional<AddressView> address(String id, Instant at) {
        ReadModel model = model();
        return existingAddress(model, id, at).map(d -> address(model, d, at));
    }

    /** {@link ReadModelQueries#addressBrands} at {@code at}. */
    public Optional<List<String>> addressBrands(String addressId, Instant at) {
        ReadModel model = model();
        return existingAddress(model, addressId, at).map(d -> brandsOf(model, addressId, at));
    }

    /** {@link ReadModelQueries#addressProviders} at {@code at}: the address's provider versions, paged in memory. */
    public Page<ProviderRef> addressProviders(String addressId, String kind, String brand, int page, int size, Instant at) {
        List<ProviderRef> found = providersOf(model(), addressId, at).stream()
                .filter(p -> kind == null || kind.equals(p.kind()))
                .filter(p -> brand == null || brand.equals(p.brandId()))
                .sorted(Comparator.comparing(ProviderRef::brandId).thenComparing(ProviderRef::providerId).thenComparing(ProviderRef::kind))
                .toList();
        return Page.of(found, page, size);
    }

    /** {@link ReadModelQueries#brand} at {@code at}. */
    public Optional<BrandView> brand(String brandId, Instant at) {
        ReadModel model = model();
        Optional<Document> brand = latest(model.brandVersions(), "brandId", brandId, at).filter(b -> b.containsKey("state"));
        if (brand.isEmpty()) {
            return Optional.empty();
        }
        List<AddressSummary> addresses = new ArrayList<>();
        for (String id : brand.get().getList("addresses", String.class, List.of())) {
            latest(model.addressVersions(), "addressId", id, at).ifPresent(d -> addresses.add(ReadModelQueries.summary(id, d)));
        }
        List<ProviderAddress> carriers = new ArrayList<>();
        List<ProviderAddress> ddiProviders = new ArrayList<>();
        List<Document> providers = valid(model.providerVersions().find(Filters.and(Filters.eq("brandId", brandId), startedBy(at))), at);
        providers.sort(Comparator.comparing((Document p) -> p.getString("kind")).thenComparing(p -> p.getString("providerId")));
        providers.forEach(p -> ("CARRIER".equals(p.getString("kind")) ? carriers : ddiProviders)
                .add(new ProviderAddress(p.getString("providerId"), p.getString("addressId"))));
        return Optional.of(new BrandView(brandId, brand.get().getString("state"), addresses, carriers, ddiProviders));
    }

    /** {@link ReadModelQueries#brands} at {@code at}. */
    public Page<BrandSummary> brands(String idContains, String brand, int page, int size, Instant at) {
        List<Bson> filters = new ArrayList<>(List.of(validAt(at), Filters.exists("state")));
        if (idContains != null) {
            filters.add(Filters.regex("brandId", Pattern.compile(Pattern.quote(idContains), Pattern.CASE_INSENSITIVE)));
        }
        if (brand != null) {
            filters.add(Filters.eq("brandId", brand));
        }
        ReadModel model = model();
        Page<Document> found = ReadModelQueries.page(model.brandVersions(), Filters.and(filters), Sorts.ascending("brandId"),
                page, size, d -> d);
        List<String> ids = found.items().stream().map(d -> d.getString("brandId")).toList();
        Map<String, Integer> carriers = new HashMap<>();
        Map<String, Integer> ddiProviders = new HashMap<>();
        if (!ids.isEmpty()) {
            model.providerVersions().find(Filters.and(Filters.in("brandId", ids), validAt(at), Filters.exists("addressId")))
                    .forEach(p -> ("CARRIER".equals(p.getString("kind")) ? carriers : ddiProviders)
                            .merge(p.getString("brandId"), 1, Integer::sum));
        }
        List<BrandSummary> items = found.items().stream().map(d -> {
            String id = d.getString("brandId");
            return new BrandSummary(id, d.getString("state"), d.getList("addresses", String.class, List.of()).size(),
                    carriers.getOrDefault(id, 0), ddiProviders.getOrDefault(id, 0));
        }).toList();
        return new Page<>(items, page, size, found.total());
    }

    /** {@link ReadModelQueries#provider} at {@code at}: the address and its sockets as they were then. */
    public Optional<ProviderView> provider(String brandId, String kind, String providerId, Instant at) {
        ReadModel model = model();
        return latest(model.providerVersions(), "providerKey", ReadModel.providerKey(brandId, kind, providerId), at)
                .filter(p -> p.getString("addressId") != null)
                .map(p -> {
                    String addressId = p.getString("addressId");
                    AddressSummary address = latest(model.addressVersions(), "addressId", addressId, at)
                            .map(d -> ReadModelQueries.summary(addressId, d)).orElse(null);
                    return ReadModelQueries.providerView(brandId, kind, providerId, address, addressId);
                });
    }

    private ReadModel model() {
        return readModels.current();
    }

    private static Optional<Document> existingAddress(ReadModel model, String id, Instant at) {
        return latest(model.addressVersions(), "addressId", id, at)
                .filter(d -> d.getString("name") != null && !"REMOVED".equals(d.getString("state")));
    }

    private static AddressView address(ReadModel model, Document d, Instant at) {
        String id = d.getString("addressId");
        List<ProviderRef> providers = providersOf(model, id, at).stream().sorted(BY_BRAND_KIND_ID).toList();
        return new AddressView(id, d.getString("name"), d.getString("ip"), d.getString("advertisedIp"),
                Boolean.TRUE.equals(d.getBoolean("main")), d.getString("state"), brandsOf(model, id, at), providers);
    }

    /** The brands that had the address at {@code at}, by id: the versions of the brands that ever had it, up to then. */
    private static List<String> brandsOf(ReadModel model, String addressId, Instant at) {
        return valid(model.brandVersions().find(Filters.and(Filters.eq("addresses", addressId), startedBy(at))), at).stream()
                .map(b -> b.getString("brandId")).distinct().sorted().toList();
    }

    /** The providers that used the address at {@code at}: the versions of the providers that ever used it, up to then. */
    private static List<ProviderRef> providersOf(ReadModel model, String addressId, Instant at) {
        return valid(model.providerVersions().find(Filters.and(Filters.eq("addressId", addressId), startedBy(at))), at).stream()
                .map(p -> new ProviderRef(p.getString("brandId"), p.getString("kind"), p.getString("providerId"))).toList();
    }

    /** The entity's version at {@code at}: its latest from before then. */
    private static Optional<Document> latest(MongoCollection<Document> versions, String keyField, String key, Instant at) {
        return Optional.ofNullable(versions.find(Filters.and(Filters.eq(keyField, key), startedBy(at)))
                .sort(Sorts.descending(Versions.VALID_FROM, Versions.SEQUENCE)).limit(1).first());
    }

    /** Of the versions found, those still valid at {@code at} (they started by then). */
    private static List<Document> valid(Iterable<Document> versions, Instant at) {
        Date instant = Date.from(at);
        List<Document> valid = new ArrayList<>();
        versions.forEach(v -> {
            Date to = v.getDate(Versions.VALID_TO);
            if (to == null || to.after(instant)) {
                valid.add(v);
            }
        });
        return valid;
    }

    private static Bson startedBy(Instant at) {
        return Filters.lte(Versions.VALID_FROM, Date.from(at));
    }

    /** Versions valid at {@code at}: started by then and not yet ended. */
    private static Bson validAt(Instant at) {
        Date instant = Date.from(at);
        return Filters.and(startedBy(at), Filters.or(Filters.gt(Versions.VALID_TO, instant), Filters.exists(Versions.VALID_TO, false)));
    }
}
