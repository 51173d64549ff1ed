package org.proxytrunks.address.command;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.AddressName;
import org.proxytrunks.events.IpLiteral;

import java.util.List;

/** The commands of the address aggregate. */
public final class Commands {

    private Commands() {
    }

    /** Adds an additional address; {@code advertisedIp} may be null. */
    public record AddAddressCommand(AddressId addressId, AddressName name, IpLiteral ip, IpLiteral advertisedIp) {
    }

    /** Registers the main address at installation; does nothing when it exists already. */
    public record RegisterMainAddressCommand(@TargetAggregateIdentifier AddressId addressId, IpLiteral ip,
                                             IpLiteral advertisedIp) {
    }

    /**
     * Changes what is given: a {@code null} name or ip is left as it is; the advertised IP is set
     * to {@code advertisedIp} (null clears it) only when {@code setAdvertisedIp} is true.
     */
    public record ChangeAddressCommand(@TargetAggregateIdentifier AddressId addressId, AddressName name, IpLiteral ip,
                                       boolean setAdvertisedIp, IpLiteral advertisedIp) {

        /** Changes the name and/or IP, keeping the advertised IP. */
        public ChangeAddressCommand(AddressId addressId, AddressName name, IpLiteral ip) {
            this(addressId, name, ip, false, null);
        }
    }

    /**
     * Starts the removal handshake: the address becomes RETIRING. With a {@code fallback} (null
     * for none) the assignment side moves every provider on the address there before confirming.
     */
    public record StartAddressRetirementCommand(@TargetAggregateIdentifier AddressId addressId, AddressId fallback) {

        /** The request parameter that names the fallback; field errors about it name it. */
        public static final String FALLBACK_FIELD = "moveProvidersTo";

        /** A plain removal: refused while any provider uses the address. */
        public StartAddressRetirementCommand(AddressId addressId) {
            this(addressId, null);
        }
    }

    /** Ends removal round {@code round} with removal: nothing uses the address any more. */
    public record CompleteAddressRetirementCommand(@TargetAggregateIdentifier AddressId addressId, long round) {
    }

    /** Ends removal round {@code round} with a refusal: the address stays, ACTIVE again. */
    public record CancelAddressRetirementCommand(@TargetAggregateIdentifier AddressId addressId, long round,
                                                 List<String> reasons) {
    }
}
