package org.proxytrunks.assignment.brand.command;

import org.proxytrunks.assignment.brand.command.BrandRefusals.ProviderTakenException;
import org.proxytrunks.events.BrandId;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Provider claims for the aggregate's unit tests: a map, released at once (the fixture commits every command it does not refuse). */
final class ProviderClaimsInMemory implements ProviderClaims {

    private final Map<Provider, BrandId> holders = new HashMap<>();

    /** Lets {@code brand} hold {@code provider}, as another brand's aggregate would have. */
    void hold(Provider provider, BrandId brand) {
        holders.put(provider, brand);
    }

    Optional<BrandId> holder(Provider provider) {
        return Optional.ofNullable(holders.get(provider));
    }

    @Override
    public void claim(Provider provider, BrandId brand, boolean alreadyHeld) {
        refuseIfAnotherHolds(provider, brand);
        holders.put(provider, brand);
    }

    @Override
    public void refuseIfAnotherHolds(Provider provider, BrandId brand) {
        BrandId holder = holders.get(provider);
        if (holder != null && !holder.equals(brand)) {
            throw new ProviderTakenException(provider, holder);
        }
    }

    @Override
    public void releaseAfterCommit(Provider provider, BrandId brand) {
        holders.remove(provider, brand);
    }
}
