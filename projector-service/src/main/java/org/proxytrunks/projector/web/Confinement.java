package org.proxytrunks.projector.web;

import org.proxytrunks.projector.query.Views.AddressView;

import java.util.List;

/**
 * What a brand admin sees of what it may read: of an address assigned to its brand, only its own
 * brand and providers, and counts of those alone; other brands' use of a shared address is theirs
 * to know.
 */
final class Confinement {

    private Confinement() {
    }

    /** {@code address} with only {@code brand} and its providers, counted again. */
    static AddressView address(AddressView address, String brand) {
        return new AddressView(address.id(), address.name(), address.ip(), address.advertisedIp(), address.main(),
                address.state(), brands(address.brands(), brand),
                address.providers().stream().filter(p -> p.brandId().equals(brand)).toList());
    }

    /** Of {@code brands}, only {@code brand}. */
    static List<String> brands(List<String> brands, String brand) {
        return brands.stream().filter(brand::equals).toList();
    }
}
