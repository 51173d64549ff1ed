package org.proxytrunks.events.assignment;

import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.BrandId;
import org.proxytrunks.events.EventRevision;

import java.util.List;
import java.util.Objects;

/**
 * The address is retiring: it is granted to no further brand, and the brands that hold it are asked whether it is unused.
 *
 * @param addressId the address
 * @param round the removal round: the sequence number of the address's {@code AddressRetirementStartedEvent}
 * @param brandIds the brands asked, sorted
 */
@EventRevision("1")
public record AddressRetirementCheckStartedEvent(AddressId addressId, long round, List<BrandId> brandIds) implements AddressUsageEvent {

    public AddressRetirementCheckStartedEvent {
        Objects.requireNonNull(addressId, "addressId");
        brandIds = List.copyOf(brandIds);
    }
}
