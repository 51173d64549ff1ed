package org.proxytrunks.address.command;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.hamcrest.CustomTypeSafeMatcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.proxytrunks.address.command.Commands.AddAddressCommand;
import org.proxytrunks.address.command.Commands.CancelAddressRetirementCommand;
import org.proxytrunks.address.command.Commands.ChangeAddressCommand;
import org.proxytrunks.address.command.Commands.CompleteAddressRetirementCommand;
import org.proxytrunks.address.command.Commands.RegisterMainAddressCommand;
import org.proxytrunks.address.command.Commands.StartAddressRetirementCommand;
import org.proxytrunks.address.command.Refusals.AddressRetiringException;
import org.proxytrunks.address.command.Refusals.DuplicateIpException;
import org.proxytrunks.address.command.Refusals.InvalidAddressFieldException;
import org.proxytrunks.address.command.Refusals.MainAddressProtectedException;
import org.proxytrunks.address.command.Refusals.NotRetiringException;
import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.AddressName;
import org.proxytrunks.events.IpLiteral;
import org.proxytrunks.events.address.AddressAddedEvent;
import org.proxytrunks.events.address.AddressAdvertisedIpChangedEvent;
import org.proxytrunks.events.address.AddressIpChangedEvent;
import org.proxytrunks.events.address.AddressRemovedEvent;
import org.proxytrunks.events.address.AddressRenamedEvent;
import org.proxytrunks.events.address.AddressRetirementCancelledEvent;
import org.proxytrunks.events.address.AddressRetirementStartedEvent;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProxyTrunkAddressTest {

    private static final AddressId ID = new AddressId("a1");
    private static final AddressId OTHER = new AddressId("a2");
    private static final AddressName NAME = new AddressName("Madrid");
    private static final IpLiteral IP2 = IpLiteral.parse("127.0.0.2");
    private static final IpLiteral IP3 = IpLiteral.parse("127.0.0.3");
    private static final IpLiteral MAIN_IP = IpLiteral.parse("127.0.0.1");

    private AggregateTestFixture<ProxyTrunkAddress> fixture;
    private InMemoryIpClaims claims;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(ProxyTrunkAddress.class);
        claims = new InMemoryIpClaims();
        fixture.registerInjectableResource(claims);
    }

    private AddressAddedEvent added() {
        return new AddressAddedEvent(ID, NAME, IP2, null, false);
    }

    private AddressAddedEvent mainAdded() {
        return new AddressAddedEvent(AddressId.MAIN, AddressName.MAIN, MAIN_IP, null, true);
    }

    @Test
    void anAddressIsAddedWithItsIpClaimed() {
        fixture.givenNoPriorActivity()
                .when(new AddAddressCommand(ID, NAME, IP2, IpLiteral.parse("203.0.113.5")))
                .expectEvents(new AddressAddedEvent(ID, NAME, IP2, IpLiteral.parse("203.0.113.5"), false));
        assertThat(claims.claims).containsEntry(IP2, ID);
    }

    @Test
    void anIpThatAnotherAddressHasIsRefused() {
        claims.with(IP2, OTHER);
        fixture.givenNoPriorActivity()
                .when(new AddAddressCommand(ID, NAME, IP2, null))
                .expectException(DuplicateIpException.class)
                .expectNoEvents();
    }

    @Test
    void theMainNameIsReservedForTheMainAddress() {
        fixture.givenNoPriorActivity()
                .when(new AddAddressCommand(ID, new AddressName("ProxyTrunks"), IP2, null))
                .expectException(InvalidAddressFieldException.class)
                .expectNoEvents();
    }

    @Test
    void anAdditionalAddressCannotTakeTheMainId() {
        fixture.givenNoPriorActivity()
                .when(new AddAddressCommand(AddressId.MAIN, NAME, IP2, null))
                .expectException(InvalidAddressFieldException.class);
    }

    @Test
    void theUnspecifiedAndMulticastAddressesAreRefused() {
        fixture.givenNoPriorActivity()
                .when(new AddAddressCommand(ID, NAME, IpLiteral.parse("0.0.0.0"), null))
                .expectException(InvalidAddressFieldException.class)
                .expectExceptionMessage("0.0.0.0 is in 0.0.0.0/8 (\"this network\"); name one address of the host");
        fixture.givenNoPriorActivity()
                .when(new AddAddressCommand(ID, NAME, IP2, IpLiteral.parse("ff02::1")))
                .expectException(InvalidAddressFieldException.class);
    }

    @Test
    void theMainAddressIsRegisteredOnce() {
        fixture.givenNoPriorActivity()
                .when(new RegisterMainAddressCommand(AddressId.MAIN, MAIN_IP, null))
                .expectEvents(mainAdded());
    }

    @Test
    void registeringTheMainAddressAgainChangesNothing() {
        fixture.given(mainAdded(), new AddressIpChangedEvent(AddressId.MAIN, IP3, MAIN_IP))
                .when(new RegisterMainAddressCommand(AddressId.MAIN, MAIN_IP, null))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void theMainAddressCanNeverBeRemoved() {
        fixture.given(mainAdded())
                .when(new StartAddressRetirementCommand(AddressId.MAIN))
                .expectException(MainAddressProtectedException.class)
                .expectNoEvents();
    }

    @Test
    void theMainAddressNameNeverChanges() {
        fixture.given(mainAdded())
                .when(new ChangeAddressCommand(AddressId.MAIN, new AddressName("edge"), null))
                .expectException(MainAddressProtectedException.class)
                .expectNoEvents();
    }

    @Test
    void theMainAddressIpCanChange() {
        fixture.given(mainAdded())
                .when(new ChangeAddressCommand(AddressId.MAIN, AddressName.MAIN, IP3))
                .expectEvents(new AddressIpChangedEvent(AddressId.MAIN, IP3, MAIN_IP))
                .expectResultMessagePayload(new AddressSnapshot(AddressId.MAIN, AddressName.MAIN, IP3, null, true,
                        AddressLifecycle.ACTIVE));
    }

    @Test
    void anAdditionalAddressIsRenamedAndMovedAndItsAdvertisedIpSetAndCleared() {
        IpLiteral advertised = IpLiteral.parse("2001:db8::7");
        fixture.given(added())
                .when(new ChangeAddressCommand(ID, new AddressName("Bilbao"), IP3, true, advertised))
                .expectEvents(new AddressRenamedEvent(ID, new AddressName("Bilbao")),
                        new AddressIpChangedEvent(ID, IP3, IP2),
                        new AddressAdvertisedIpChangedEvent(ID, advertised));
        fixture.given(added(), new AddressAdvertisedIpChangedEvent(ID, advertised))
                .when(new ChangeAddressCommand(ID, null, null, true, null))
                .expectEvents(new AddressAdvertisedIpChangedEvent(ID, null));
    }

    @Test
    void changingNothingEmitsNothing() {
        fixture.given(added())
                .when(new ChangeAddressCommand(ID, NAME, IP2))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void movingToAnIpThatAnotherAddressHasIsRefused() {
        claims.with(IP3, OTHER);
        fixture.given(added())
                .when(new ChangeAddressCommand(ID, null, IP3))
                .expectException(DuplicateIpException.class)
                .expectNoEvents();
    }

    @Test
    void removalIsAHandshakeThatEndsInRemoval() {
        fixture.given(added())
                .when(new StartAddressRetirementCommand(ID))
                .expectEvents(new AddressRetirementStartedEvent(ID));
        fixture.given(added(), new AddressRetirementStartedEvent(ID))
                .when(new CompleteAddressRetirementCommand(ID, 1))
                .expectEvents(new AddressRemovedEvent(ID, IP2))
                .expectMarkedDeleted();
    }

    @Test
    void anAnswerForAnotherRemovalRoundIsRefusedAsStale() {
        fixture.given(added(), new AddressRetirementStartedEvent(ID),
                        new AddressRetirementCancelledEvent(ID, List.of("in use")), new AddressRetirementStartedEvent(ID))
                .when(new CompleteAddressRetirementCommand(ID, 1))
                .expectException(NotRetiringException.class)
                .expectNoEvents();
        fixture.given(added(), new AddressRetirementStartedEvent(ID),
                        new AddressRetirementCancelledEvent(ID, List.of("in use")), new AddressRetirementStartedEvent(ID))
                .when(new CompleteAddressRetirementCommand(ID, 3))
                .expectEvents(new AddressRemovedEvent(ID, IP2));
    }

    @Test
    void aRefusedRemovalMakesTheAddressActiveAgain() {
        fixture.given(added(), new AddressRetirementStartedEvent(ID))
                .when(new CancelAddressRetirementCommand(ID, 1, List.of("carrier 7 uses it")))
                .expectEvents(new AddressRetirementCancelledEvent(ID, List.of("carrier 7 uses it")));
        fixture.given(added(), new AddressRetirementStartedEvent(ID),
                        new AddressRetirementCancelledEvent(ID, List.of("carrier 7 uses it")))
                .when(new ChangeAddressCommand(ID, new AddressName("Kept"), null))
                .expectEvents(new AddressRenamedEvent(ID, new AddressName("Kept")));
    }

    @Test
    void aRetiringAddressCannotBeChanged() {
        fixture.given(added(), new AddressRetirementStartedEvent(ID))
                .when(new ChangeAddressCommand(ID, null, IP3))
                .expectException(AddressRetiringException.class);
    }

    @Test
    void removalCannotCompleteWithoutBeingStarted() {
        fixture.given(added())
                .when(new CompleteAddressRetirementCommand(ID, 0))
                .expectException(NotRetiringException.class);
    }

    @Test
    void startingARemovalTwiceIsHarmless() {
        fixture.given(added(), new AddressRetirementStartedEvent(ID))
                .when(new StartAddressRetirementCommand(ID))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aRemovalWithAFallbackCarriesItInItsStartEvent() {
        fixture.given(added())
                .when(new StartAddressRetirementCommand(ID, OTHER))
                .expectEvents(new AddressRetirementStartedEvent(ID, OTHER));
        fixture.given(added(), new AddressRetirementStartedEvent(ID, OTHER))
                .when(new CompleteAddressRetirementCommand(ID, 1))
                .expectEvents(new AddressRemovedEvent(ID, IP2));
    }

    @Test
    void theProvidersCannotFallBackOnTheAddressItself() {
        fixture.given(added())
                .when(new StartAddressRetirementCommand(ID, ID))
                .expectException(new CustomTypeSafeMatcher<InvalidAddressFieldException>("a refusal naming moveProvidersTo") {
                    @Override
                    protected boolean matchesSafely(InvalidAddressFieldException e) {
                        return e.field().equals("moveProvidersTo") && e.getMessage().contains("the address itself");
                    }
                })
                .expectNoEvents();
    }

    @Test
    void theMainAddressIsNotRemovedWithAFallbackEither() {
        fixture.given(mainAdded())
                .when(new StartAddressRetirementCommand(AddressId.MAIN, ID))
                .expectException(MainAddressProtectedException.class)
                .expectNoEvents();
    }

    /** A removal under way is repeated harmlessly with its own fallback, and refused with another (or none): the round started with one. */
    @Test
    void aRemovalUnderWayKeepsTheFallbackItStartedWith() {
        fixture.given(added(), new AddressRetirementStartedEvent(ID, OTHER))
                .when(new StartAddressRetirementCommand(ID, OTHER))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        fixture.given(added(), new AddressRetirementStartedEvent(ID, OTHER))
                .when(new StartAddressRetirementCommand(ID, AddressId.MAIN))
                .expectException(AddressRetiringException.class);
        fixture.given(added(), new AddressRetirementStartedEvent(ID))
                .when(new StartAddressRetirementCommand(ID, OTHER))
                .expectException(AddressRetiringException.class);
        fixture.given(added(), new AddressRetirementStartedEvent(ID, OTHER), new AddressRetirementCancelledEvent(ID, List.of("x")))
                .when(new StartAddressRetirementCommand(ID))
                .expectEvents(new AddressRetirementStartedEvent(ID));
    }

    @Test
    void aRemovedAddressIsGone() {
        fixture.given(added(), new AddressRetirementStartedEvent(ID), new AddressRemovedEvent(ID, IP2))
                .when(new ChangeAddressCommand(ID, new AddressName("x"), null))
                .expectException(org.axonframework.eventsourcing.AggregateDeletedException.class);
    }
}
