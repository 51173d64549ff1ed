package org.proxytrunks.events.address;

import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.AddressName;
import org.proxytrunks.events.EventRevision;
import org.proxytrunks.events.IpLiteral;

import java.util.Objects;

/**
 * An address was added. For the main address ({@code main = true}, id {@code proxytrunks})
 * this is its registration at installation.
 *
 * @param addressId   the new address
 * @param name        its name
 * @param ip          the IP address Kamailio listens on (UDP/TCP 5060, TLS 5061)
 * @param advertisedIp the public address advertised in SIP headers when the host is behind
 *                    NAT, or {@code null} when {@code ip} is advertised as is
 * @param main        whether this is the unremovable main address
 */
@EventRevision("1")
public record AddressAddedEvent(AddressId addressId, AddressName name, IpLiteral ip, IpLiteral advertisedIp,
                                boolean main) implements AddressEvent {

    public AddressAddedEvent {
        Objects.requireNonNull(addressId, "addressId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(ip, "ip");
    }
}
