package org.proxytrunks.kamailiosync.state;

import org.junit.jupiter.api.Test;
import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.AddressName;
import org.proxytrunks.events.BrandId;
import org.proxytrunks.events.IpLiteral;
import org.proxytrunks.events.ProviderId;
import org.proxytrunks.events.ProviderKind;
import org.proxytrunks.events.address.AddressAddedEvent;
import org.proxytrunks.events.address.AddressAdvertisedIpChangedEvent;
import org.proxytrunks.events.address.AddressIpChangedEvent;
import org.proxytrunks.events.address.AddressRemovedEvent;
import org.proxytrunks.events.assignment.ProviderAddressSetEvent;
import org.proxytrunks.events.assignment.ProviderRetiredEvent;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DesiredStateTest {

    private static final AddressId MAIN = AddressId.MAIN;
    private static final AddressId A = new AddressId("a");
    private static final BrandId BRAND = new BrandId("b1");
    private static final ProviderId P7 = new ProviderId("7");

    private static List<Object> history() {
        return List.of(
                new AddressAddedEvent(MAIN, AddressName.MAIN, IpLiteral.parse("127.0.0.1"), null, true),
                new AddressAddedEvent(A, new AddressName("A"), IpLiteral.parse("127.0.0.2"), null, false),
                new ProviderAddressSetEvent(BRAND, ProviderKind.CARRIER, P7, A, null),
                new AddressIpChangedEvent(A, IpLiteral.parse("127.0.0.3"), IpLiteral.parse("127.0.0.2")),
                new AddressAdvertisedIpChangedEvent(A, IpLiteral.parse("203.0.113.3")));
    }

    @Test
    void theListenersAndProviderSocketsFollowTheEvents() {
        DesiredState state = new DesiredState();
        history().forEach(state::apply);
        assertThat(state.main()).get().extracting(DesiredState.Listener::ip).isEqualTo(IpLiteral.parse("127.0.0.1"));
        assertThat(state.additional()).singleElement().satisfies(l -> {
            assertThat(l.ip()).isEqualTo(IpLiteral.parse("127.0.0.3"));
            assertThat(l.advertisedIp()).isEqualTo(IpLiteral.parse("203.0.113.3"));
        });
        assertThat(state.providerSockets(ProviderKind.CARRIER)).containsEntry("7", IpLiteral.parse("127.0.0.3"));
        assertThat(state.providerSockets(ProviderKind.DDI_PROVIDER)).isEmpty();
    }

    @Test
    void applyingTheHistoryTwiceGivesTheSameState() {
        DesiredState once = new DesiredState();
        history().forEach(once::apply);
        DesiredState twice = new DesiredState();
        history().forEach(twice::apply);
        history().forEach(twice::apply);
        assertThat(twice.additional()).isEqualTo(once.additional());
        assertThat(twice.providerSockets(ProviderKind.CARRIER)).isEqualTo(once.providerSockets(ProviderKind.CARRIER));
    }

    @Test
    void retiredProvidersAndRemovedAddressesLeave() {
        DesiredState state = new DesiredState();
        history().forEach(state::apply);
        state.apply(new ProviderRetiredEvent(BRAND, ProviderKind.CARRIER, P7, A));
        state.apply(new AddressRemovedEvent(A, IpLiteral.parse("127.0.0.3")));
        assertThat(state.additional()).isEmpty();
        assertThat(state.providerSockets(ProviderKind.CARRIER)).isEmpty();
        assertThat(state.main()).isPresent();
    }
}
