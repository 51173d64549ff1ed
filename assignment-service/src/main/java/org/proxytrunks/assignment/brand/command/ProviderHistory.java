package org.proxytrunks.assignment.brand.command;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.proxytrunks.events.BrandId;
import org.proxytrunks.events.assignment.ProviderAddressSetEvent;
import org.proxytrunks.events.assignment.ProviderRetiredEvent;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Which brands hold which providers, read straight from the events in the event store: the
 * truth a provider claim stands for. Asked outside the brand's own command handlers — whether a
 * claim left behind by a crash still stands, and which claims the history from before claims
 * existed calls for.
 */
@Component
class ProviderHistory {

    private final EventStore eventStore;
    private final EventStorageEngine storage;

    ProviderHistory(EventStore eventStore, EventStorageEngine storage) {
        this.eventStore = eventStore;
        this.storage = storage;
    }

    /** Whether {@code brand}'s events give it {@code provider} now. */
    boolean holds(BrandId brand, Provider provider) {
        Holders holders = new Holders();
        eventStore.readEvents(BrandCommands.aggregateId(brand)).asStream().forEach(holders::apply);
        return holders.of(provider).contains(brand);
    }

    /**
     * Every provider some brand holds, with the brand that has held it longest. Before claims
     * existed two brands could both hold an id; the first one keeps it.
     */
    Map<Provider, BrandId> firstHolders() {
        Holders holders = new Holders();
        try (Stream<? extends EventMessage<?>> events = storage.readEvents(null, false)) {
            events.forEach(holders::apply);
        }
        Map<Provider, BrandId> first = new HashMap<>();
        holders.byProvider.forEach((provider, brands) -> brands.stream().findFirst().ifPresent(brand -> first.put(provider, brand)));
        return first;
    }

    /** The brands holding each provider, in the order they took it. */
    private static final class Holders {
        private final Map<Provider, Set<BrandId>> byProvider = new HashMap<>();

        void apply(EventMessage<?> message) {
            Class<?> type = message.getPayloadType();
            if (type == ProviderAddressSetEvent.class) {
                ProviderAddressSetEvent set = (ProviderAddressSetEvent) message.getPayload();
                byProvider.computeIfAbsent(new Provider(set.kind(), set.providerId()), p -> new LinkedHashSet<>()).add(set.brandId());
            } else if (type == ProviderRetiredEvent.class) {
                ProviderRetiredEvent retired = (ProviderRetiredEvent) message.getPayload();
                of(new Provider(retired.kind(), retired.providerId())).remove(retired.brandId());
            }
        }

        Set<BrandId> of(Provider provider) {
            return byProvider.getOrDefault(provider, new LinkedHashSet<>());
        }
    }
}
