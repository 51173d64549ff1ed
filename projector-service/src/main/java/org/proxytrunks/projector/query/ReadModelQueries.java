package org.proxytrunks.projector.query;

import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.proxytrunks.events.IpLiteral;
import org.proxytrunks.projector.consumer.ProjectionRunner;
import org.proxytrunks.projector.consumer.ReadModels;
import org.proxytrunks.projector.query.Views.AddressSummary;
import org.proxytrunks.projector.query.Views.AddressView;
import org.proxytrunks.projector.query.Views.AuditEntry;
import org.proxytrunks.projector.query.Views.BrandSummary;
import org.proxytrunks.projector.query.Views.BrandView;
import org.proxytrunks.projector.query.Views.Page;
import org.proxytrunks.projector.query.Views.ProviderAddress;
import org.proxytrunks.projector.query.Views.ProviderRef;
import org.proxytrunks.projector.query.Views.ProviderView;
import org.proxytrunks.projector.view.ReadModel;
import org.proxytrunks.support.Deadline;
import org.springframework.stereotype.Service;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/** Answers the queries from the generation of read models being served. Filters never reach MongoDB unescaped. */
@Service
public class ReadModelQueries {

    /** An address that exists (a brand event may have made its document before the address event came), not removed. */
    static final Bson EXISTING = Filters.and(Filters.exists("name"), Filters.ne("state", "REMOVED"));

    private final ReadModels readModels;

    ReadModelQueries(ReadModels readModels) {
        this.readModels = readModels;
    }

    /**
     * Addresses by filter, ordered by name.
     *
     * @param nameContains part of the name, any case (null: any)
     * @param ipPrefix     the start of the canonical IP (null: any)
     * @param brand        only addresses this brand may use (null: any)
     */
    public Page<AddressView> addresses(String nameContains, String ipPrefix, String brand, int page, int size) {
        List<Bson> filters = new ArrayList<>(List.of(EXISTING));
        if (nameContains != null) {
            filters.add(Filters.regex("name", Pattern.compile(Pattern.quote(nameContains), Pattern.CASE_INSENSITIVE)));
        }
        if (ipPrefix != null) {
            filters.add(Filters.regex("ip", "^" + Pattern.quote(ipPrefix)));
        }
        if (brand != null) {
            filters.add(Filters.eq("brands", brand));
        }
        ReadModel model = model();
        return page(model.addresses(), Filters.and(filters), Sorts.ascending("name", "_id"), page, size, d -> address(model, d));
    }

    public Optional<AddressView> address(String id) {
        ReadModel model = model();
        return Optional.ofNullable(model.addresses().find(Filters.and(Filters.eq("_id", id), EXISTING)).first())
                .map(d -> address(model, d));
    }

    public Optional<BrandView> brand(String brandId) {
        ReadModel model = model();
        Document brand = model.brands().find(Filters.and(Filters.eq("_id", brandId), Filters.exists("state"))).first();
        if (brand == null) {
            return Optional.empty();
        }
        List<String> ids = brand.getList("addresses", String.class, List.of());
        Map<String, AddressSummary> summaries = new TreeMap<>();
        model.addresses().find(Filters.in("_id", ids)).forEach(d -> summaries.put(d.getString("_id"), summary(d.getString("_id"), d)));
        List<ProviderAddress> carriers = new ArrayList<>();
        List<ProviderAddress> ddiProviders = new ArrayList<>();
        model.providers().find(Filters.eq("brandId", brandId)).sort(Sorts.ascending("brandId", "kind", "providerId"))
                .forEach(p -> ("CARRIER".equals(p.getString("kind")) ? carriers : ddiProviders)
                        .add(new ProviderAddress(p.getString("providerId"), p.getString("addressId"))));
        return Optional.of(new BrandView(brandId, brand.getString("state"), List.copyOf(summaries.values()), carriers, ddiProviders));
    }

    /**
     * Brands by id, each with its state (a retired brand too, as {@link #brand} shows it) and the
     * number of its addresses, carriers and DDI providers. The providers of the whole page are
     * read with one query, not one per brand.
     *
     * @param idContains part of the brand id, any case (null: any)
     * @param brand      only this brand (null: any)
     */
    public Page<BrandSummary> brands(String idContains, String brand, int page, int size) {
        List<Bson> filters = new ArrayList<>(List.of(Filters.exists("state")));
        if (idContains != null) {
            filters.add(Filters.regex("_id", Pattern.compile(Pattern.quote(idContains), Pattern.CASE_INSENSITIVE)));
        }
        if (brand != null) {
            filters.add(Filters.eq("_id", brand));
        }
        ReadModel model = model();
        Page<Document> found = page(model.brands(), Filters.and(filters), Sorts.ascending("_id"), page, size, d -> d);
        List<String> ids = found.items().stream().map(d -> d.getString("_id")).toList();
        Map<String, Integer> carriers = new HashMap<>();
        Map<String, Integer> ddiProviders = new HashMap<>();
        if (!ids.isEmpty()) {
            model.providers().find(Filters.in("brandId", ids)).projection(Projections.include("brandId", "kind"))
                    .forEach(p -> ("CARRIER".equals(p.getString("kind")) ? carriers : ddiProviders)
                            .merge(p.getString("brandId"), 1, Integer::sum));
        }
        List<BrandSummary> items = found.items().stream().map(d -> {
            String id = d.getString("_id");
            return new BrandSummary(id, d.getString("state"), d.getList("addresses", String.class, List.of()).size(),
                    carriers.getOrDefault(id, 0), ddiProviders.getOrDefault(id, 0));
        }).toList();
        return new Page<>(items, page, size, found.total());
    }

    /** The brands that may use an address that exists (not removed), by id; empty when there is no such address. */
    public Optional<List<String>> addressBrands(String addressId) {
        return Optional.ofNullable(model().addresses().find(Filters.and(Filters.eq("_id", addressId), EXISTING))
                        .projection(Projections.include("brands")).first())
                .map(d -> d.getList("brands", String.class, List.of()).stream().sorted().toList());
    }

    /**
     * The carriers and DDI providers that use an address, by brand and provider id.
     *
     * @param kind  {@code CARRIER} or {@code DDI_PROVIDER} (null: both)
     * @param brand only this brand's (null: every brand's)
     */
    public Page<ProviderRef> addressProviders(String addressId, String kind, String brand, int page, int size) {
        List<Bson> filters = new ArrayList<>(List.of(Filters.eq("addressId", addressId)));
        if (kind != null) {
            filters.add(Filters.eq("kind", kind));
        }
        if (brand != null) {
            filters.add(Filters.eq("brandId", brand));
        }
        return page(model().providers(), Filters.and(filters), Sorts.ascending("brandId", "providerId", "kind"), page, size,
                p -> new ProviderRef(p.getString("brandId"), p.getString("kind"), p.getString("providerId")));
    }

    public Optional<ProviderView> provider(String brandId, String kind, String providerId) {
        ReadModel model = model();
        Document provider = model.providers().find(Filters.eq("_id", ReadModel.providerKey(brandId, kind, providerId))).first();
        if (provider == null) {
            return Optional.empty();
        }
        String addressId = provider.getString("addressId");
        Document address = model.addresses().find(Filters.eq("_id", addressId)).first();
        return Optional.of(providerView(brandId, kind, providerId, address == null ? null : summary(addressId, address), addressId));
    }

    /** A provider with its address ({@code null}: only its id is known) and the sockets on it. */
    static ProviderView providerView(String brandId, String kind, String providerId, AddressSummary address, String addressId) {
        AddressSummary summary = address == null ? new AddressSummary(addressId, null, null, null, null) : address;
        Map<String, String> sockets = new LinkedHashMap<>();
        if (summary.ip() != null) {
            String host = IpLiteral.parse(summary.ip()).sipHost();
            sockets.put("udp", "udp:" + host + ":5060");
            sockets.put("tcp", "tcp:" + host + ":5060");
            sockets.put("tls", "tls:" + host + ":5061");
        }
        return new ProviderView(brandId, kind, providerId, summary, sockets);
    }

    /**
     * The history, newest first.
     *
     * @param aggregate an aggregate id (an address id, {@code brand:<id>})
     * @param actor     the subject who caused the events
     * @param brand     events of this brand
     * @param type      the event type's simple name
     * @param from      at or after
     * @param to        before
     */
    public Page<AuditEntry> audit(String aggregate, String actor, String brand, String type, Instant from, Instant to,
                                  int page, int size) {
        List<Bson> filters = new ArrayList<>();
        if (aggregate != null) {
            filters.add(Filters.eq("aggregate", aggregate));
        }
        if (actor != null) {
            filters.add(Filters.eq("actor.subject", actor));
        }
        if (brand != null) {
            filters.add(Filters.eq("brands", brand));
        }
        if (type != null) {
            filters.add(Filters.eq("type", type));
        }
        if (from != null) {
            filters.add(Filters.gte("time", Date.from(from)));
        }
        if (to != null) {
            filters.add(Filters.lt("time", Date.from(to)));
        }
        Bson filter = filters.isEmpty() ? new Document() : Filters.and(filters);
        return page(model().audit(), filter, Sorts.descending("time", "sequence", "_id"), page, size, ReadModelQueries::auditEntry);
    }

    /**
     * Whether the live projection has applied event {@code sequence} of {@code aggregate} since
     * this process started: answered from memory, without asking MongoDB.
     */
    public boolean hasApplied(String aggregate, long sequence) {
        return readModels.live().hasApplied(aggregate, sequence);
    }

    /**
     * Waits until the event {@code sequence} of {@code aggregate} is in the read models; false
     * when {@code timeout} passed first. The audit log is asked once, for an event applied before
     * this process started; after that the thread sleeps until the projection wakes it (after
     * each batch it writes, or when a replay makes another generation live), so a waiter costs
     * MongoDB one indexed lookup however long it waits.
     */
    public boolean awaitPosition(String aggregate, long sequence, Duration timeout) {
        Deadline deadline = Deadline.in(timeout);
        Bson reached = Filters.and(Filters.eq("aggregate", aggregate), Filters.gte("sequence", sequence));
        if (hasApplied(aggregate, sequence) || model().audit().find(reached).limit(1).first() != null) {
            return true;
        }
        ProjectionRunner waitedOn = null;
        try {
            while (!deadline.passed()) {
                ProjectionRunner live = readModels.live();
                if (live == waitedOn) {
                    return false; // closed and not replaced: the service is stopping
                }
                if (live.awaitApplied(aggregate, sequence, deadline.remaining())) {
                    return true;
                }
                waitedOn = live;
            }
            return false;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private ReadModel model() {
        return readModels.current();
    }

    static <T> Page<T> page(MongoCollection<Document> collection, Bson filter, Bson sort, int page, int size,
                                    Function<Document, T> view) {
        // without a filter the total is the collection's size, which MongoDB keeps, rather than a count of every document
        long total = filter instanceof Document none && none.isEmpty() ? collection.estimatedDocumentCount() : collection.countDocuments(filter);
        FindIterable<Document> found = collection.find(filter).sort(sort).skip(page * size).limit(size);
        List<T> items = new ArrayList<>();
        found.forEach(d -> items.add(view.apply(d)));
        return new Page<>(items, page, size, total);
    }

    private static AddressView address(ReadModel model, Document d) {
        List<ProviderRef> providers = new ArrayList<>();
        model.providers().find(Filters.eq("addressId", d.getString("_id"))).sort(Sorts.ascending("brandId", "kind", "providerId"))
                .forEach(p -> providers.add(new ProviderRef(p.getString("brandId"), p.getString("kind"), p.getString("providerId"))));
        return new AddressView(d.getString("_id"), d.getString("name"), d.getString("ip"), d.getString("advertisedIp"),
                Boolean.TRUE.equals(d.getBoolean("main")), d.getString("state"),
                d.getList("brands", String.class, List.of()).stream().sorted().toList(), providers);
    }

    /** An address, briefly, from its document or one of its versions. */
    static AddressSummary summary(String id, Document d) {
        return new AddressSummary(id, d.getString("name"), d.getString("ip"), d.getString("advertisedIp"),
                d.getString("state"));
    }

    private static AuditEntry auditEntry(Document d) {
        Document actor = d.get("actor", Document.class);
        return new AuditEntry(d.getString("_id"), d.getDate("time").toInstant(),
                new Views.Actor(actor.getString("subject"), actor.getString("role"), actor.getString("brand")),
                d.getString("aggregate"), d.get("sequence", Number.class).longValue(), d.getString("type"),
                d.getString("revision"), d.getString("topic"), new LinkedHashMap<>(d.get("payload", Document.class)));
    }
}
