package org.proxytrunks.kamailiosync.render;

import org.junit.jupiter.api.Test;
import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.AddressName;
import org.proxytrunks.events.BrandId;
import org.proxytrunks.events.IpLiteral;
import org.proxytrunks.events.ProviderId;
import org.proxytrunks.events.ProviderKind;
import org.proxytrunks.events.address.AddressAddedEvent;
import org.proxytrunks.events.assignment.ProviderAddressSetEvent;
import org.proxytrunks.kamailiosync.state.DesiredState;
import org.proxytrunks.kamailiosync.state.DesiredState.Listener;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KamailioFilesTest {

    private static Listener listener(String id, String ip, String advertised) {
        return new Listener(new AddressId(id), IpLiteral.parse(ip), advertised == null ? null : IpLiteral.parse(advertised), false);
    }

    @Test
    void ipv4ListenersOnUdpTcpAndTls() {
        assertThat(KamailioFiles.listenLines(List.of(listener("a", "127.0.0.2", null)), true)).endsWith("""
                # address a
                listen=udp:127.0.0.2:5060
                listen=tcp:127.0.0.2:5060
                listen=tls:127.0.0.2:5061
                """);
    }

    @Test
    void ipv6InBracketsAndAdvertisedAddresses() {
        assertThat(KamailioFiles.listenLines(List.of(listener("b", "2001:DB8:0::2", "2001:db8::ff"),
                listener("c", "10.0.0.5", "203.0.113.10")), true)).contains("""
                listen=udp:[2001:db8::2]:5060 advertise [2001:db8::ff]:5060
                listen=tcp:[2001:db8::2]:5060 advertise [2001:db8::ff]:5060
                listen=tls:[2001:db8::2]:5061 advertise [2001:db8::ff]:5061
                """, """
                listen=udp:10.0.0.5:5060 advertise 203.0.113.10:5060
                """);
    }

    @Test
    void withoutTlsOnlyUdpAndTcp() {
        assertThat(KamailioFiles.listenLines(List.of(listener("a", "127.0.0.2", null)), false)).doesNotContain("tls:");
    }

    @Test
    void anEmptySetIsAFileWithOnlyItsHeader() {
        assertThat(KamailioFiles.listenLines(List.of(), true).lines()).hasSize(1).allMatch(l -> l.startsWith("#"));
        assertThat(KamailioFiles.providerTable(Map.of())).isEqualTo(KamailioFiles.TABLE_HEADER + "\n");
    }

    @Test
    void providerSocketsInADbTextTableWithColonsEscaped() {
        assertThat(KamailioFiles.providerTable(new java.util.TreeMap<>(Map.of(
                "7", IpLiteral.parse("127.0.0.2"), "c_9", IpLiteral.parse("2001:db8::2"))))).isEqualTo("""
                id(int,auto) key_name(string) key_type(int) value_type(int) key_value(string) expires(int)
                1:7:0:0:udp\\:127.0.0.2\\:5060:0
                2:c_9:0:0:udp\\:[2001\\:db8\\:\\:2]\\:5060:0
                """);
    }

    @Test
    void onlyValidatedValuesReachAFile() {
        assertThatThrownBy(() -> KamailioFiles.providerTable(Map.of("x\nlisten=udp:1.2.3.4:5060", IpLiteral.parse("127.0.0.2"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("\n");
        DesiredState state = new DesiredState();
        state.apply(new AddressAddedEvent(new AddressId("a"), new AddressName("evil\u2009name; listen=udp:6.6.6.6:5060"),
                IpLiteral.parse("127.0.0.2"), null, false));
        state.apply(new ProviderAddressSetEvent(new BrandId("b"), ProviderKind.CARRIER, new ProviderId("7"), new AddressId("a"), null));
        String listeners = KamailioFiles.listenLines(state.additional(), true);
        String table = KamailioFiles.providerTable(state.providerSockets(ProviderKind.CARRIER));
        assertThat(listeners + table).doesNotContain("evil").doesNotContain("6.6.6.6");
        assertThat(listeners.lines().filter(l -> l.startsWith("listen="))).hasSize(3);
    }
}
