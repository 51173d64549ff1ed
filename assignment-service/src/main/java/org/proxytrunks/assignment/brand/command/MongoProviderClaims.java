package org.proxytrunks.assignment.brand.command;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.proxytrunks.assignment.brand.command.BrandRefusals.ProviderTakenException;
import org.proxytrunks.events.BrandId;
import org.proxytrunks.support.dryrun.DryRun;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * {@link ProviderClaims} in a MongoDB collection whose document id is the provider's kind and id
 * ({@code CARRIER:car1}), so the unique id index decides between brands claiming at once, across
 * service instances too. Every write of a claim carries a fresh {@code claimId}, and a claim is
 * only ever replaced or deleted by naming the claimId it was read with: a command that failed
 * cannot delete the claim a later command of the same brand rests on.
 *
 * <p>A claim can outlive its reason: the service may stop after claiming and before storing the
 * event, or after retiring a provider and before letting its claim go. Such a claim heals itself:
 * when another brand asks for the provider, the holder's own events decide whether it still has
 * it; a claim younger than {@link #IN_FLIGHT} stands regardless, as its event may be on its way.
 *
 * <p>Providers set before claims existed have none: the first time this service claims, it
 * claims them from the event history (once per database; several instances doing it at once
 * only insert the same claims), the brand that took a provider first keeping it.
 *
 * <p>A preview ({@link DryRun#active()}, {@code dryRun=true}) writes nothing here: a claim would
 * outlive the rolled-back preview only as long as its unit of work, but renewing a claim left
 * behind replaces that claim, and the claims from history are written for good. It only checks:
 * the same refusal when another brand holds the provider, read from the claims as they are, or
 * from the history when its claims are not written yet.
 */
@Component
class MongoProviderClaims implements ProviderClaims {

    static final String COLLECTION = "provider_claims";
    static final String MIGRATIONS = "provider_claim_migrations";
    private static final String FROM_HISTORY = "claimed-from-history";
    private static final Duration IN_FLIGHT = Duration.ofMinutes(1);
    private static final int CONFIRMED_KEPT = 100_000;

    private final MongoCollection<Document> claims;
    private final MongoCollection<Document> migrations;
    private final ProviderHistory history;
    private final Clock clock;
    private volatile boolean claimedFromHistory;
    /**
     * Providers whose claim was read and found to be their brand's while the brand's aggregate
     * held them: a move of one of them (its aggregate holding it still) needs no read of the claim,
     * which would cost a MongoDB round trip inside every provider command. Forgotten when the
     * brand lets it go; a stale aggregate cannot use it, as its event would not be stored (the
     * event store refuses a sequence number twice). Bounded, least recently used out first.
     */
    private final Map<Provider, BrandId> confirmed = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Provider, BrandId> eldest) {
            return size() > CONFIRMED_KEPT;
        }
    });

    MongoProviderClaims(MongoDatabase assignmentDatabase, ProviderHistory history, Clock clock) {
        this.claims = assignmentDatabase.getCollection(COLLECTION);
        this.migrations = assignmentDatabase.getCollection(MIGRATIONS);
        this.history = history;
        this.clock = clock;
    }

    @Override
    public void claim(Provider provider, BrandId brand, boolean alreadyHeld) {
        if (DryRun.active()) {
            refuseIfAnotherHolds(provider, brand);
            return;
        }
        claimFromHistoryOnce();
        if (alreadyHeld && brand.equals(confirmed.get(provider))) {
            return;
        }
        for (int attempt = 0; attempt < 5; attempt++) {
            Claim current = find(provider);
            if (current == null) {
                if (write(provider, brand, null)) {
                    return;
                }
                continue;
            }
            refuseIfAnotherHolds(current, provider, brand);
            if (current.brand().equals(brand) && alreadyHeld) {
                confirmed.put(provider, brand);
                return;
            }
            // a claim left behind (by this brand or another) is renewed, so that it counts as in flight again
            if (write(provider, brand, current.claimId())) {
                return;
            }
        }
        throw new IllegalStateException("could not settle the claim on " + provider + " after repeated conflicts");
    }

    @Override
    public void refuseIfAnotherHolds(Provider provider, BrandId brand) {
        Claim current;
        if (DryRun.active()) {
            current = findOrFromHistory(provider);
        } else {
            claimFromHistoryOnce();
            current = find(provider);
        }
        if (current != null) {
            refuseIfAnotherHolds(current, provider, brand);
        }
    }

    /** Nothing to let go in a preview: the retirement it previews is never stored. */
    @Override
    public void releaseAfterCommit(Provider provider, BrandId brand) {
        if (DryRun.active()) {
            return;
        }
        confirmed.remove(provider);
        Claim current = find(provider);
        if (current == null || !current.brand().equals(brand)) {
            return;
        }
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(u -> release(provider, current.claimId()));
        } else {
            release(provider, current.claimId());
        }
    }

    private void refuseIfAnotherHolds(Claim claim, Provider provider, BrandId brand) {
        if (claim.brand().equals(brand)) {
            return;
        }
        boolean inFlight = claim.claimedAt().isAfter(clock.instant().minus(IN_FLIGHT));
        if (inFlight || history.holds(claim.brand(), provider)) {
            throw new ProviderTakenException(provider, claim.brand());
        }
    }

    /**
     * Writes a claim of {@code brand}: a new one when {@code replacing} is null, else in place of
     * the claim with that claimId. Answers false when another write came first.
     */
    private boolean write(Provider provider, BrandId brand, String replacing) {
        String claimId = UUID.randomUUID().toString();
        Document claim = claimDocument(provider, brand, claimId, clock.instant());
        boolean written = replacing == null ? insertUnlessPresent(claims, claim)
                : claims.replaceOne(identified(provider, replacing), claim).getModifiedCount() == 1;
        if (written) {
            CurrentUnitOfWork.ifStarted(uow -> uow.onRollback(u -> release(provider, claimId)));
        }
        return written;
    }

    private void release(Provider provider, String claimId) {
        claims.deleteOne(identified(provider, claimId));
    }

    private Claim find(Provider provider) {
        Document found = claims.find(Filters.eq("_id", key(provider))).first();
        return found == null ? null : new Claim(new BrandId(found.getString("brandId")), found.getString("claimId"),
                found.getDate("claimedAt").toInstant());
    }

    /**
     * The claim on {@code provider}, without writing: while the claims from history are not
     * written yet, the one they would write for it (as {@link #claimFromHistoryOnce} dates it).
     */
    private Claim findOrFromHistory(Provider provider) {
        Claim found = find(provider);
        if (found != null || claimedFromHistory || migrations.find(Filters.eq("_id", FROM_HISTORY)).first() != null) {
            return found;
        }
        BrandId first = history.firstHolders().get(provider);
        return first == null ? null : new Claim(first, null, Instant.EPOCH);
    }

    /**
     * Claims the providers the event history gives to brands, if this database has not had that
     * done yet. The claims date from the epoch: whether they stand is the history's to say.
     */
    private void claimFromHistoryOnce() {
        if (claimedFromHistory) {
            return;
        }
        synchronized (this) {
            if (claimedFromHistory) {
                return;
            }
            if (migrations.find(Filters.eq("_id", FROM_HISTORY)).first() == null) {
                for (Map.Entry<Provider, BrandId> held : history.firstHolders().entrySet()) {
                    insertUnlessPresent(claims, claimDocument(held.getKey(), held.getValue(), UUID.randomUUID().toString(), Instant.EPOCH));
                }
                insertUnlessPresent(migrations, new Document("_id", FROM_HISTORY).append("at", Date.from(clock.instant())));
            }
            claimedFromHistory = true;
        }
    }

    /** Inserts {@code document}; answers false when one with its id is there already. */
    private static boolean insertUnlessPresent(MongoCollection<Document> collection, Document document) {
        try {
            collection.insertOne(document);
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    private static Document claimDocument(Provider provider, BrandId brand, String claimId, Instant claimedAt) {
        return new Document("_id", key(provider)).append("brandId", brand.value()).append("claimId", claimId)
                .append("claimedAt", Date.from(claimedAt));
    }

    private static Bson identified(Provider provider, String claimId) {
        return Filters.and(Filters.eq("_id", key(provider)), Filters.eq("claimId", claimId));
    }

    private static String key(Provider provider) {
        return provider.kind().name() + ":" + provider.id().value();
    }

    private record Claim(BrandId brand, String claimId, Instant claimedAt) {
    }
}
