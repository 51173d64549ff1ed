package org.proxytrunks.support.health;

import org.junit.jupiter.api.Test;
import org.proxytrunks.support.kafka.EventFollower;
import org.proxytrunks.support.kafka.InMemoryParkedRecords;
import org.proxytrunks.support.kafka.ParkedRecord;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class EventFollowerHealthIndicatorTest {

    private final InMemoryParkedRecords parked = new InMemoryParkedRecords();

    private static EventFollower follower(String name, boolean alive) {
        EventFollower follower = mock(EventFollower.class);
        when(follower.name()).thenReturn(name);
        when(follower.alive()).thenReturn(alive);
        return follower;
    }

    @Test
    void upWhileEveryFollowerRunsAndNothingIsParked() {
        assertThat(new EventFollowerHealthIndicator(() -> List.of(follower("live", true)), parked).health().getStatus().getCode())
                .isEqualTo("UP");
    }

    @Test
    void degradedOnceARecordIsParkedWithTheCountInTheDetails() {
        parked.park(new ParkedRecord("t", 0, 7, "k", new byte[]{1}, Map.of(), "cannot be decoded", Instant.now()));
        var health = new EventFollowerHealthIndicator(() -> List.of(follower("live", true)), parked).health();
        assertThat(health.getStatus()).isEqualTo(EventFollowerHealthIndicator.DEGRADED);
        assertThat(health.getDetails()).containsEntry("parkedRecords", 1L);
    }

    @Test
    void downWhenAFollowersThreadHasEndedEvenWithRecordsParked() {
        parked.park(new ParkedRecord("t", 0, 7, "k", null, Map.of(), "cannot be applied", Instant.now()));
        var health = new EventFollowerHealthIndicator(() -> List.of(follower("live", true), follower("replay", false)), parked)
                .health();
        assertThat(health.getStatus().getCode()).isEqualTo("DOWN");
        assertThat(health.getDetails().get("followers").toString()).contains("replay={alive=false");
    }

    @Test
    void downWhenNoFollowerRuns() {
        assertThat(new EventFollowerHealthIndicator(List::of, parked).health().getStatus().getCode()).isEqualTo("DOWN");
    }
}
