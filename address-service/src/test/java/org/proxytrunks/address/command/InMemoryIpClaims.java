package org.proxytrunks.address.command;

import org.proxytrunks.address.command.Refusals.DuplicateIpException;
import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.IpLiteral;

import java.util.HashMap;
import java.util.Map;

/** {@link IpClaims} in a map, for aggregate fixture tests. */
final class InMemoryIpClaims implements IpClaims {

    final Map<IpLiteral, AddressId> claims = new HashMap<>();

    InMemoryIpClaims with(IpLiteral ip, AddressId owner) {
        claims.put(ip, owner);
        return this;
    }

    @Override
    public void claim(IpLiteral ip, AddressId owner) {
        AddressId holder = claims.putIfAbsent(ip, owner);
        if (holder != null && !holder.equals(owner)) {
            throw new DuplicateIpException(ip, holder, "other");
        }
    }

    @Override
    public void releaseAfterCommit(IpLiteral ip, AddressId owner) {
        claims.remove(ip, owner);
    }
}
