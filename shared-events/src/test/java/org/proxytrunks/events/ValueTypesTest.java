package org.proxytrunks.events;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ValueTypesTest {

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "line\nbreak", "carriage\rreturn", "tab\there", "nul\u0000", "bell\u0007",
            "sep\u2028arator", "bidi\u202eoverride", "del\u007f"})
    void namesMustBePrintableOnOneLine(String name) {
        assertThatThrownBy(() -> new AddressName(name)).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void namesHaveAtMostOneHundredCharacters() {
        assertThat(new AddressName("é".repeat(100)).value()).hasSize(100);
        assertThat(new AddressName("😀".repeat(100)).value()).hasSize(200);
        assertThatThrownBy(() -> new AddressName("x".repeat(101))).hasMessageContaining("101 characters");
    }

    @Test
    void namesMayHoldSpacesAndPunctuation() {
        assertThat(new AddressName("Madrid DC — carrier side (v6)").value()).isEqualTo("Madrid DC — carrier side (v6)");
    }

    @Test
    void theMainNameIsReservedInAnyCase() {
        assertThat(new AddressName("ProxyTrunks").isReserved()).isTrue();
        assertThat(new AddressName("proxytrunks-2").isReserved()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "UPPER", "-lead", "trail-", "has space", "semi;colon", "new\nline", "ünï"})
    void addressIdsAreRestricted(String id) {
        assertThatThrownBy(() -> new AddressId(id)).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void addressIdsAcceptUuidsAndTheMainId() {
        assertThat(new AddressId("3f1c2a9e-8d7b-4c1a-9e2f-0b1c2d3e4f5a").isMain()).isFalse();
        assertThat(new AddressId("proxytrunks").isMain()).isTrue();
        assertThat(new AddressId("a".repeat(64)).value()).hasSize(64);
        assertThatThrownBy(() -> new AddressId("a".repeat(65))).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void refusedValuesAreQuotedWithoutTheirControlCharacters() {
        assertThatThrownBy(() -> new AddressId("bad\nid")).hasMessageContaining("bad\\u000aid");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-x", "x-", "a b", "a:b", "brand/1", "x\ny", "é"})
    void brandAndProviderIdsAreRestricted(String id) {
        assertThatThrownBy(() -> new BrandId(id)).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> new ProviderId(id)).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void brandAndProviderIdsAcceptPlatformIds() {
        assertThat(new BrandId("42").value()).isEqualTo("42");
        assertThat(new BrandId("Brand_7-eu").value()).isEqualTo("Brand_7-eu");
        assertThat(new ProviderId("carrier_9").value()).isEqualTo("carrier_9");
    }
}
