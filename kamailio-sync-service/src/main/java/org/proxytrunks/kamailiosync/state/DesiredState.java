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
            listenersChanged();
        } else if (event instanceof AddressIpChangedEvent e) {
            listeners.computeIfPresent(e.addressId(), (id, l) -> new Listener(id, e.ip(), l.advertisedIp(), l.main()));
            listenersChanged();
        } else if (event instanceof AddressAdvertisedIpChangedEvent e) {
            listeners.computeIfPresent(e.addressId(), (id, l) -> new Listener(id, l.ip(), e.advertisedIp(), l.main()));
            listenersChanged();
        } else if (event instanceof AddressRemovedEvent e) {
            listeners.remove(e.addressId());
            listenersChanged();
        } else if (event instanceof ProviderAddressSetEvent e) {
            providers.get(e.kind()).put(e.providerId().value(), e.addressId());
            changedProviders.get(e.kind()).add(e.providerId().value());
        } else if (event instanceof ProviderRetiredEvent e) {
            providers.get(e.kind()).remove(e.providerId().value(), e.addressId());
            changedProviders.get(e.kind()).add(e.providerId().value());
        }
    }

    private void listenersChanged() {
        listenerVersion++;
        everyProviderChanged = true;
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
