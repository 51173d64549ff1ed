package org.proxytrunks.projector.web;

import org.junit.jupiter.api.Test;
import org.proxytrunks.projector.query.Views.AddressView;
import org.proxytrunks.projector.query.Views.ProviderRef;
import org.proxytrunks.projector.query.Views.Usage;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ConfinementTest {

    private static final AddressView SHARED = new AddressView("a", "Madrid", "127.0.0.2", "203.0.113.1", false, "ACTIVE",
            List.of("b1", "b2", "b3"), List.of(new ProviderRef("b1", "CARRIER", "c1"), new ProviderRef("b2", "CARRIER", "c2"),
            new ProviderRef("b2", "DDI_PROVIDER", "d2"), new ProviderRef("b3", "DDI_PROVIDER", "d3")));

    @Test
    void aBrandAdminSeesItsOwnBrandAndProvidersAndTheirCountsOnly() {
        AddressView confined = Confinement.address(SHARED, "b2");
        assertThat(confined.brands()).containsExactly("b2");
        assertThat(confined.providers()).containsExactly(new ProviderRef("b2", "CARRIER", "c2"), new ProviderRef("b2", "DDI_PROVIDER", "d2"));
        assertThat(confined.usage()).isEqualTo(new Usage(1, 1, 1));
        assertThat(confined).usingRecursiveComparison().comparingOnlyFields("id", "name", "ip", "advertisedIp", "main", "state")
                .isEqualTo(SHARED);
        assertThat(SHARED.usage()).as("the whole view still counts everything").isEqualTo(new Usage(3, 2, 2));
    }

    @Test
    void anotherBrandSeesNothingOfTheAddressesUse() {
        AddressView confined = Confinement.address(SHARED, "b9");
        assertThat(confined.brands()).isEmpty();
        assertThat(confined.providers()).isEmpty();
        assertThat(confined.usage()).isEqualTo(new Usage(0, 0, 0));
        assertThat(Confinement.brands(List.of("b1", "b2"), "b9")).isEmpty();
        assertThat(Confinement.brands(List.of("b1", "b2"), "b1")).containsExactly("b1");
    }
}
