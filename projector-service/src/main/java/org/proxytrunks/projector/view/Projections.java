package org.proxytrunks.projector.view;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.BrandId;
import org.proxytrunks.events.IpLiteral;
import org.proxytrunks.events.address.AddressAddedEvent;
import org.proxytrunks.events.address.AddressAdvertisedIpChangedEvent;
import org.proxytrunks.events.address.AddressIpChangedEvent;
import org.proxytrunks.events.address.AddressRemovedEvent;
import org.proxytrunks.events.address.AddressRenamedEvent;
import org.proxytrunks.events.address.AddressRetirementCancelledEvent;
import org.proxytrunks.events.address.AddressRetirementStartedEvent;
import org.proxytrunks.events.assignment.BrandAddressAssignedEvent;
import org.proxytrunks.events.assignment.BrandAddressUnassignedEvent;
import org.proxytrunks.events.assignment.BrandEvent;
import org.proxytrunks.events.assignment.BrandRegisteredEvent;
import org.proxytrunks.events.assignment.BrandRetiredEvent;
import org.proxytrunks.events.assignment.ProviderAddressSetEvent;
import org.proxytrunks.events.assignment.ProviderRetiredEvent;
import org.proxytrunks.support.kafka.EventEnvelope;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * Applies events to the read models. Every change is a set or an upsert, never an increment,
 * so applying an event again — or applying the tail of the history again after a restart —
 * leaves the same documents. The two topics are read side by side, so a brand event may come
 * before the address event it refers to: relations are upserted from either side.
 *
 * <p>A provider's address is one small document of its own, found by address or by brand
 * through an index: a provider change writes that document only, whatever the number of
 * providers that share the address or the brand.
 *
 * <p>Each change of an address, a brand or a provider also makes a version of it ({@link
 * Versions}): what it was from that event's time on, for the queries at an instant.
 */
public final class Projections {

    private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);

    private Projections() {
    }

    /** Applies {@code event} to {@code model} at once. */
    public static void apply(ReadModel model, EventEnvelope event) {
        ProjectionBatch batch = new ProjectionBatch(model);
        apply(batch, event);
        batch.flush();
    }

    /**
     * Adds the writes that apply {@code event} to {@code batch} — all of them or, when the event
     * cannot be applied (its JSON is one MongoDB cannot read), none: its audit entry, the only
     * step that can fail, is made first.
     */
    public static void apply(ProjectionBatch batch, EventEnvelope event) {
        Document auditEntry = auditEntry(event);
        ReadModel model = batch.model();
        Object payload = event.payload();
        if (payload instanceof AddressAddedEvent e) {
            batch.updateOne(model.addresses(), byId(e.addressId().value()), Updates.combine(
                Updates.set("name", e.name().value()), Updates.set("ip", e.ip().value()),
                Updates.set("advertisedIp", text(e.advertisedIp())), Updates.set("main", e.main()),
                Updates.set("state", "ACTIVE"), Updates.setOnInsert("brands", List.of()),
                Updates.setOnInsert("providers", List.of())), UPSERT);
            addressVersion(batch, e.addressId(), event, v -> v.append("name", e.name().value()).append("ip", e.ip().value())
                    .append("advertisedIp", text(e.advertisedIp())).append("main", e.main()).append("state", "ACTIVE"));
        } else if (payload instanceof AddressRenamedEvent e) {
            setOnAddress(batch, e.addressId(), event, "name", e.name().value());
        } else if (payload instanceof AddressIpChangedEvent e) {
            setOnAddress(batch, e.addressId(), event, "ip", e.ip().value());
        } else if (payload instanceof AddressAdvertisedIpChangedEvent e) {
            setOnAddress(batch, e.addressId(), event, "advertisedIp", text(e.advertisedIp()));
        } else if (payload instanceof AddressRetirementStartedEvent e) {
            setOnAddress(batch, e.addressId(), event, "state", "RETIRING");
        } else if (payload instanceof AddressRetirementCancelledEvent e) {
            setOnAddress(batch, e.addressId(), event, "state", "ACTIVE");
        } else if (payload instanceof AddressRemovedEvent e) {
            setOnAddress(batch, e.addressId(), event, "state", "REMOVED");
        } else if (payload instanceof BrandRegisteredEvent e) {
            batch.updateOne(model.brands(), byId(e.brandId().value()), Updates.combine(Updates.set("state", "REGISTERED"),
                    Updates.addEachToSet("addresses", ids(e.addressIds()))), UPSERT);
            e.addressIds().forEach(a -> batch.updateOne(model.addresses(), byId(a.value()),
                    Updates.addToSet("brands", e.brandId().value()), UPSERT));
            brandVersion(batch, e.brandId(), event, v -> withAddresses(v, ids(e.addressIds()), List.of()).append("state", "REGISTERED"));
        } else if (payload instanceof BrandAddressAssignedEvent e) {
            batch.updateOne(model.brands(), byId(e.brandId().value()), Updates.addToSet("addresses", e.addressId().value()), UPSERT);
            batch.updateOne(model.addresses(), byId(e.addressId().value()), Updates.addToSet("brands", e.brandId().value()), UPSERT);
            brandVersion(batch, e.brandId(), event, v -> withAddresses(v, List.of(e.addressId().value()), List.of()));
        } else if (payload instanceof BrandAddressUnassignedEvent e) {
            batch.updateOne(model.brands(), byId(e.brandId().value()), Updates.pull("addresses", e.addressId().value()));
            batch.updateOne(model.addresses(), byId(e.addressId().value()), Updates.pull("brands", e.brandId().value()));
            brandVersion(batch, e.brandId(), event, v -> withAddresses(v, List.of(), List.of(e.addressId().value())));
        } else if (payload instanceof BrandRetiredEvent e) {
            batch.updateOne(model.brands(), byId(e.brandId().value()), Updates.set("state", "RETIRED"), UPSERT);
            brandVersion(batch, e.brandId(), event, v -> v.append("state", "RETIRED"));
        } else if (payload instanceof ProviderAddressSetEvent e) {
            String kind = e.kind().name();
            String key = ReadModel.providerKey(e.brandId().value(), kind, e.providerId().value());
            batch.replaceOne(model.providers(), byId(key),
                    new Document("brandId", e.brandId().value()).append("kind", kind).append("providerId", e.providerId().value())
                            .append("addressId", e.addressId().value()), new ReplaceOptions().upsert(true));
            providerVersion(batch, key, event, v -> v.append("brandId", e.brandId().value()).append("kind", kind)
                    .append("providerId", e.providerId().value()).append("addressId", e.addressId().value()));
        } else if (payload instanceof ProviderRetiredEvent e) {
            String kind = e.kind().name();
            String key = ReadModel.providerKey(e.brandId().value(), kind, e.providerId().value());
            batch.deleteOne(model.providers(), byId(key));
            providerVersion(batch, key, event, v -> {
                v.remove("addressId");
                return v.append("brandId", e.brandId().value()).append("kind", kind).append("providerId", e.providerId().value());
            });
        }
        batch.replaceOne(model.audit(), byId(event.messageId()), auditEntry, new ReplaceOptions().upsert(true));
        batch.applied(event.key(), event.sequence());
    }

    /**
     * The event's entry in the audit log, written last, so that a client that waits for an event
     * to be in the audit log finds the other read models updated too.
     */
    private static Document auditEntry(EventEnvelope event) {
        List<String> brands = new ArrayList<>();
        if (event.payload() instanceof BrandEvent brandEvent) {
            brands.add(brandEvent.brandId().value());
        }
        Document actor = new Document("subject", event.actorSubject()).append("role", event.actorRole())
                .append("brand", event.actorBrand());
        return new Document("_id", event.messageId())
                .append("time", Date.from(event.time()))
                .append("actor", actor)
                .append("aggregate", event.key())
                .append("sequence", event.sequence())
                .append("type", event.type())
                .append("revision", event.revision())
                .append("topic", event.topic())
                .append("brands", brands)
                .append("payload", Document.parse(event.json()));
    }

    /** Sets one field of an address, in the read model and in its next version. */
    private static void setOnAddress(ProjectionBatch batch, AddressId address, EventEnvelope event, String field, Object value) {
        batch.updateOne(batch.model().addresses(), byId(address.value()), Updates.set(field, value), UPSERT);
        addressVersion(batch, address, event, v -> v.append(field, value));
    }

    private static void addressVersion(ProjectionBatch batch, AddressId address, EventEnvelope event, UnaryOperator<Document> change) {
        batch.version(batch.model().addressVersions(), Versions.Change.of("addressId", address.value(), event, change));
    }

    private static void brandVersion(ProjectionBatch batch, BrandId brand, EventEnvelope event, UnaryOperator<Document> change) {
        batch.version(batch.model().brandVersions(), Versions.Change.of("brandId", brand.value(), event, change));
    }

    private static void providerVersion(ProjectionBatch batch, String key, EventEnvelope event, UnaryOperator<Document> change) {
        batch.version(batch.model().providerVersions(), Versions.Change.of("providerKey", key, event, change));
    }

    /** A brand version's addresses with {@code added} and without {@code removed}, in order, as a set. */
    private static Document withAddresses(Document version, List<String> added, List<String> removed) {
        Set<String> addresses = new TreeSet<>(version.getList("addresses", String.class, List.of()));
        addresses.addAll(added);
        removed.forEach(addresses::remove);
        return version.append("addresses", List.copyOf(addresses));
    }


    private static Bson byId(String id) {
        return Filters.eq("_id", id);
    }

    private static String text(IpLiteral ip) {
        return ip == null ? null : ip.value();
    }

    private static List<String> ids(List<AddressId> addresses) {
        return addresses.stream().map(AddressId::value).toList();
    }
}
