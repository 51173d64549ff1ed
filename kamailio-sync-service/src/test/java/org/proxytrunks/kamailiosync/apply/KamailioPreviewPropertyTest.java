package org.proxytrunks.kamailiosync.apply;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.AddressName;
import org.proxytrunks.events.IpLiteral;
import org.proxytrunks.events.ProviderId;
import org.proxytrunks.events.ProviderKind;
import org.proxytrunks.events.address.AddressAddedEvent;
import org.proxytrunks.events.address.AddressAdvertisedIpChangedEvent;
import org.proxytrunks.events.address.AddressIpChangedEvent;
import org.proxytrunks.events.address.AddressRemovedEvent;
import org.proxytrunks.events.address.AddressRenamedEvent;
import org.proxytrunks.events.assignment.ProviderAddressSetEvent;
import org.proxytrunks.events.assignment.ProviderRetiredEvent;
import org.proxytrunks.kamailiosync.state.DesiredState;
import org.proxytrunks.kamailiosync.state.DesiredState.Listener;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Any preview, after any history, is what applying its events to the desired state would change:
 * checked against two states folded apart from the preview (the history, and the history with
 * the events), rendered here by hand; and the live state is left as it was.
 */
class KamailioPreviewPropertyTest {

    private static final Predicate<IpLiteral> CAN_BIND = ip -> !ip.value().startsWith("192.0.2.");
    private static final List<String> ADDRESSES = List.of(AddressId.MAIN.value(), "a", "b", "c");
    private static final List<String> IPS = List.of("127.0.0.1", "127.0.0.2", "127.0.0.3", "192.0.2.9", "2001:db8::1");

    @Property(tries = 300)
    void aPreviewIsWhatApplyingItsEventsWouldChange(@ForAll("events") List<Object> history, @ForAll("events") List<Object> events) {
        DesiredState live = new DesiredState();
        history.forEach(live::apply);
        DesiredState.Content liveBefore = live.content();

        PreviewEffect effect = new KamailioPreview(live, false, CAN_BIND).of(events);

        assertThat(live.content()).as("the live state").isEqualTo(liveBefore);
        DesiredState now = new DesiredState();
        history.forEach(now::apply);
        DesiredState then = new DesiredState();
        history.forEach(then::apply);
        events.forEach(then::apply);
        Set<String> linesNow = listenLines(now);
        Set<String> linesThen = listenLines(then);
        assertThat(effect.listen().added()).isEqualTo(new ArrayList<>(difference(linesThen, linesNow)));
        assertThat(effect.listen().removed()).isEqualTo(new ArrayList<>(difference(linesNow, linesThen)));
        assertThat(effect.restart()).isEqualTo(!linesNow.equals(linesThen));
        assertThat(effect.unbindable()).isEqualTo(listeners(then).stream().filter(l -> !CAN_BIND.test(l.ip()))
                .map(l -> l.id().value() + " " + l.ip().value()).toList());
        assertThat(effect.tables()).isEqualTo(keyChanges(now, then));
    }

    private static List<Listener> listeners(DesiredState state) {
        List<Listener> listeners = new ArrayList<>();
        state.main().ifPresent(listeners::add);
        listeners.addAll(state.additional());
        return listeners;
    }

    private static Set<String> listenLines(DesiredState state) {
        Set<String> lines = new TreeSet<>();
        for (Listener listener : listeners(state)) {
            if (CAN_BIND.test(listener.ip())) {
                String advertise = listener.advertisedIp() == null ? "" : " advertise " + listener.advertisedIp().sipHost() + ":5060";
                lines.add("listen=udp:" + listener.ip().sipHost() + ":5060" + advertise);
                lines.add("listen=tcp:" + listener.ip().sipHost() + ":5060" + advertise);
            }
        }
        return lines;
    }

    private static Set<String> difference(Set<String> lines, Set<String> minus) {
        Set<String> difference = new TreeSet<>(lines);
        difference.removeAll(minus);
        return difference;
    }

    private static List<PreviewEffect.KeyChange> keyChanges(DesiredState now, DesiredState then) {
        List<PreviewEffect.KeyChange> changes = new ArrayList<>();
        for (Map.Entry<String, ProviderKind> table : new TreeMap<>(Map.of("carriers", ProviderKind.CARRIER,
                "ddi_providers", ProviderKind.DDI_PROVIDER)).entrySet()) {
            Map<String, IpLiteral> from = now.providerSockets(table.getValue());
            Map<String, IpLiteral> to = then.providerSockets(table.getValue());
            Set<String> keys = new TreeSet<>(from.keySet());
            keys.addAll(to.keySet());
            for (String key : keys) {
                String was = from.containsKey(key) ? "udp:" + from.get(key).sipHost() + ":5060" : null;
                String will = to.containsKey(key) ? "udp:" + to.get(key).sipHost() + ":5060" : null;
                if (was == null ? will != null : !was.equals(will)) {
                    changes.add(new PreviewEffect.KeyChange(table.getKey(), key, was, will));
                }
            }
        }
        return changes;
    }

    @Provide
    Arbitrary<List<Object>> events() {
        Arbitrary<AddressId> address = Arbitraries.of(ADDRESSES).map(AddressId::new);
        Arbitrary<IpLiteral> ip = Arbitraries.of(IPS).map(IpLiteral::parse);
        Arbitrary<IpLiteral> advertised = Arbitraries.of("203.0.113.5", "2001:db8::99").map(IpLiteral::parse).injectNull(0.4);
        Arbitrary<ProviderKind> kind = Arbitraries.of(ProviderKind.class);
        Arbitrary<ProviderId> provider = Arbitraries.of("1", "2", "3").map(ProviderId::new);
        Arbitrary<Object> added = Combinators.combine(address, ip, advertised).as((id, at, advertise) -> id.isMain()
                ? new AddressAddedEvent(id, AddressName.MAIN, at, advertise, true)
                : new AddressAddedEvent(id, new AddressName("address " + id), at, advertise, false));
        Arbitrary<Object> ipChanged = Combinators.combine(address, ip, ip).as(AddressIpChangedEvent::new);
        Arbitrary<Object> advertisedChanged = Combinators.combine(address, advertised).as(AddressAdvertisedIpChangedEvent::new);
        Arbitrary<Object> removed = Combinators.combine(address, ip).as(AddressRemovedEvent::new);
        Arbitrary<Object> renamed = address.map(id -> new AddressRenamedEvent(id, new AddressName("renamed " + id)));
        Arbitrary<Object> providerSet = Combinators.combine(kind, provider, address, address.injectNull(0.5))
                .as((k, p, at, before) -> new ProviderAddressSetEvent(Fixtures.BRAND, k, p, at, before));
        Arbitrary<Object> retired = Combinators.combine(kind, provider, address)
                .as((k, p, at) -> new ProviderRetiredEvent(Fixtures.BRAND, k, p, at));
        return Arbitraries.frequencyOf(
                        Tuple.of(4, added), Tuple.of(2, ipChanged), Tuple.of(2, advertisedChanged),
                        Tuple.of(2, removed), Tuple.of(1, renamed), Tuple.of(5, providerSet),
                        Tuple.of(2, retired))
                .list().ofMaxSize(12);
    }
}
