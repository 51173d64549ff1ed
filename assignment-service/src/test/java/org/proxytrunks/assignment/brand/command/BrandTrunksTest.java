package org.proxytrunks.assignment.brand.command;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.proxytrunks.assignment.brand.command.BrandCommands.AssignAddressToBrandCommand;
import org.proxytrunks.assignment.brand.command.BrandCommands.ConfirmAddressRetirementCommand;
import org.proxytrunks.assignment.brand.command.BrandCommands.DefineBrandAddressesCommand;
import org.proxytrunks.assignment.brand.command.BrandCommands.DropRemovedAddressCommand;
import org.proxytrunks.assignment.brand.command.BrandCommands.MoveProvidersToFallbackCommand;
import org.proxytrunks.assignment.brand.command.BrandCommands.RetireBrandCommand;
import org.proxytrunks.assignment.brand.command.BrandCommands.RetireProviderCommand;
import org.proxytrunks.assignment.brand.command.BrandCommands.SetProviderAddressCommand;
import org.proxytrunks.assignment.brand.command.BrandCommands.UnassignAddressFromBrandCommand;
import org.proxytrunks.assignment.brand.command.BrandCommands.WithdrawAddressRetirementCommand;
import org.proxytrunks.assignment.brand.command.BrandRefusals.AddressNotInBrandException;
import org.proxytrunks.assignment.brand.command.BrandRefusals.AddressRetiringException;
import org.proxytrunks.assignment.brand.command.BrandRefusals.AlreadyRegisteredException;
import org.proxytrunks.assignment.brand.command.BrandRefusals.AssignmentRuleException;
import org.proxytrunks.assignment.brand.command.BrandRefusals.ProviderTakenException;
import org.proxytrunks.assignment.brand.command.BrandRefusals.UnknownBrandException;
import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.BrandId;
import org.proxytrunks.events.ProviderId;
import org.proxytrunks.events.ProviderKind;
import org.proxytrunks.events.assignment.BrandAddressAssignedEvent;
import org.proxytrunks.events.assignment.BrandAddressRetirementAcceptedEvent;
import org.proxytrunks.events.assignment.BrandAddressRetirementWithdrawnEvent;
import org.proxytrunks.events.assignment.BrandAddressUnassignedEvent;
import org.proxytrunks.events.assignment.BrandRegisteredEvent;
import org.proxytrunks.events.assignment.BrandRetiredEvent;
import org.proxytrunks.events.assignment.ProviderAddressSetEvent;
import org.proxytrunks.events.assignment.ProviderRetiredEvent;
import org.proxytrunks.events.assignment.UnassignmentReason;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class BrandTrunksTest {

    private static final BrandId BRAND = new BrandId("b1");
    private static final AddressId A = new AddressId("a");
    private static final AddressId B = new AddressId("b");
    private static final AddressId C = new AddressId("c");
    private static final ProviderId P7 = new ProviderId("7");
    private static final ProviderKind CARRIER = ProviderKind.CARRIER;
    private static final ProviderKind DDI = ProviderKind.DDI_PROVIDER;

    private static final BrandId OTHER = new BrandId("b2");
    private static final Provider CARRIER_7 = new Provider(ProviderKind.CARRIER, P7);

    private AggregateTestFixture<BrandTrunks> fixture;
    private final ProviderClaimsInMemory claims = new ProviderClaimsInMemory();

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(BrandTrunks.class);
        fixture.registerInjectableResource(claims);
    }

    private static BrandRegisteredEvent registered(AddressId... addresses) {
        return new BrandRegisteredEvent(BRAND, List.of(addresses));
    }

    @Test
    void aBrandIsRegisteredWithItsAddresses() {
        fixture.givenNoPriorActivity()
                .when(new DefineBrandAddressesCommand(BRAND, Set.of(B, A), false))
                .expectEvents(registered(A, B))
                .expectResultMessagePayload(List.of(A, B));
    }

    @Test
    void aBrandNeedsAnAddressToBeRegistered() {
        fixture.givenNoPriorActivity()
                .when(new DefineBrandAddressesCommand(BRAND, Set.of(), false))
                .expectException(AssignmentRuleException.class)
                .expectNoEvents();
    }

    @Test
    void redefiningTheSetAddsAndTakesAway() {
        fixture.given(registered(A, B))
                .when(new DefineBrandAddressesCommand(BRAND, Set.of(B, C), false))
                .expectEvents(new BrandAddressAssignedEvent(BRAND, C),
                        new BrandAddressUnassignedEvent(BRAND, A, UnassignmentReason.UNASSIGNED));
    }

    @Test
    void aServiceMayOnlyRegister() {
        fixture.given(registered(A))
                .when(new DefineBrandAddressesCommand(BRAND, Set.of(A, B), true))
                .expectException(AlreadyRegisteredException.class);
    }

    @Test
    void redefiningCannotTakeAwayAnAddressInUse() {
        fixture.given(registered(A, B), new ProviderAddressSetEvent(BRAND, CARRIER, P7, A, null))
                .when(new DefineBrandAddressesCommand(BRAND, Set.of(B), false))
                .expectException(AssignmentRuleException.class)
                .expectExceptionMessage("carrier 7 of brand b1 uses address a")
                .expectNoEvents();
    }

    @Test
    void anAddressIsAssignedOnce() {
        fixture.given(registered(A))
                .when(new AssignAddressToBrandCommand(BRAND, B))
                .expectEvents(new BrandAddressAssignedEvent(BRAND, B));
        fixture.given(registered(A))
                .when(new AssignAddressToBrandCommand(BRAND, A))
                .expectNoEvents();
    }

    @Test
    void anUnregisteredBrandCannotBeGivenAnAddress() {
        fixture.givenNoPriorActivity()
                .when(new AssignAddressToBrandCommand(BRAND, A))
                .expectException(org.axonframework.modelling.command.AggregateNotFoundException.class);
        fixture.given(registered(A), new BrandRetiredEvent(BRAND))
                .when(new AssignAddressToBrandCommand(BRAND, B))
                .expectException(UnknownBrandException.class);
    }

    @Test
    void theLastAddressCannotBeTakenAway() {
        fixture.given(registered(A))
                .when(new UnassignAddressFromBrandCommand(BRAND, A))
                .expectException(AssignmentRuleException.class)
                .expectNoEvents();
    }

    @Test
    void anAddressUsedByAProviderCannotBeTakenAway() {
        fixture.given(registered(A, B), new ProviderAddressSetEvent(BRAND, DDI, P7, A, null))
                .when(new UnassignAddressFromBrandCommand(BRAND, A))
                .expectException(AssignmentRuleException.class)
                .expectExceptionMessage("DDI provider 7 of brand b1 uses address a")
                .expectNoEvents();
    }

    @Test
    void anUnusedAddressIsTakenAway() {
        fixture.given(registered(A, B))
                .when(new UnassignAddressFromBrandCommand(BRAND, A))
                .expectEvents(new BrandAddressUnassignedEvent(BRAND, A, UnassignmentReason.UNASSIGNED));
    }

    @Test
    void theOnlyAddressIsTheDefaultForAProvider() {
        fixture.given(registered(A))
                .when(new SetProviderAddressCommand(BRAND, CARRIER, P7, null))
                .expectEvents(new ProviderAddressSetEvent(BRAND, CARRIER, P7, A, null))
                .expectResultMessagePayload(A);
    }

    @Test
    void withSeveralAddressesAProviderMustNameOne() {
        fixture.given(registered(A, B))
                .when(new SetProviderAddressCommand(BRAND, CARRIER, P7, null))
                .expectException(AssignmentRuleException.class)
                .expectNoEvents();
    }

    @Test
    void aProviderMovesBetweenTheBrandsAddresses() {
        fixture.given(registered(A, B), new ProviderAddressSetEvent(BRAND, CARRIER, P7, A, null))
                .when(new SetProviderAddressCommand(BRAND, CARRIER, P7, B))
                .expectEvents(new ProviderAddressSetEvent(BRAND, CARRIER, P7, B, A));
    }

    @Test
    void aProviderCannotUseAnAddressOutsideItsBrand() {
        fixture.given(registered(A))
                .when(new SetProviderAddressCommand(BRAND, CARRIER, P7, C))
                .expectException(AddressNotInBrandException.class)
                .expectNoEvents();
    }

    @Test
    void carriersAndDdiProvidersWithTheSameIdAreDistinct() {
        fixture.given(registered(A, B), new ProviderAddressSetEvent(BRAND, CARRIER, P7, A, null))
                .when(new SetProviderAddressCommand(BRAND, DDI, P7, B))
                .expectEvents(new ProviderAddressSetEvent(BRAND, DDI, P7, B, null));
    }

    @Test
    void retiringAProviderEndsItsAssignmentAndIsIdempotent() {
        fixture.given(registered(A), new ProviderAddressSetEvent(BRAND, CARRIER, P7, A, null))
                .when(new RetireProviderCommand(BRAND, CARRIER, P7))
                .expectEvents(new ProviderRetiredEvent(BRAND, CARRIER, P7, A));
        fixture.given(registered(A), new ProviderAddressSetEvent(BRAND, CARRIER, P7, A, null),
                        new ProviderRetiredEvent(BRAND, CARRIER, P7, A))
                .when(new RetireProviderCommand(BRAND, CARRIER, P7))
                .expectNoEvents();
    }

    @Test
    void aProviderHeldByAnotherBrandIsNeitherSetNorRetired() {
        claims.hold(CARRIER_7, OTHER);
        fixture.given(registered(A))
                .when(new SetProviderAddressCommand(BRAND, CARRIER, P7, A))
                .expectException(ProviderTakenException.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("carrier 7 belongs to brand b2"))
                .expectNoEvents();
        fixture.given(registered(A))
                .when(new RetireProviderCommand(BRAND, CARRIER, P7))
                .expectException(ProviderTakenException.class)
                .expectNoEvents();
        fixture.given(registered(A))
                .when(new SetProviderAddressCommand(BRAND, DDI, P7, A))
                .expectEvents(new ProviderAddressSetEvent(BRAND, DDI, P7, A, null));
        assertThat(claims.holder(CARRIER_7)).as("the other brand keeps it").contains(OTHER);
    }

    @Test
    void aProviderIsClaimedWhenSetAndReleasedWhenRetired() {
        fixture.given(registered(A))
                .when(new SetProviderAddressCommand(BRAND, CARRIER, P7, A))
                .expectEvents(new ProviderAddressSetEvent(BRAND, CARRIER, P7, A, null));
        assertThat(claims.holder(CARRIER_7)).contains(BRAND);
        fixture.given(registered(A), new ProviderAddressSetEvent(BRAND, CARRIER, P7, A, null))
                .when(new RetireProviderCommand(BRAND, CARRIER, P7))
                .expectEvents(new ProviderRetiredEvent(BRAND, CARRIER, P7, A));
        assertThat(claims.holder(CARRIER_7)).isEmpty();
    }

    @Test
    void retiringABrandReleasesItsProviders() {
        claims.hold(CARRIER_7, BRAND);
        fixture.given(registered(A), new ProviderAddressSetEvent(BRAND, CARRIER, P7, A, null))
                .when(new RetireBrandCommand(BRAND))
                .expectSuccessfulHandlerExecution();
        assertThat(claims.holder(CARRIER_7)).isEmpty();
    }

    @Test
    void retiringABrandEndsAllItsAssignmentsAndIsIdempotent() {
        fixture.given(registered(A, B), new ProviderAddressSetEvent(BRAND, CARRIER, P7, A, null))
                .when(new RetireBrandCommand(BRAND))
                .expectEvents(new ProviderRetiredEvent(BRAND, CARRIER, P7, A),
                        new BrandAddressUnassignedEvent(BRAND, A, UnassignmentReason.BRAND_RETIRED),
                        new BrandAddressUnassignedEvent(BRAND, B, UnassignmentReason.BRAND_RETIRED),
                        new BrandRetiredEvent(BRAND))
                .expectResultMessagePayload(List.of(A, B));
        fixture.given(registered(A), new BrandRetiredEvent(BRAND))
                .when(new RetireBrandCommand(BRAND))
                .expectNoEvents();
    }

    @Test
    void aRetiringAddressUnusedAndNotLastIsAcceptedAndThenBlocked() {
        fixture.given(registered(A, B))
                .when(new ConfirmAddressRetirementCommand(BRAND, A))
                .expectEvents(new BrandAddressRetirementAcceptedEvent(BRAND, A))
                .expectResultMessagePayload(List.of());
        fixture.given(registered(A, B), new BrandAddressRetirementAcceptedEvent(BRAND, A))
                .when(new SetProviderAddressCommand(BRAND, CARRIER, P7, A))
                .expectException(AddressRetiringException.class);
    }

    @Test
    void aRetiringAddressInUseOrLastIsRefusedWithReasons() {
        fixture.given(registered(A, B), new ProviderAddressSetEvent(BRAND, CARRIER, P7, A, null))
                .when(new ConfirmAddressRetirementCommand(BRAND, A))
                .expectNoEvents()
                .expectResultMessagePayload(List.of("carrier 7 of brand b1 uses address a"));
        fixture.given(registered(A))
                .when(new ConfirmAddressRetirementCommand(BRAND, A))
                .expectNoEvents()
                .expectResultMessagePayload(List.of("it is the last address of brand b1"));
    }

    @Test
    void aRetiringAddressDoesNotCountAsTheBrandsAddress() {
        fixture.given(registered(A, B), new BrandAddressRetirementAcceptedEvent(BRAND, A))
                .when(new UnassignAddressFromBrandCommand(BRAND, B))
                .expectException(AssignmentRuleException.class);
        fixture.given(registered(A, B), new BrandAddressRetirementAcceptedEvent(BRAND, A))
                .when(new ConfirmAddressRetirementCommand(BRAND, B))
                .expectNoEvents()
                .expectResultMessagePayload(List.of("it is the last address of brand b1"));
        fixture.given(registered(A, B), new BrandAddressRetirementAcceptedEvent(BRAND, A))
                .when(new SetProviderAddressCommand(BRAND, CARRIER, P7, null))
                .expectEvents(new ProviderAddressSetEvent(BRAND, CARRIER, P7, B, null));
    }

    @Test
    void aBrandAskedBeforeItIsRegisteredRefusesTheRetiringAddressLater() {
        fixture.givenNoPriorActivity()
                .when(new ConfirmAddressRetirementCommand(BRAND, A))
                .expectEvents(new BrandAddressRetirementAcceptedEvent(BRAND, A));
        fixture.given(new BrandAddressRetirementAcceptedEvent(BRAND, A))
                .when(new DefineBrandAddressesCommand(BRAND, Set.of(A), false))
                .expectException(AddressRetiringException.class)
                .expectNoEvents();
        fixture.given(registered(B), new BrandAddressRetirementAcceptedEvent(BRAND, A))
                .when(new AssignAddressToBrandCommand(BRAND, A))
                .expectException(AddressRetiringException.class);
    }

    @Test
    void aWithdrawnRetirementLetsTheAddressBeUsedAgain() {
        fixture.given(registered(A, B), new BrandAddressRetirementAcceptedEvent(BRAND, A))
                .when(new WithdrawAddressRetirementCommand(BRAND, A))
                .expectEvents(new BrandAddressRetirementWithdrawnEvent(BRAND, A));
        fixture.given(registered(A, B), new BrandAddressRetirementAcceptedEvent(BRAND, A),
                        new BrandAddressRetirementWithdrawnEvent(BRAND, A))
                .when(new SetProviderAddressCommand(BRAND, CARRIER, P7, A))
                .expectEvents(new ProviderAddressSetEvent(BRAND, CARRIER, P7, A, null));
    }

    @Test
    void aRemovedAddressLeavesTheBrand() {
        fixture.given(registered(A, B), new BrandAddressRetirementAcceptedEvent(BRAND, A))
                .when(new DropRemovedAddressCommand(BRAND, A))
                .expectEvents(new BrandAddressUnassignedEvent(BRAND, A, UnassignmentReason.ADDRESS_REMOVED));
    }

    private static final ProviderId D3 = new ProviderId("d3");

    /** A brand whose providers use the address confirms a removal with a fallback it has, keeps the fallback, and moves nothing yet. */
    @Test
    void aRemovalWithAFallbackTheBrandHasIsAcceptedWithoutMovingYet() {
        fixture.given(registered(A, B), new ProviderAddressSetEvent(BRAND, CARRIER, P7, A, null),
                        new ProviderAddressSetEvent(BRAND, DDI, D3, A, null))
                .when(new ConfirmAddressRetirementCommand(BRAND, A, B))
                .expectEvents(new BrandAddressRetirementAcceptedEvent(BRAND, A, B))
                .expectResultMessagePayload(List.of());
    }

    /** Without providers on the address the fallback is not needed: accepted as a plain removal, even when the brand lacks it. */
    @Test
    void aBrandWithNoProviderOnTheAddressNeedsNoFallback() {
        fixture.given(registered(A, B))
                .when(new ConfirmAddressRetirementCommand(BRAND, A, C))
                .expectEvents(new BrandAddressRetirementAcceptedEvent(BRAND, A))
                .expectResultMessagePayload(List.of());
        fixture.given(registered(A))
                .when(new ConfirmAddressRetirementCommand(BRAND, A, C))
                .expectNoEvents()
                .expectResultMessagePayload(List.of("it is the last address of brand b1"));
    }

    @Test
    void aFallbackTheBrandLacksOrIsRemovingIsRefusedNamingTheBrand() {
        String reason = "brand b1 cannot move its providers to the fallback address c (not one of its addresses, or being removed): "
                + "carrier 7 of brand b1 uses address a";
        fixture.given(registered(A, B), new ProviderAddressSetEvent(BRAND, CARRIER, P7, A, null))
                .when(new ConfirmAddressRetirementCommand(BRAND, A, C))
                .expectNoEvents()
                .expectResultMessagePayload(List.of(reason));
        fixture.given(registered(A, B, C), new BrandAddressRetirementAcceptedEvent(BRAND, C),
                        new ProviderAddressSetEvent(BRAND, CARRIER, P7, A, null))
                .when(new ConfirmAddressRetirementCommand(BRAND, A, C))
                .expectNoEvents()
                .expectResultMessagePayload(List.of(reason));
    }

    /** Once every brand confirmed, each moves its providers still on the retiring address, as ordinary provider moves. */
    @Test
    void theProvidersMoveToTheKeptFallback() {
        fixture.given(registered(A, B), new ProviderAddressSetEvent(BRAND, CARRIER, P7, A, null),
                        new ProviderAddressSetEvent(BRAND, DDI, D3, A, null), new ProviderAddressSetEvent(BRAND, DDI, P7, B, null),
                        new BrandAddressRetirementAcceptedEvent(BRAND, A, B))
                .when(new MoveProvidersToFallbackCommand(BRAND, A))
                .expectEvents(new ProviderAddressSetEvent(BRAND, CARRIER, P7, B, A), new ProviderAddressSetEvent(BRAND, DDI, D3, B, A));
        fixture.given(registered(A, B), new ProviderAddressSetEvent(BRAND, CARRIER, P7, A, null),
                        new BrandAddressRetirementAcceptedEvent(BRAND, A, B), new ProviderAddressSetEvent(BRAND, CARRIER, P7, B, A))
                .when(new MoveProvidersToFallbackCommand(BRAND, A))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
        fixture.given(registered(A, B), new ProviderAddressSetEvent(BRAND, CARRIER, P7, A, null),
                        new BrandAddressRetirementAcceptedEvent(BRAND, A, B), new BrandAddressRetirementWithdrawnEvent(BRAND, A))
                .when(new MoveProvidersToFallbackCommand(BRAND, A))
                .expectNoEvents();
    }

    /** While the removal runs no provider is set onto the retiring address; the fallback cannot leave the brand nor be removed itself. */
    @Test
    void theFallbackStaysWithTheBrandWhileTheRemovalRuns() {
        BrandAddressRetirementAcceptedEvent accepted = new BrandAddressRetirementAcceptedEvent(BRAND, A, B);
        ProviderAddressSetEvent onA = new ProviderAddressSetEvent(BRAND, CARRIER, P7, A, null);
        fixture.given(registered(A, B, C), onA, accepted)
                .when(new SetProviderAddressCommand(BRAND, DDI, D3, A))
                .expectException(AddressRetiringException.class);
        fixture.given(registered(A, B, C), onA, accepted)
                .when(new UnassignAddressFromBrandCommand(BRAND, B))
                .expectException(AssignmentRuleException.class)
                .expectExceptionMessage("address b of brand b1 is the fallback for the providers of address a, which is being removed");
        fixture.given(registered(A, B, C), onA, accepted)
                .when(new DefineBrandAddressesCommand(BRAND, Set.of(A, C), false))
                .expectException(AssignmentRuleException.class);
        fixture.given(registered(A, B, C), onA, accepted)
                .when(new ConfirmAddressRetirementCommand(BRAND, B))
                .expectNoEvents()
                .expectResultMessagePayload(List.of("address b of brand b1 is the fallback for the providers of address a, which is being removed"));
        fixture.given(registered(A, B, C), onA, accepted, new ProviderAddressSetEvent(BRAND, CARRIER, P7, B, A),
                        new BrandAddressUnassignedEvent(BRAND, A, UnassignmentReason.ADDRESS_REMOVED),
                        new ProviderAddressSetEvent(BRAND, CARRIER, P7, C, B))
                .when(new UnassignAddressFromBrandCommand(BRAND, B))
                .expectEvents(new BrandAddressUnassignedEvent(BRAND, B, UnassignmentReason.UNASSIGNED));
    }
}
