package org.proxytrunks.address.command;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.result.UpdateResult;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.bson.Document;
import org.proxytrunks.address.command.Refusals.DuplicateIpException;
import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.IpLiteral;
import org.proxytrunks.support.dryrun.DryRun;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

/**
 * {@link IpClaims} in a MongoDB collection whose document id is the IP, so the unique id index
 * decides between concurrent claims, across service instances too.
 *
 * <p>A claim can outlive its reason when the service stops between storing an event and letting
 * the old IP go. Such a claim heals itself: when another address asks for the IP, the holder's
 * own event history decides whether it still has it.
 */
@Component
class MongoIpClaims implements IpClaims {

    static final String COLLECTION = "address_ip_claims";
    private static final Duration IN_FLIGHT = Duration.ofMinutes(1);

    private final MongoCollection<Document> claims;
    private final AddressHistory history;
    private final Clock clock;

    MongoIpClaims(MongoDatabase addressDatabase, AddressHistory history, Clock clock) {
        this.claims = addressDatabase.getCollection(COLLECTION);
        this.history = history;
        this.clock = clock;
    }

    /**
     * Claims {@code ip}, or in a preview ({@link DryRun#active()}) only checks that it could: the
     * same refusal, and nothing written. A preview's claim would hold the IP against real commands
     * for as long as the preview runs, and its release would belong to a rollback, not to the
     * preview's answer.
     */
    @Override
    public void claim(IpLiteral ip, AddressId owner) {
        if (DryRun.active()) {
            staleHolder(ip, owner, claimOn(ip));
            return;
        }
        for (int attempt = 0; attempt < 5; attempt++) {
            if (tryInsert(ip, owner)) {
                releaseOnRollback(ip, owner);
                return;
            }
            Document existing = claimOn(ip);
            if (existing == null) {
                continue;
            }
            AddressId stale = staleHolder(ip, owner, existing);
            if (stale == null) {
                return;
            }
            UpdateResult taken = claims.replaceOne(Filters.and(Filters.eq("_id", ip.value()), Filters.eq("addressId", stale.value())),
                    claimDocument(ip, owner));
            if (taken.getModifiedCount() == 1) {
                releaseOnRollback(ip, owner);
                return;
            }
        }
        throw new IllegalStateException("could not settle the claim on " + ip + " after repeated conflicts");
    }

    /** Lets {@code ip} go after the commit; in a preview, which never commits, nothing is let go. */
    @Override
    public void releaseAfterCommit(IpLiteral ip, AddressId owner) {
        if (DryRun.active()) {
            return;
        }
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(u -> release(ip, owner));
        } else {
            release(ip, owner);
        }
    }

    /**
     * Decides what the claim {@code existing} on {@code ip} (null when there is none) means for
     * {@code owner}, the one rule both a claim and a preview's check follow: refused when another
     * address holds the IP (its own event history decides; a claim of an address still being
     * added holds for {@link #IN_FLIGHT}).
     *
     * @return the holder of a stale claim, which {@code owner} may take over; null when there is
     *         no claim or it is {@code owner}'s own
     * @throws DuplicateIpException naming the address that holds the IP
     */
    private AddressId staleHolder(IpLiteral ip, AddressId owner, Document existing) {
        if (existing == null) {
            return null;
        }
        AddressId holder = new AddressId(existing.getString("addressId"));
        if (holder.equals(owner)) {
            return null;
        }
        Optional<AddressHistory.Standing> standing = history.of(holder);
        boolean holds = standing.map(h -> h.exists() && h.ip().equals(ip))
                .orElseGet(() -> existing.getDate("claimedAt").toInstant().isAfter(clock.instant().minus(IN_FLIGHT)));
        if (holds) {
            throw new DuplicateIpException(ip, holder, standing.map(AddressHistory.Standing::name).orElse("being added"));
        }
        return holder;
    }

    private Document claimOn(IpLiteral ip) {
        return claims.find(Filters.eq("_id", ip.value())).first();
    }

    private void releaseOnRollback(IpLiteral ip, AddressId owner) {
        CurrentUnitOfWork.ifStarted(uow -> uow.onRollback(u -> release(ip, owner)));
    }

    private boolean tryInsert(IpLiteral ip, AddressId owner) {
        try {
            claims.insertOne(claimDocument(ip, owner));
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    private void release(IpLiteral ip, AddressId owner) {
        claims.deleteOne(Filters.and(Filters.eq("_id", ip.value()), Filters.eq("addressId", owner.value())));
    }

    private Document claimDocument(IpLiteral ip, AddressId owner) {
        Instant now = clock.instant();
        return new Document("_id", ip.value()).append("addressId", owner.value()).append("claimedAt", Date.from(now));
    }

}
