package org.proxytrunks.assignment.lifecycle;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.proxytrunks.assignment.brand.command.BrandCommands.ConfirmAddressRetirementCommand;
import org.proxytrunks.assignment.brand.command.BrandCommands.MoveProvidersToFallbackCommand;
import org.proxytrunks.assignment.brand.command.BrandCommands.WithdrawAddressRetirementCommand;
import org.proxytrunks.assignment.usage.command.UsageCommands;
import org.proxytrunks.assignment.usage.command.UsageCommands.ConcludeRetirementCheckCommand;
import org.proxytrunks.assignment.usage.command.UsageCommands.RetirementRound;
import org.proxytrunks.assignment.usage.command.UsageCommands.StartRetirementCheckCommand;
import org.proxytrunks.assignment.usage.command.UsageCommands.TrackAddressCommand;
import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.BrandId;
import org.proxytrunks.events.assignment.AddressRetirementConfirmedEvent;
import org.proxytrunks.events.assignment.AddressRetirementRefusedEvent;
import org.proxytrunks.support.dryrun.DryRuns;
import org.proxytrunks.support.dryrun.PreviewEvent;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * The assignment side of one removal round of an address: what {@link AddressLifecycleHandler}
 * runs for each {@code AddressRetirementStartedEvent}, and what the address service previews
 * through {@link #preview} before it starts one. One place, so that a preview cannot answer
 * other than the round would.
 *
 * <p>A removal with a fallback moves the providers in two steps: every brand first confirms
 * (and from then on gives the address to no provider and keeps the fallback); only when all
 * have confirmed does each move its providers, and only then is the round confirmed. So a
 * refusal by one brand moves nothing anywhere, and the address is never removed while a
 * provider is on it. Every step is idempotent, so a repeated delivery after a crash replays
 * harmlessly.
 */
@Component
public class RetirementHandshake {

    private final CommandGateway commands;
    private final DryRuns dryRuns;

    RetirementHandshake(CommandGateway commands, DryRuns dryRuns) {
        this.commands = commands;
        this.dryRuns = dryRuns;
    }

    /**
     * Runs round {@code round} of the removal of {@code address}: makes sure the address is
     * tracked (a no-op when it is, or when it was removed), asks every brand that holds it, moves
     * the providers to {@code fallback} (may be null) when all confirmed, and concludes the round;
     * the brands withdraw their blocks when it was refused.
     */
    void run(AddressId address, AddressId fallback, long round) {
        commands.sendAndWait(new TrackAddressCommand(address));
        RetirementRound check = commands.sendAndWait(new StartRetirementCheckCommand(address, round));
        if (!check.concluded()) {
            List<String> reasons = new ArrayList<>();
            for (BrandId brand : check.brands()) {
                List<String> answer = commands.sendAndWait(new ConfirmAddressRetirementCommand(brand, address, fallback));
                reasons.addAll(answer);
            }
            if (reasons.isEmpty() && fallback != null) {
                check.brands().forEach(brand -> commands.sendAndWait(new MoveProvidersToFallbackCommand(brand, address)));
            }
            commands.sendAndWait(new ConcludeRetirementCheckCommand(address, check.round(), reasons));
            check = commands.sendAndWait(new StartRetirementCheckCommand(address, round));
        }
        if (check.refused()) {
            check.brands().forEach(brand -> commands.sendAndWait(new WithdrawAddressRetirementCommand(brand, address)));
        }
    }

    /**
     * Runs round {@code round} as a preview (nothing stored, nothing published) and answers how
     * it would end: the verdict is read from the events the round would publish, the confirmation
     * or refusal the address service acts on. An address this service has not heard of yet (its
     * {@code AddressAddedEvent} still on its way) is tracked by the round, as the real round would,
     * and being held by no brand, accepted.
     *
     * @throws RoundNotRunException when the round would conclude nothing: the address is in
     *                              another round or was removed, or {@code round} is not newer
     *                              than its last (a repeated delivery changes nothing)
     */
    public Preview preview(AddressId address, AddressId fallback, long round) {
        List<PreviewEvent> events = dryRuns.events(() -> run(address, fallback, round));
        String usage = UsageCommands.aggregateId(address);
        for (PreviewEvent event : events) {
            boolean ofThisRound = usage.equals(event.aggregate()) && event.payload().path("round").asLong(-1) == round;
            if (ofThisRound && event.type().equals(AddressRetirementConfirmedEvent.class.getSimpleName())) {
                return new Preview(true, List.of(), events);
            }
            if (ofThisRound && event.type().equals(AddressRetirementRefusedEvent.class.getSimpleName())) {
                List<String> reasons = new ArrayList<>();
                event.payload().path("reasons").forEach(reason -> reasons.add(reason.asText()));
                return new Preview(false, reasons, events);
            }
        }
        throw new RoundNotRunException(address, round);
    }

    /**
     * How a removal round would end on the assignment side.
     *
     * @param accepted whether every brand asked confirmed (the address service would remove the address)
     * @param reasons  why not, as the round's refusal gives them (empty when accepted)
     * @param events   every event the round would publish, in order
     */
    public record Preview(boolean accepted, List<String> reasons, List<PreviewEvent> events) {
    }

    /** A round that would conclude nothing here, so there is no verdict to preview. */
    public static final class RoundNotRunException extends RuntimeException {
        public RoundNotRunException(AddressId address, long round) {
            super("address " + address + " has no removal round " + round + " to run on the assignment side: it is in a removal"
                    + " round already, or was removed, or its last round is not older than " + round);
        }
    }
}
