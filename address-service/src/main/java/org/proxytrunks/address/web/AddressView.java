package org.proxytrunks.address.web;

import org.proxytrunks.address.command.AddressSnapshot;

/**
 * An address as the command endpoints return it.
 *
 * @param id           the address id ({@code proxytrunks} for the main address)
 * @param name         its name
 * @param ip           the IP Kamailio listens on
 * @param advertisedIp the advertised IP, or null
 * @param main         whether it is the main address
 * @param state        ACTIVE or RETIRING
 */
record AddressView(String id, String name, String ip, String advertisedIp, boolean main, String state) {

    static AddressView of(AddressSnapshot snapshot) {
        return new AddressView(snapshot.id().value(), snapshot.name().value(), snapshot.ip().value(),
                snapshot.advertisedIp() == null ? null : snapshot.advertisedIp().value(), snapshot.main(),
                snapshot.state().name());
    }
}
