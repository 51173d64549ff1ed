package org.proxytrunks.assignment.brand.command;

import org.proxytrunks.assignment.brand.command.BrandRefusals.ProviderTakenException;
import org.proxytrunks.events.BrandId;

/**
 * Makes rule P4 (a provider id belongs to one brand at a time) hold across brands, whose
 * aggregates cannot see each other, and across service instances: a brand claims a provider
 * before the event that gives it the provider is stored. Claims follow the unit of work: a
 * claim is released when the command fails, and a retired provider's claim is let go only after
 * the event that retires it is stored. A preview ({@code dryRun=true}) claims and lets go of
 * nothing: it only meets the same refusals.
 */
interface ProviderClaims {

    /**
     * Claims {@code provider} for {@code brand}.
     *
     * @param alreadyHeld whether the brand's own events give it the provider already (a move)
     * @throws ProviderTakenException naming the brand that holds it
     */
    void claim(Provider provider, BrandId brand, boolean alreadyHeld);

    /**
     * Refuses a command of {@code brand} about {@code provider} when another brand holds it.
     *
     * @throws ProviderTakenException naming the brand that holds it
     */
    void refuseIfAnotherHolds(Provider provider, BrandId brand);

    /** Lets {@code provider} go once the current unit of work has committed, if {@code brand} holds its claim. */
    void releaseAfterCommit(Provider provider, BrandId brand);
}
