package org.proxytrunks.address.command;

import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.IpLiteral;

/**
 * Makes rule A2 (an IP belongs to one address at most) hold across aggregates and service
 * instances: an address claims its IP before the event that gives it the IP is stored.
 * Claims follow the unit of work: a claim is released when the command fails, and a released
 * IP is let go only after the event that frees it is stored. In a preview ({@code dryRun=true},
 * {@link org.proxytrunks.support.dryrun.DryRun#active()}) a claim is only checked, with the same
 * refusal, and nothing is written or let go: a preview stores nothing, so it must hold nothing.
 */
public interface IpClaims {

    /**
     * Claims {@code ip} for {@code owner}.
     *
     * @throws Refusals.DuplicateIpException naming the address that holds it
     */
    void claim(IpLiteral ip, AddressId owner);

    /** Lets {@code ip} go once the current unit of work has committed, if {@code owner} holds it. */
    void releaseAfterCommit(IpLiteral ip, AddressId owner);
}
