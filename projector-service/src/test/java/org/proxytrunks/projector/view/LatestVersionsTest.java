package org.proxytrunks.projector.view;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What the projection remembers of its entities' latest versions, and when it stops trusting it. */
class LatestVersionsTest {

    private final LatestVersions latest = new LatestVersions();

    private static Document version(long sequence) {
        return new Document("_id", "e@" + sequence).append(Versions.SEQUENCE, sequence);
    }

    /** A batch of events 0..2 of aggregate "a" that wrote version 2 of entity "e". */
    private void firstBatch() {
        for (long sequence = 0; sequence <= 2; sequence++) {
            latest.event("a", sequence);
        }
        latest.begin();
        assertThat(latest.before("e", "a", 0)).as("nothing known of the aggregate before its first batch").isNull();
        latest.wrote("e", "a", version(2));
        latest.end();
    }

    @Test
    void theNextEventOfTheAggregateFindsTheVersionItsBatchWrote() {
        firstBatch();
        latest.event("a", 3);
        latest.event("a", 4);
        latest.begin();
        assertThat(latest.before("e", "a", 3)).isEqualTo(version(2));
        assertThat(latest.before("other", "a", 3)).as("an entity never written here").isNull();
    }

    @Test
    void aGapInTheAggregatesEventsDropsWhatIsRemembered() {
        firstBatch();
        latest.event("a", 4);
        latest.begin();
        assertThat(latest.before("e", "a", 4)).isNull();
        latest.end();

        latest.event("a", 5);
        latest.begin();
        assertThat(latest.before("e", "a", 5)).as("still not trusted: nothing was written for it since").isNull();
    }

    @Test
    void eventsAppliedAgainDropWhatIsRemembered() {
        firstBatch();
        latest.event("a", 1);
        latest.event("a", 2);
        latest.begin();
        assertThat(latest.before("e", "a", 1)).isNull();
        latest.end();

        latest.event("a", 3);
        latest.begin();
        assertThat(latest.before("e", "a", 3)).isNull();
    }

    @Test
    void aLookupThatFindsTheChangeStoredKeepsTheAggregateOut() {
        for (long sequence = 0; sequence <= 2; sequence++) {
            latest.event("a", sequence);
        }
        latest.begin();
        latest.appliedAgain("a");
        latest.wrote("e", "a", version(2));
        latest.end();

        latest.event("a", 3);
        latest.begin();
        assertThat(latest.before("e", "a", 3)).isNull();
    }

    @Test
    void aBatchThatFailedForgetsEverythingAlsoForItsRetry() {
        firstBatch();
        latest.event("a", 3);
        latest.begin();
        assertThat(latest.before("e", "a", 3)).isNotNull();
        latest.forget();
        assertThat(latest.before("e", "a", 3)).isNull();
        latest.begin();
        assertThat(latest.before("e", "a", 3)).as("the retry").isNull();
    }

    @Test
    void itRemembersAtMostItsCapacityTheLeastRecentForgottenFirst() {
        for (long sequence = 0; sequence <= LatestVersions.CAPACITY; sequence++) {
            latest.event("a" + sequence, 0);
        }
        latest.begin();
        for (long sequence = 0; sequence <= LatestVersions.CAPACITY; sequence++) {
            latest.wrote("e" + sequence, "a" + sequence, version(0));
        }
        latest.end();
        assertThat(latest.size()).isEqualTo(LatestVersions.CAPACITY);

        latest.event("a0", 1);
        latest.event("a" + LatestVersions.CAPACITY, 1);
        latest.begin();
        assertThat(latest.before("e0", "a0", 1)).as("the eldest").isNull();
        assertThat(latest.before("e" + LatestVersions.CAPACITY, "a" + LatestVersions.CAPACITY, 1)).isEqualTo(version(0));
    }
}
