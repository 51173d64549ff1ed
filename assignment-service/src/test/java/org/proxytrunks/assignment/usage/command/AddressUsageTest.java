package org.proxytrunks.assignment.usage.command;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.proxytrunks.assignment.usage.command.UsageCommands.ConcludeRetirementCheckCommand;
import org.proxytrunks.assignment.usage.command.UsageCommands.EndAddressUsageCommand;
import org.proxytrunks.assignment.usage.command.UsageCommands.GrantAddressCommand;
import org.proxytrunks.assignment.usage.command.UsageCommands.RetirementRound;
import org.proxytrunks.assignment.usage.command.UsageCommands.StartRetirementCheckCommand;
import org.proxytrunks.assignment.usage.command.UsageCommands.TrackAddressCommand;
import org.proxytrunks.assignment.usage.command.UsageRefusals.AddressUnavailableException;
import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.BrandId;
import org.proxytrunks.events.assignment.AddressGrantedToBrandEvent;
import org.proxytrunks.events.assignment.AddressRetirementCheckStartedEvent;
import org.proxytrunks.events.assignment.AddressRetirementConfirmedEvent;
import org.proxytrunks.events.assignment.AddressRetirementRefusedEvent;
import org.proxytrunks.events.assignment.AddressUsageEndedEvent;
import org.proxytrunks.events.assignment.AddressUsageTrackedEvent;

import java.util.List;

class AddressUsageTest {

    private static final AddressId A = new AddressId("a");
    private static final BrandId B1 = new BrandId("b1");
    private static final BrandId B2 = new BrandId("b2");

    private AggregateTestFixture<AddressUsage> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(AddressUsage.class);
    }

    @Test
    void anAddressIsTrackedOnce() {
        fixture.givenNoPriorActivity().when(new TrackAddressCommand(A)).expectEvents(new AddressUsageTrackedEvent(A));
        fixture.given(new AddressUsageTrackedEvent(A)).when(new TrackAddressCommand(A)).expectNoEvents();
    }

    @Test
    void anActiveAddressIsGrantedToABrandOnce() {
        fixture.given(new AddressUsageTrackedEvent(A))
                .when(new GrantAddressCommand(A, B1))
                .expectEvents(new AddressGrantedToBrandEvent(A, B1));
        fixture.given(new AddressUsageTrackedEvent(A), new AddressGrantedToBrandEvent(A, B1))
                .when(new GrantAddressCommand(A, B1))
                .expectNoEvents();
    }

    @Test
    void anUnknownAddressCannotBeGranted() {
        fixture.givenNoPriorActivity()
                .when(new GrantAddressCommand(A, B1))
                .expectException(org.axonframework.modelling.command.AggregateNotFoundException.class);
    }

    @Test
    void aRetiringOrRemovedAddressIsGrantedToNoFurtherBrand() {
        fixture.given(new AddressUsageTrackedEvent(A), new AddressRetirementCheckStartedEvent(A, 4, List.of()))
                .when(new GrantAddressCommand(A, B1))
                .expectException(AddressUnavailableException.class)
                .expectNoEvents();
        fixture.given(new AddressUsageTrackedEvent(A), new AddressUsageEndedEvent(A))
                .when(new GrantAddressCommand(A, B1))
                .expectException(AddressUnavailableException.class);
    }

    @Test
    void aRetirementRoundAsksTheBrandsThatHoldTheAddress() {
        fixture.given(new AddressUsageTrackedEvent(A), new AddressGrantedToBrandEvent(A, B2), new AddressGrantedToBrandEvent(A, B1))
                .when(new StartRetirementCheckCommand(A, 4))
                .expectEvents(new AddressRetirementCheckStartedEvent(A, 4, List.of(B1, B2)))
                .expectResultMessagePayload(new RetirementRound(4, List.of(B1, B2), false, false));
    }

    @Test
    void anAddressNoBrandHoldsIsConfirmedAtOnce() {
        fixture.given(new AddressUsageTrackedEvent(A))
                .when(new StartRetirementCheckCommand(A, 2))
                .expectEvents(new AddressRetirementCheckStartedEvent(A, 2, List.of()), new AddressRetirementConfirmedEvent(A, 2))
                .expectResultMessagePayload(new RetirementRound(2, List.of(), true, false));
    }

    @Test
    void aRoundEndsConfirmedOrRefused() {
        fixture.given(new AddressUsageTrackedEvent(A), new AddressGrantedToBrandEvent(A, B1),
                        new AddressRetirementCheckStartedEvent(A, 4, List.of(B1)))
                .when(new ConcludeRetirementCheckCommand(A, 4, List.of()))
                .expectEvents(new AddressRetirementConfirmedEvent(A, 4));
        fixture.given(new AddressUsageTrackedEvent(A), new AddressGrantedToBrandEvent(A, B1),
                        new AddressRetirementCheckStartedEvent(A, 4, List.of(B1)))
                .when(new ConcludeRetirementCheckCommand(A, 4, List.of("carrier 7 uses it")))
                .expectEvents(new AddressRetirementRefusedEvent(A, 4, List.of("carrier 7 uses it")));
    }

    @Test
    void aRefusedAddressMayBeGrantedAgain() {
        fixture.given(new AddressUsageTrackedEvent(A), new AddressRetirementCheckStartedEvent(A, 4, List.of(B1)),
                        new AddressRetirementRefusedEvent(A, 4, List.of("in use")))
                .when(new GrantAddressCommand(A, B2))
                .expectEvents(new AddressGrantedToBrandEvent(A, B2));
    }

    @Test
    void aRepeatedOrOldRoundChangesNothing() {
        fixture.given(new AddressUsageTrackedEvent(A), new AddressRetirementCheckStartedEvent(A, 4, List.of(B1)),
                        new AddressRetirementRefusedEvent(A, 4, List.of("in use")))
                .when(new StartRetirementCheckCommand(A, 4))
                .expectNoEvents()
                .expectResultMessagePayload(new RetirementRound(4, List.of(B1), true, true));
        fixture.given(new AddressUsageTrackedEvent(A), new AddressRetirementCheckStartedEvent(A, 4, List.of(B1)),
                        new AddressRetirementConfirmedEvent(A, 4))
                .when(new ConcludeRetirementCheckCommand(A, 4, List.of("late")))
                .expectNoEvents();
        fixture.given(new AddressUsageTrackedEvent(A), new AddressRetirementCheckStartedEvent(A, 6, List.of()))
                .when(new StartRetirementCheckCommand(A, 4))
                .expectNoEvents()
                .expectResultMessagePayload(new RetirementRound(4, List.of(), true, false));
    }

    @Test
    void endingTheUsageAnswersTheHoldersEveryTime() {
        fixture.given(new AddressUsageTrackedEvent(A), new AddressGrantedToBrandEvent(A, B1))
                .when(new EndAddressUsageCommand(A))
                .expectEvents(new AddressUsageEndedEvent(A))
                .expectResultMessagePayload(List.of(B1));
        fixture.given(new AddressUsageTrackedEvent(A), new AddressGrantedToBrandEvent(A, B1), new AddressUsageEndedEvent(A))
                .when(new EndAddressUsageCommand(A))
                .expectNoEvents()
                .expectResultMessagePayload(List.of(B1));
    }
}
