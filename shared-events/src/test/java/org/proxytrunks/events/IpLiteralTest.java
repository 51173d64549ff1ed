package org.proxytrunks.events;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IpLiteralTest {

    @ParameterizedTest
    @CsvSource({
            "127.0.0.1, 127.0.0.1",
            "255.255.255.254, 255.255.255.254",
            "2001:DB8:0:0:0:0:0:1, 2001:db8::1",
            "2001:0db8:0000:0000:0000:0000:0000:0001, 2001:db8::1",
            "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
            "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
            "0:0:0:0:0:0:0:1, ::1",
            "::, ::",
            "fe80::, fe80::",
            "1:0:0:2:0:0:0:3, 1:0:0:2::3",
            "1:2:3:4:5:6:7::, 1:2:3:4:5:6:7:0",
            "::ffff:192.0.2.1, ::ffff:192.0.2.1",
            "::FFFF:C000:0201, ::ffff:192.0.2.1",
            "64:ff9b::192.0.2.33, 64:ff9b::c000:221",
    })
    void parsesToTheCanonicalForm(String text, String canonical) {
        assertThat(IpLiteral.parse(text).value()).isEqualTo(canonical);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "999.1.1.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.-4", "1..2.3",
            "proxy.example.com", "localhost", "fe80::1%eth0", "[::1]", "::1::2", "1:2:3:4:5:6:7:8:9",
            "1:2:3:4:5:6:7", "12345::", "g::1", ":1::2", "1::2:", "1.2.3.4::", "::1.2.3.4:5", "10.0.0.1/24",
            "1.2.3.4\n", " 1.2.3.4", "１.2.3.4"})
    void refusesWhatIsNotAnIpLiteral(String text) {
        assertThatThrownBy(() -> IpLiteral.parse(text)).isInstanceOf(InvalidValueException.class)
                .hasMessageNotContaining("null");
    }

    @Test
    void explainsHostNamesAndZones() {
        assertThatThrownBy(() -> IpLiteral.parse("sip.example.org")).hasMessageContaining("host names are not accepted");
        assertThatThrownBy(() -> IpLiteral.parse("fe80::1%eth0")).hasMessageContaining("zone identifier");
        assertThatThrownBy(() -> IpLiteral.parse("999.1.1.1")).hasMessageContaining("999 is greater than 255");
    }

    @Test
    void theConstructorAcceptsOnlyCanonicalText() {
        assertThat(new IpLiteral("2001:db8::1").isIpv6()).isTrue();
        assertThatThrownBy(() -> new IpLiteral("2001:DB8::1")).hasMessageContaining("use 2001:db8::1");
    }

    @Test
    void bracketsIpv6ForSip() {
        assertThat(IpLiteral.parse("2001:db8::5").sipHost()).isEqualTo("[2001:db8::5]");
        assertThat(IpLiteral.parse("127.0.0.2").sipHost()).isEqualTo("127.0.0.2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "0.1.2.3", "224.0.0.1", "239.255.255.250", "255.255.255.255", "240.0.0.1",
            "::", "ff02::1", "::ffff:10.0.0.1"})
    void knowsWhatCannotBeAHostAddress(String text) {
        assertThat(IpLiteral.parse(text).unicastProblem()).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.2", "192.0.2.10", "10.1.2.3", "::1", "2001:db8::10", "fe80::1"})
    void acceptsHostAddresses(String text) {
        assertThat(IpLiteral.parse(text).unicastProblem()).isEmpty();
    }
}
