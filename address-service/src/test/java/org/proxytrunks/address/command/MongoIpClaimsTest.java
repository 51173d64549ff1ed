package org.proxytrunks.address.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.MongoWriteException;
import com.mongodb.ServerAddress;
import com.mongodb.WriteError;
import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.result.UpdateResult;
import org.bson.BsonDocument;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.proxytrunks.address.command.AddressHistory.Standing;
import org.proxytrunks.address.command.AddressHistory.State;
import org.proxytrunks.address.command.Refusals.DuplicateIpException;
import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.IpLiteral;
import org.proxytrunks.support.dryrun.DryRuns;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;
import static org.mockito.Mockito.when;

/**
 * {@link MongoIpClaims} in a preview: the same decision as a claim, and no write to the claims
 * collection, neither a claim nor a release (a preview holds nothing). The collection is a mock
 * so that every write would be seen; the real collection is exercised by the ITs.
 */
class MongoIpClaimsTest {

    private static final IpLiteral IP = IpLiteral.parse("127.0.0.9");
    private static final AddressId OWNER = new AddressId("owner");
    private static final AddressId HOLDER = new AddressId("holder");
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private MongoCollection<Document> collection;
    private FindIterable<Document> found;
    private AddressHistory history;
    private MongoIpClaims claims;
    private final DryRuns dryRuns = new DryRuns(new ObjectMapper(), null);

    @BeforeEach
    @SuppressWarnings("unchecked")
    void setUp() {
        collection = mock(MongoCollection.class);
        found = mock(FindIterable.class);
        when(collection.find(any(Bson.class))).thenReturn(found);
        MongoDatabase database = mock(MongoDatabase.class);
        when(database.getCollection(MongoIpClaims.COLLECTION)).thenReturn(collection);
        history = mock(AddressHistory.class);
        claims = new MongoIpClaims(database, history, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private void claimedBy(AddressId holder, Instant at) {
        when(found.first()).thenReturn(new Document("_id", IP.value()).append("addressId", holder.value()).append("claimedAt", Date.from(at)));
    }

    private void standing(AddressId address, State state, IpLiteral ip) {
        when(history.of(address)).thenReturn(Optional.of(new Standing("holding", ip, state, -1, -1, List.of(), 0)));
    }

    /** Only the read of the IP's claim: no insert, replace or delete. */
    private void assertOnlyRead() {
        verify(collection).find(any(Bson.class));
        verifyNoMoreInteractions(collection);
    }

    @Test
    void aPreviewOfAFreeIpWritesNoClaim() {
        dryRuns.events(() -> claims.claim(IP, OWNER));

        assertOnlyRead();
    }

    @Test
    void aPreviewIsRefusedAsAClaimIsWhenAnotherAddressHoldsTheIp() {
        claimedBy(HOLDER, NOW.minusSeconds(3600));
        standing(HOLDER, State.ACTIVE, IP);

        assertThatThrownBy(() -> dryRuns.events(() -> claims.claim(IP, OWNER)))
                .isInstanceOfSatisfying(DuplicateIpException.class, e -> assertThat(e.owner()).isEqualTo(HOLDER))
                .hasMessageContaining("'holding'");
        assertOnlyRead();
    }

    @Test
    void aPreviewIsRefusedWhileAnotherAddressIsBeingAddedWithTheIp() {
        claimedBy(HOLDER, NOW.minusSeconds(10));
        when(history.of(HOLDER)).thenReturn(Optional.empty());

        assertThatThrownBy(() -> dryRuns.events(() -> claims.claim(IP, OWNER)))
                .isInstanceOf(DuplicateIpException.class).hasMessageContaining("being added");
        assertOnlyRead();
    }

    @Test
    void aPreviewDoesNotTakeOverAStaleClaim() {
        claimedBy(HOLDER, NOW.minusSeconds(3600));
        standing(HOLDER, State.REMOVED, IP);

        dryRuns.events(() -> claims.claim(IP, OWNER));

        assertOnlyRead();
    }

    /**
     * A preview never commits, so a release after the commit would not run in one anyway; this
     * fails if the release ever ran at once, as it does outside a unit of work.
     */
    @Test
    void aPreviewLetsNoIpGo() {
        dryRuns.events(() -> claims.releaseAfterCommit(IP, OWNER));

        verifyNoMoreInteractions(collection);
    }

    /** The same stale claim, outside a preview, is taken over: the preview above is what differs. */
    @Test
    void outsideAPreviewAStaleClaimIsTakenOver() {
        when(collection.insertOne(any())).thenThrow(duplicateKey());
        claimedBy(HOLDER, NOW.minusSeconds(3600));
        standing(HOLDER, State.REMOVED, IP);
        when(collection.replaceOne(any(Bson.class), any(Document.class))).thenReturn(UpdateResult.acknowledged(1, 1L, null));

        claims.claim(IP, OWNER);

        verify(collection).replaceOne(any(Bson.class), any(Document.class));
    }

    private static MongoWriteException duplicateKey() {
        return new MongoWriteException(new WriteError(11000, "duplicate key", new BsonDocument()), new ServerAddress());
    }
}
