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
import java.util.Map;
import java.util.Optional;

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

    @Test
    void providerChangesNameEachChangedProviderOnceWithItsSocketNow() {
        DesiredState state = new DesiredState();
        history().forEach(state::apply);
        assertThat(state.takeProviderChanges().everyProvider()).as("addresses changed: any provider may have moved").isTrue();
        assertThat(state.takeProviderChanges().isEmpty()).as("nothing since").isTrue();
        long listeners = state.listenerVersion();

        ProviderId p8 = new ProviderId("8");
        state.apply(new ProviderAddressSetEvent(BRAND, ProviderKind.CARRIER, p8, MAIN, null));
        state.apply(new ProviderAddressSetEvent(BRAND, ProviderKind.CARRIER, p8, A, MAIN));
        state.apply(new ProviderRetiredEvent(BRAND, ProviderKind.CARRIER, P7, A));
        DesiredState.ProviderChanges changes = state.takeProviderChanges();

        assertThat(changes.everyProvider()).isFalse();
        assertThat(changes.sockets().get(ProviderKind.CARRIER)).containsExactly(
                Map.entry("8", Optional.of(IpLiteral.parse("127.0.0.3"))), Map.entry("7", Optional.empty()));
        assertThat(changes.sockets().get(ProviderKind.DDI_PROVIDER)).isEmpty();
        assertThat(state.listenerVersion()).as("no address changed").isEqualTo(listeners);

        state.apply(new AddressRemovedEvent(A, IpLiteral.parse("127.0.0.3")));
        assertThat(state.listenerVersion()).isGreaterThan(listeners);
        assertThat(state.takeProviderChanges().everyProvider()).isTrue();
    }

    @Test
    void whatChangedSinceTheLastSaveIsTakenOnceAndGivenBackWhenTheSaveFails() {
        DesiredState state = new DesiredState();
        history().forEach(state::apply);
        DesiredState.Unsaved unsaved = state.takeUnsaved();
        assertThat(unsaved.listeners()).containsOnlyKeys(MAIN, A);
        assertThat(unsaved.providers().get(ProviderKind.CARRIER)).containsEntry("7", Optional.of(A));
        assertThat(state.takeUnsaved().isEmpty()).as("taken").isTrue();

        state.apply(new ProviderRetiredEvent(BRAND, ProviderKind.CARRIER, P7, A));
        DesiredState.Unsaved retired = state.takeUnsaved();
        assertThat(retired.providers().get(ProviderKind.CARRIER)).containsEntry("7", Optional.empty());
        state.unsaved(retired);
        assertThat(state.takeUnsaved().providers().get(ProviderKind.CARRIER)).as("given back").containsEntry("7", Optional.empty());
    }

    @Test
    void aRestoredStateNeedsNoSavingAndAHandOverTakesTheOthersStateAndUnsavedChanges() {
        DesiredState folded = new DesiredState();
        history().forEach(folded::apply);
        DesiredState restored = new DesiredState();
        restored.restore(folded.content());
        assertThat(restored.content()).isEqualTo(folded.content());
        assertThat(restored.takeUnsaved().isEmpty()).isTrue();
        assertThat(restored.takeProviderChanges().everyProvider()).as("everything to compare with Kamailio").isTrue();

        DesiredState applied = new DesiredState();
        applied.apply(new AddressAddedEvent(new AddressId("gone"), new AddressName("gone"), IpLiteral.parse("127.0.0.9"), null, false));
        applied.takeUnsaved();
        applied.takeProviderChanges();
        long version = applied.listenerVersion();
        applied.replaceWith(folded);
        assertThat(applied.content()).isEqualTo(folded.content());
        assertThat(applied.listenerVersion()).isGreaterThan(version);
        assertThat(applied.takeProviderChanges().everyProvider()).isTrue();
        assertThat(applied.takeUnsaved().listeners()).as("the folded state's unsaved changes came along").containsOnlyKeys(MAIN, A);
        assertThat(folded.takeUnsaved().isEmpty()).isTrue();
    }
}
