package org.proxytrunks.address.removal;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.proxytrunks.address.command.Commands.CompleteAddressRetirementCommand;
import org.proxytrunks.address.command.Commands.StartAddressRetirementCommand;
import org.proxytrunks.address.command.Refusals.AddressRetiringException;
import org.proxytrunks.events.AddressId;
import org.proxytrunks.support.dryrun.DryRun;
import org.proxytrunks.support.dryrun.DryRuns;
import org.proxytrunks.support.dryrun.Preview;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Previews a removal ({@code DELETE /api/addresses/{id}?dryRun=true}): the whole handshake in one
 * preview, nothing stored or published on either side. The round starts as a real removal's does
 * (the same refusals: the main address, a fallback that is the address itself); the assignment
 * side is asked how it would answer that round ({@link RetirementPreviews}) instead of being
 * told over Kafka; when it would accept, its events join the preview and the round completes, so
 * that the preview ends with the removal. When it would refuse, the answer is the refusal a real
 * removal gets ({@link RefusedException}, 409 with the reasons).
 *
 * <p>A removal already under way cannot be previewed: a real DELETE joins the round and answers
 * with how that round ends, which is no preview (it is the real outcome, decided by the round
 * already running). The start command applies nothing then, and the preview is refused as a
 * real DELETE naming another fallback is, and as any change of a retiring address is: 409, the
 * address is being removed ({@link AddressRetiringException}); {@code GET /api/addresses/{id}/removal}
 * tells how the round stands.
 */
@Component
public class RemovalPreview {

    private final DryRuns dryRuns;
    private final CommandGateway commands;
    private final RetirementPreviews assignment;

    RemovalPreview(DryRuns dryRuns, CommandGateway commands, RetirementPreviews assignment) {
        this.dryRuns = dryRuns;
        this.commands = commands;
        this.assignment = assignment;
    }

    /** The preview of the removal {@code start} would begin. */
    public Preview of(StartAddressRetirementCommand start) {
        AddressId address = start.addressId();
        return dryRuns.preview(() -> {
            commands.sendAndWait(start);
            long round = DryRun.lastSequence(address.value()).orElseThrow(() -> new AddressRetiringException(address));
            RetirementPreviews.Answer answer = assignment.ask(address, round, start.fallback());
            if (!answer.accepted()) {
                throw new RefusedException(answer.reasons());
            }
            DryRun.include(answer.events());
            commands.sendAndWait(new CompleteAddressRetirementCommand(address, round));
        });
    }

    /** The assignment side would refuse the removal: the reasons a real removal's refusal names. */
    public static final class RefusedException extends RuntimeException {
        private final List<String> reasons;

        RefusedException(List<String> reasons) {
            super("the address would not be removed: " + String.join("; ", reasons));
            this.reasons = reasons;
        }

        public List<String> reasons() {
            return reasons;
        }
    }
}
