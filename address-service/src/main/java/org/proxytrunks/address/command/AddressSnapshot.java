package org.proxytrunks.address.command;

import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.AddressName;
import org.proxytrunks.events.IpLiteral;

/** The state of an address after a command, as returned to the caller. */
public record AddressSnapshot(AddressId id, AddressName name, IpLiteral ip, IpLiteral advertisedIp, boolean main,
                              AddressLifecycle state) {
}
