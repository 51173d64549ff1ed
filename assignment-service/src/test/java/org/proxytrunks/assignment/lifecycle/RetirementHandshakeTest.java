package org.proxytrunks.assignment.lifecycle;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.proxytrunks.assignment.lifecycle.RetirementHandshake.RoundNotRunException;
import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.BrandId;
import org.proxytrunks.events.assignment.AddressRetirementCheckStartedEvent;
import org.proxytrunks.events.assignment.AddressRetirementConfirmedEvent;
import org.proxytrunks.events.assignment.AddressRetirementRefusedEvent;
import org.proxytrunks.support.dryrun.DryRuns;
import org.proxytrunks.support.dryrun.PreviewEvent;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** How a previewed round's verdict is read from the events it would publish (the round itself runs against real aggregates in RetirementPreviewIT). */
class RetirementHandshakeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AddressId A = new AddressId("a");
    private static final AddressId B = new AddressId("b");
    private static final String USAGE_A = "address-usage:a";

    private final DryRuns dryRuns = mock(DryRuns.class);
    private final RetirementHandshake handshake = new RetirementHandshake(mock(CommandGateway.class), dryRuns);

    @Test
    void aConfirmedRoundIsAccepted() {
        List<PreviewEvent> events = List.of(
                event(USAGE_A, 1, new AddressRetirementCheckStartedEvent(A, 4, List.of())),
                event(USAGE_A, 2, new AddressRetirementConfirmedEvent(A, 4)));
        when(dryRuns.events(any())).thenReturn(events);

        assertThat(handshake.preview(A, null, 4)).isEqualTo(new RetirementHandshake.Preview(true, List.of(), events));
    }

    @Test
    void aRefusedRoundGivesItsReasons() {
        List<PreviewEvent> events = List.of(
                event(USAGE_A, 1, new AddressRetirementCheckStartedEvent(A, 4, List.of(new BrandId("b1")))),
                event(USAGE_A, 2, new AddressRetirementRefusedEvent(A, 4, List.of("carrier c of brand b1 uses address a"))));
        when(dryRuns.events(any())).thenReturn(events);

        assertThat(handshake.preview(A, B, 4))
                .isEqualTo(new RetirementHandshake.Preview(false, List.of("carrier c of brand b1 uses address a"), events));
    }

    @Test
    void aRoundThatConcludesNothingHasNoVerdict() {
        when(dryRuns.events(any())).thenReturn(List.of());
        assertThatThrownBy(() -> handshake.preview(A, null, 4)).isInstanceOf(RoundNotRunException.class);
    }

    @Test
    void onlyTheConclusionOfThisRoundOfThisAddressCounts() {
        when(dryRuns.events(any())).thenReturn(List.of(
                event(USAGE_A, 2, new AddressRetirementConfirmedEvent(A, 3)),
                event("address-usage:b", 2, new AddressRetirementConfirmedEvent(B, 4))));
        assertThatThrownBy(() -> handshake.preview(A, null, 4)).isInstanceOf(RoundNotRunException.class);
    }

    private static PreviewEvent event(String aggregate, long sequence, Object payload) {
        return new PreviewEvent(payload.getClass().getSimpleName(), aggregate, sequence, JSON.valueToTree(payload));
    }
}
