package org.proxytrunks.kamailiosync.state;

import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.IpLiteral;
import org.proxytrunks.events.ProviderKind;
import org.proxytrunks.events.address.AddressAddedEvent;
import org.proxytrunks.events.address.AddressAdvertisedIpChangedEvent;
import org.proxytrunks.events.address.AddressIpChangedEvent;
import org.proxytrunks.events.address.AddressRemovedEvent;
import org.proxytrunks.events.assignment.ProviderAddressSetEvent;
import org.proxytrunks.events.assignment.ProviderRetiredEvent;

import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What Kamailio should look like, folded from the events: the addresses it listens on and the
 * address each carrier and DDI provider is reached from. Applying the same event again, or the
 * whole history again, gives the same state.
 */
public final class DesiredState {

    private final Map<AddressId, Listener> listeners = new TreeMap<>(Comparator.comparing(AddressId::value));
    private final Map<ProviderKind, Map<String, AddressId>> providers = Map.of(
            ProviderKind.CARRIER, new TreeMap<>(), ProviderKind.DDI_PROVIDER, new TreeMap<>());
    private final Map<ProviderKind, Set<String>> changedProviders = Map.of(
            ProviderKind.CARRIER, new LinkedHashSet<>(), ProviderKind.DDI_PROVIDER, new LinkedHashSet<>());
    private boolean everyProviderChanged = true;
    private long listenerVersion;
    private final Set<AddressId> unsavedListeners = new LinkedHashSet<>();
    private final Map<ProviderKind, Set<String>> unsavedProviders = Map.of(
            ProviderKind.CARRIER, new LinkedHashSet<>(), ProviderKind.DDI_PROVIDER, new LinkedHashSet<>());

    /**
     * The whole state, as a snapshot stores it.
     *
     * @param listeners the addresses Kamailio listens on
     * @param providers the address of each provider, by kind and provider id
     */
    public record Content(List<Listener> listeners, Map<ProviderKind, Map<String, AddressId>> providers) {
    }

    /**
     * What changed since the last {@link #takeUnsaved()}: each changed listener and provider as it
     * is now (empty: gone).
     */
    public record Unsaved(Map<AddressId, Optional<Listener>> listeners, Map<ProviderKind, Map<String, Optional<AddressId>>> providers) {

        public boolean isEmpty() {
            return listeners.isEmpty() && providers.values().stream().allMatch(Map::isEmpty);
        }
    }

    /**
     * The providers whose socket may have changed since the last {@link #takeProviderChanges()}:
     * each one's socket now (absent: no longer in Kamailio), or {@code everyProvider} when an
     * address change may have moved any of them.
     */
    public record ProviderChanges(boolean everyProvider, Map<ProviderKind, Map<String, Optional<IpLiteral>>> sockets) {

        public boolean isEmpty() {
            return !everyProvider && sockets.values().stream().allMatch(Map::isEmpty);
        }
    }

    /**
     * One address Kamailio listens on.
     *
     * @param id           the address
     * @param ip           its IP
     * @param advertisedIp the IP to advertise, or null
     * @param main         whether it is the main address
     */
    public record Listener(AddressId id, IpLiteral ip, IpLiteral advertisedIp, boolean main) {
    }

    /** Applies an event of either topic; events that change nothing here are ignored. */
    public synchronized void apply(Object event) {
        if (event instanceof AddressAddedEvent e) {
            listeners.put(e.addressId(), new Listener(e.addressId(), e.ip(), e.advertisedIp(), e.main()));
            listenerChanged(e.addressId());
        } else if (event instanceof AddressIpChangedEvent e) {
            listeners.computeIfPresent(e.addressId(), (id, l) -> new Listener(id, e.ip(), l.advertisedIp(), l.main()));
            listenerChanged(e.addressId());
        } else if (event instanceof AddressAdvertisedIpChangedEvent e) {
            listeners.computeIfPresent(e.addressId(), (id, l) -> new Listener(id, l.ip(), e.advertisedIp(), l.main()));
            listenerChanged(e.addressId());
        } else if (event instanceof AddressRemovedEvent e) {
            listeners.remove(e.addressId());
            listenerChanged(e.addressId());
        } else if (event instanceof ProviderAddressSetEvent e) {
            providers.get(e.kind()).put(e.providerId().value(), e.addressId());
            providerChanged(e.kind(), e.providerId().value());
        } else if (event instanceof ProviderRetiredEvent e) {
            providers.get(e.kind()).remove(e.providerId().value(), e.addressId());
            providerChanged(e.kind(), e.providerId().value());
        }
    }

    private void listenerChanged(AddressId address) {
        listenerVersion++;
        everyProviderChanged = true;
        unsavedListeners.add(address);
    }

    private void providerChanged(ProviderKind kind, String provider) {
        changedProviders.get(kind).add(provider);
        unsavedProviders.get(kind).add(provider);
    }

    /** The whole state. */
    public synchronized Content content() {
        Map<ProviderKind, Map<String, AddressId>> copy = new EnumMap<>(ProviderKind.class);
        providers.forEach((kind, byId) -> copy.put(kind, new TreeMap<>(byId)));
        return new Content(List.copyOf(listeners.values()), copy);
    }

    /** A state of its own holding what this one holds now, to work out what events would change without touching this one. */
    public DesiredState copy() {
        DesiredState copy = new DesiredState();
        copy.restore(content());
        return copy;
    }

    /**
     * Starts from a stored snapshot: this state becomes {@code content}, which needs no saving.
     * Meant for a state that no one applies yet.
     */
    public synchronized void restore(Content content) {
        listeners.clear();
        content.listeners().forEach(listener -> listeners.put(listener.id(), listener));
        providers.values().forEach(Map::clear);
        content.providers().forEach((kind, byId) -> providers.get(kind).putAll(byId));
        listenerVersion++;
        everyProviderChanged = true;
        changedProviders.values().forEach(Set::clear);
    }

    /**
     * Becomes what {@code caughtUp} holds (a state built beside this one, now caught up with the
     * events), with its unsaved changes: the applier then finds every provider and the listeners
     * changed, and applies only what differs from what it holds.
     */
    public void replaceWith(DesiredState caughtUp) {
        Content content;
        Unsaved unsaved;
        synchronized (caughtUp) {
            content = caughtUp.content();
            unsaved = caughtUp.takeUnsaved();
        }
        synchronized (this) {
            restore(content);
            unsavedListeners.clear();
            unsavedProviders.values().forEach(Set::clear);
            unsaved(unsaved);
        }
    }

    /** The changes since the last call, to save (see {@link Unsaved}); the next call starts afresh. */
    public synchronized Unsaved takeUnsaved() {
        Map<AddressId, Optional<Listener>> listenersNow = new LinkedHashMap<>();
        unsavedListeners.forEach(id -> listenersNow.put(id, Optional.ofNullable(listeners.get(id))));
        Map<ProviderKind, Map<String, Optional<AddressId>>> providersNow = new EnumMap<>(ProviderKind.class);
        unsavedProviders.forEach((kind, ids) -> {
            Map<String, Optional<AddressId>> now = new LinkedHashMap<>();
            ids.forEach(id -> now.put(id, Optional.ofNullable(providers.get(kind).get(id))));
            providersNow.put(kind, now);
        });
        unsavedListeners.clear();
        unsavedProviders.values().forEach(Set::clear);
        return new Unsaved(listenersNow, providersNow);
    }

    /** {@code unsaved} could not be saved: its listeners and providers count as unsaved again. */
    public synchronized void unsaved(Unsaved unsaved) {
        unsavedListeners.addAll(unsaved.listeners().keySet());
        unsaved.providers().forEach((kind, ids) -> unsavedProviders.get(kind).addAll(ids.keySet()));
    }

    /** Grows with every change of the addresses Kamailio listens on. */
    public synchronized long listenerVersion() {
        return listenerVersion;
    }

    /** The provider changes since the last call (see {@link ProviderChanges}); the next call starts afresh. */
    public synchronized ProviderChanges takeProviderChanges() {
        Map<ProviderKind, Map<String, Optional<IpLiteral>>> sockets = new EnumMap<>(ProviderKind.class);
        changedProviders.forEach((kind, changed) -> {
            Map<String, Optional<IpLiteral>> now = new LinkedHashMap<>();
            for (String provider : changed) {
                Listener listener = Optional.ofNullable(providers.get(kind).get(provider)).map(listeners::get).orElse(null);
                now.put(provider, Optional.ofNullable(listener).map(Listener::ip));
            }
            sockets.put(kind, now);
            changed.clear();
        });
        ProviderChanges changes = new ProviderChanges(everyProviderChanged, sockets);
        everyProviderChanged = false;
        return changes;
    }

    /** The main address, once registered. */
    public synchronized Optional<Listener> main() {
        return listeners.values().stream().filter(Listener::main).findFirst();
    }

    /** The additional addresses, by id. */
    public synchronized List<Listener> additional() {
        return listeners.values().stream().filter(l -> !l.main()).toList();
    }

    /**
     * The IP each provider of {@code kind} is reached from, by provider id; a provider whose
     * address is not (or no longer) a listener is left out.
     */
    public synchronized Map<String, IpLiteral> providerSockets(ProviderKind kind) {
        Map<String, IpLiteral> sockets = new TreeMap<>();
        providers.get(kind).forEach((provider, address) -> {
            Listener listener = listeners.get(address);
            if (listener != null) {
                sockets.put(provider, listener.ip());
            }
        });
        return sockets;
    }
}
