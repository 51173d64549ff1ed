package org.proxytrunks.projector.query;

import org.junit.jupiter.api.Test;
import org.proxytrunks.projector.query.Views.AddressView;
import org.proxytrunks.projector.query.Views.Page;
import org.proxytrunks.projector.query.Views.ProviderRef;
import org.proxytrunks.projector.query.Views.Usage;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ViewsTest {

    @Test
    void anAddressCountsTheBrandsAndProvidersItHolds() {
        AddressView address = new AddressView("a", "Madrid", "127.0.0.2", null, false, "ACTIVE", List.of("b1", "b2", "b3"),
                List.of(new ProviderRef("b1", "CARRIER", "c1"), new ProviderRef("b1", "DDI_PROVIDER", "c1"),
                        new ProviderRef("b2", "CARRIER", "c2")));
        assertThat(address.usage()).isEqualTo(new Usage(3, 2, 1));
        assertThat(new AddressView("a", "Madrid", "127.0.0.2", null, false, "ACTIVE", List.of(), List.of()).usage())
                .isEqualTo(new Usage(0, 0, 0));
    }

    @Test
    void aPageOfAListInMemory() {
        List<String> all = List.of("a", "b", "c", "d", "e");
        assertThat(Page.of(all, 0, 2)).isEqualTo(new Page<>(List.of("a", "b"), 0, 2, 5));
        assertThat(Page.of(all, 2, 2)).isEqualTo(new Page<>(List.of("e"), 2, 2, 5));
        assertThat(Page.of(all, 3, 2)).isEqualTo(new Page<>(List.of(), 3, 2, 5));
        assertThat(Page.of(all, 50, 200).items()).isEmpty();
        assertThat(Page.of(List.of(), 0, 50)).isEqualTo(new Page<>(List.of(), 0, 50, 0));
    }
}
