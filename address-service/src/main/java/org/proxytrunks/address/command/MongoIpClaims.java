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

    @Override
    public void claim(IpLiteral ip, AddressId owner) {
        for (int attempt = 0; attempt < 5; attempt++) {
            if (tryInsert(ip, owner)) {
                CurrentUnitOfWork.ifStarted(uow -> uow.onRollback(u -> release(ip, owner)));
                return;
            }
            Document existing = claims.find(Filters.eq("_id", ip.value())).first();
            if (existing == null) {
                continue;
            }
            AddressId holder = new AddressId(existing.getString("addressId"));
            if (holder.equals(owner)) {
                return;
            }
            Optional<AddressHistory.Standing> standing = history.of(holder);
            boolean holds = standing.map(h -> h.exists() && h.ip().equals(ip))
                    .orElseGet(() -> existing.getDate("claimedAt").toInstant().isAfter(clock.instant().minus(IN_FLIGHT)));
            if (holds) {
                throw new DuplicateIpException(ip, holder, standing.map(AddressHistory.Standing::name).orElse("being added"));
            }
            UpdateResult taken = claims.replaceOne(Filters.and(Filters.eq("_id", ip.value()), Filters.eq("addressId", holder.value())),
                    claimDocument(ip, owner));
            if (taken.getModifiedCount() == 1) {
                CurrentUnitOfWork.ifStarted(uow -> uow.onRollback(u -> release(ip, owner)));
                return;
            }
        }
        throw new IllegalStateException("could not settle the claim on " + ip + " after repeated conflicts");
    }

    @Override
    public void releaseAfterCommit(IpLiteral ip, AddressId owner) {
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(u -> release(ip, owner));
        } else {
            release(ip, owner);
        }
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
