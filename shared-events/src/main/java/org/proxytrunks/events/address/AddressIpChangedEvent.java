package org.proxytrunks.events.address;

import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.EventRevision;
import org.proxytrunks.events.IpLiteral;

import java.util.Objects;

/**
 * The IP address Kamailio listens on for this address changed; the listener set of the trunks
 * proxy changes with it (which needs a Kamailio restart).
 *
 * @param addressId  the address
 * @param ip         the new IP
 * @param previousIp the IP it had before
 */
@EventRevision("1")
public record AddressIpChangedEvent(AddressId addressId, IpLiteral ip, IpLiteral previousIp) implements AddressEvent {

    public AddressIpChangedEvent {
        Objects.requireNonNull(addressId, "addressId");
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(previousIp, "previousIp");
    }
}
