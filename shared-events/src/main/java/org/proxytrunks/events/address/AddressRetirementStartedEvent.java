package org.proxytrunks.events.address;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.EventRevision;

import java.util.Objects;

/**
 * Removal of an additional address was requested: the address is RETIRING. From this event on
 * it must not be newly assigned to a brand or a provider. The assignment side answers by
 * confirming that it is unused (then {@link AddressRemovedEvent} follows) or by naming what
 * still uses it (then {@link AddressRetirementCancelledEvent} follows).
 *
 * <p>Revision 2 added {@code fallbackAddressId}: when it is set, the assignment side moves every
 * carrier and DDI provider on the address to the fallback before it confirms, instead of
 * refusing because they use it. It is left out of the JSON when absent, so a plain removal reads
 * as revision 1 did.
 *
 * @param addressId         the address
 * @param fallbackAddressId where its providers are to be moved, or {@code null} for a plain removal
 */
@EventRevision("2")
public record AddressRetirementStartedEvent(AddressId addressId,
                                            @JsonInclude(JsonInclude.Include.NON_NULL) AddressId fallbackAddressId) implements AddressEvent {

    public AddressRetirementStartedEvent {
        Objects.requireNonNull(addressId, "addressId");
    }

    /** A plain removal, without a fallback. */
    public AddressRetirementStartedEvent(AddressId addressId) {
        this(addressId, null);
    }
}
