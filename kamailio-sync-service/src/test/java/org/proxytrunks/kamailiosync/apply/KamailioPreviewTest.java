package org.proxytrunks.kamailiosync.apply;

import org.junit.jupiter.api.Test;
import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.AddressName;
import org.proxytrunks.events.IpLiteral;
import org.proxytrunks.events.ProviderId;
import org.proxytrunks.events.ProviderKind;
import org.proxytrunks.events.address.AddressAdvertisedIpChangedEvent;
import org.proxytrunks.events.address.AddressIpChangedEvent;
import org.proxytrunks.events.address.AddressRemovedEvent;
import org.proxytrunks.events.address.AddressRenamedEvent;
import org.proxytrunks.events.assignment.BrandRegisteredEvent;
import org.proxytrunks.events.assignment.ProviderAddressSetEvent;
import org.proxytrunks.kamailiosync.apply.PreviewEffect.KeyChange;
import org.proxytrunks.kamailiosync.state.DesiredState;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

class KamailioPreviewTest {

    private static final Predicate<IpLiteral> NOT_TEST_NET = ip -> !ip.value().startsWith("192.0.2.");

    private final DesiredState live = new DesiredState();

    KamailioPreviewTest() {
        live.apply(Fixtures.main("127.0.0.1"));
        live.apply(Fixtures.address("a", "127.0.0.2"));
        live.apply(Fixtures.carrier("7", "a"));
        live.apply(ddi("9", "a"));
        live.apply(Fixtures.carrier("8", AddressId.MAIN.value()));
    }

    private PreviewEffect preview(Object... events) {
        return new KamailioPreview(live, false, NOT_TEST_NET).of(List.of(events));
    }

    private static ProviderAddressSetEvent ddi(String provider, String address) {
        return new ProviderAddressSetEvent(Fixtures.BRAND, ProviderKind.DDI_PROVIDER, new ProviderId(provider), new AddressId(address), null);
    }

    @Test
    void anAddedAddressAddsItsListenLinesAndRestarts() {
        PreviewEffect effect = preview(Fixtures.address("b", "127.0.0.3"));
        assertThat(effect.listen().added()).containsExactly("listen=tcp:127.0.0.3:5060", "listen=udp:127.0.0.3:5060");
        assertThat(effect.listen().removed()).isEmpty();
        assertThat(effect.restart()).isTrue();
        assertThat(effect.tables()).isEmpty();
        assertThat(effect.unbindable()).isEmpty();
    }

    @Test
    void withTlsTheTlsLineIsPreviewedToo() {
        PreviewEffect effect = new KamailioPreview(live, true, NOT_TEST_NET).of(List.of(Fixtures.address("b", "2001:db8::3")));
        assertThat(effect.listen().added())
                .containsExactly("listen=tcp:[2001:db8::3]:5060", "listen=tls:[2001:db8::3]:5061", "listen=udp:[2001:db8::3]:5060");
    }

    @Test
    void anAdvertisedIpChangesTheLinesOfItsAddress() {
        PreviewEffect effect = preview(new AddressAdvertisedIpChangedEvent(new AddressId("a"), IpLiteral.parse("203.0.113.9")));
        assertThat(effect.listen().added()).containsExactly(
                "listen=tcp:127.0.0.2:5060 advertise 203.0.113.9:5060", "listen=udp:127.0.0.2:5060 advertise 203.0.113.9:5060");
        assertThat(effect.listen().removed()).containsExactly("listen=tcp:127.0.0.2:5060", "listen=udp:127.0.0.2:5060");
        assertThat(effect.restart()).isTrue();
        assertThat(effect.tables()).as("the providers keep their socket").isEmpty();
    }

    @Test
    void aChangedIpMovesTheLinesAndTheProvidersOnTheAddress() {
        PreviewEffect effect = preview(new AddressIpChangedEvent(new AddressId("a"), IpLiteral.parse("127.0.0.5"), IpLiteral.parse("127.0.0.2")));
        assertThat(effect.listen().added()).containsExactly("listen=tcp:127.0.0.5:5060", "listen=udp:127.0.0.5:5060");
        assertThat(effect.listen().removed()).containsExactly("listen=tcp:127.0.0.2:5060", "listen=udp:127.0.0.2:5060");
        assertThat(effect.tables()).containsExactly(
                new KeyChange("carriers", "7", "udp:127.0.0.2:5060", "udp:127.0.0.5:5060"),
                new KeyChange("ddi_providers", "9", "udp:127.0.0.2:5060", "udp:127.0.0.5:5060"));
    }

    @Test
    void aRemovedAddressTakesItsLinesAndTheKeysOfItsProviders() {
        PreviewEffect effect = preview(new AddressRemovedEvent(new AddressId("a"), IpLiteral.parse("127.0.0.2")));
        assertThat(effect.listen().added()).isEmpty();
        assertThat(effect.listen().removed()).containsExactly("listen=tcp:127.0.0.2:5060", "listen=udp:127.0.0.2:5060");
        assertThat(effect.restart()).isTrue();
        assertThat(effect.tables()).containsExactly(
                new KeyChange("carriers", "7", "udp:127.0.0.2:5060", null),
                new KeyChange("ddi_providers", "9", "udp:127.0.0.2:5060", null));
    }

    @Test
    void providersMovedAwayBeforeTheRemovalChangeTheirKeysOnly() {
        PreviewEffect effect = preview(
                new ProviderAddressSetEvent(Fixtures.BRAND, ProviderKind.CARRIER, new ProviderId("7"), AddressId.MAIN, new AddressId("a")),
                new ProviderAddressSetEvent(Fixtures.BRAND, ProviderKind.DDI_PROVIDER, new ProviderId("9"), AddressId.MAIN, new AddressId("a")),
                new AddressRemovedEvent(new AddressId("a"), IpLiteral.parse("127.0.0.2")));
        assertThat(effect.tables()).containsExactly(
                new KeyChange("carriers", "7", "udp:127.0.0.2:5060", "udp:127.0.0.1:5060"),
                new KeyChange("ddi_providers", "9", "udp:127.0.0.2:5060", "udp:127.0.0.1:5060"));
        assertThat(effect.restart()).isTrue();
    }

    @Test
    void aNewProviderGetsAKeyAndAMovedOneChangesIt() {
        PreviewEffect effect = preview(Fixtures.carrier("11", "a"), Fixtures.carrier("10", "a"), Fixtures.carrier("8", "a"), ddi("12", "proxytrunks"));
        assertThat(effect.tables()).as("by table, then key").containsExactly(
                new KeyChange("carriers", "10", null, "udp:127.0.0.2:5060"),
                new KeyChange("carriers", "11", null, "udp:127.0.0.2:5060"),
                new KeyChange("carriers", "8", "udp:127.0.0.1:5060", "udp:127.0.0.2:5060"),
                new KeyChange("ddi_providers", "12", null, "udp:127.0.0.1:5060"));
        assertThat(effect.restart()).isFalse();
        assertThat(effect.listen().added()).isEmpty();
        assertThat(effect.listen().removed()).isEmpty();
    }

    @Test
    void aRetiredProviderLosesItsKey() {
        assertThat(preview(Fixtures.retired("7", "a")).tables()).containsExactly(new KeyChange("carriers", "7", "udp:127.0.0.2:5060", null));
    }

    @Test
    void eventsThatChangeNothingInKamailioHaveNoEffect() {
        PreviewEffect effect = preview(new AddressRenamedEvent(new AddressId("a"), new AddressName("renamed")),
                new BrandRegisteredEvent(Fixtures.BRAND, List.of(new AddressId("a"))),
                Fixtures.carrier("7", "a"),
                Fixtures.retired("7", "b"),
                Fixtures.carrier("20", "nowhere"));
        assertThat(effect).isEqualTo(new PreviewEffect(new PreviewEffect.Listen(List.of(), List.of()), false, List.of(), List.of()));
        assertThat(preview()).isEqualTo(effect);
    }

    @Test
    void anAddressThisHostCannotBindIsReportedNotListenedOn() {
        PreviewEffect effect = preview(Fixtures.address("far", "192.0.2.7"), Fixtures.carrier("7", "far"));
        assertThat(effect.unbindable()).containsExactly("far 192.0.2.7");
        assertThat(effect.listen().added()).isEmpty();
        assertThat(effect.restart()).isFalse();
        assertThat(effect.tables()).as("the table follows the desired state, as the applier's does")
                .containsExactly(new KeyChange("carriers", "7", "udp:127.0.0.2:5060", "udp:192.0.2.7:5060"));
    }

    @Test
    void anAddressIsTestedForBindingOncePerPreview() {
        List<IpLiteral> tested = new ArrayList<>();
        new KamailioPreview(live, false, ip -> tested.add(ip) && NOT_TEST_NET.test(ip)).of(List.of(Fixtures.address("b", "127.0.0.3")));
        assertThat(tested).containsExactlyInAnyOrder(IpLiteral.parse("127.0.0.1"), IpLiteral.parse("127.0.0.2"), IpLiteral.parse("127.0.0.3"));
    }

    @Test
    void theLiveStateIsLeftAsItWas() {
        DesiredState.Content before = live.content();
        long listenerVersion = live.listenerVersion();
        preview(new AddressRemovedEvent(new AddressId("a"), IpLiteral.parse("127.0.0.2")), Fixtures.address("b", "127.0.0.3"),
                Fixtures.carrier("8", "b"), Fixtures.retired("7", "a"));
        assertThat(live.content()).isEqualTo(before);
        assertThat(live.listenerVersion()).isEqualTo(listenerVersion);
        assertThat(live.takeUnsaved().listeners()).as("nothing new to save").containsOnlyKeys(AddressId.MAIN, new AddressId("a"));
    }
}
