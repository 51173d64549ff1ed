package org.proxytrunks.support.axon;

import org.junit.jupiter.api.Test;
import org.proxytrunks.events.address.AddressAddedEvent;
import org.proxytrunks.events.assignment.ProviderAddressSetEvent;

import static org.assertj.core.api.Assertions.assertThat;

class ContractEventTypesTest {

    @Test
    void aContractTypeIsFoundByItsSimpleName() {
        assertThat(ContractEventTypes.bySimpleName("AddressAddedEvent")).contains(AddressAddedEvent.class);
        assertThat(ContractEventTypes.bySimpleName("ProviderAddressSetEvent")).contains(ProviderAddressSetEvent.class);
    }

    @Test
    void noOtherNameIsFound() {
        assertThat(ContractEventTypes.bySimpleName(null)).isEmpty();
        assertThat(ContractEventTypes.bySimpleName(AddressAddedEvent.class.getName())).as("a fully qualified name").isEmpty();
        assertThat(ContractEventTypes.bySimpleName("AddressEvent")).as("a sealed root, not an event").isEmpty();
        assertThat(ContractEventTypes.bySimpleName("BrandEvent")).as("a sealed branch").isEmpty();
        assertThat(ContractEventTypes.bySimpleName("Runtime")).isEmpty();
        assertThat(ContractEventTypes.bySimpleName("addressaddedevent")).isEmpty();
    }
}
