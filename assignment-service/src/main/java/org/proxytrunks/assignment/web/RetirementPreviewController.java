package org.proxytrunks.assignment.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.proxytrunks.assignment.lifecycle.RetirementHandshake;
import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.InvalidValueException;
import org.proxytrunks.support.web.RequestFields;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The assignment side's verdict on a removal the address service previews ({@code DELETE
 * /api/addresses/{id}?dryRun=true}): the handshake that removal would start, run as a preview.
 * For the platform's services and God; the gateway does not relay it.
 */
@RestController
@RequestMapping("/api/addresses/{addressId}/retirement-preview")
@Tag(name = "removal handshake", description = "The assignment side of an address's removal, previewed")
@SecurityRequirement(name = "bearer")
class RetirementPreviewController {

    static final String ROUND = "round";
    static final String FALLBACK = "moveProvidersTo";

    private final RetirementHandshake handshake;

    RetirementPreviewController(RetirementHandshake handshake) {
        this.handshake = handshake;
    }

    @PostMapping
    @PreAuthorize("hasAnyRole('GOD', 'SERVICE')")
    @Operation(summary = "Preview the assignment side of a removal round (God, platform services); nothing is stored or published",
            description = "Runs what the assignment service runs for an AddressRetirementStartedEvent of this round (every brand "
                    + "holding the address asked, the providers moved to moveProvidersTo when all confirmed, the round concluded) "
                    + "and rolls it back. 200 {accepted, reasons, events}: accepted when every brand would confirm, else the "
                    + "reasons of the round's refusal; events as a dry run lists them. An address the assignment service has "
                    + "not heard of is tracked and, held by no brand, accepted. 400 naming round or moveProvidersTo; 409 "
                    + "(retirement-round-not-run) when the round would conclude nothing: the address is in a removal round "
                    + "already, was removed, or round is not newer than its last one.")
    RetirementHandshake.Preview preview(
            @PathVariable("addressId") String addressId,
            @Parameter(description = "The round: the sequence number the address's AddressRetirementStartedEvent would have")
            @RequestParam(name = ROUND, required = false) String round,
            @Parameter(description = "The fallback address for the providers on the address, as in DELETE /api/addresses/{id}")
            @RequestParam(name = FALLBACK, required = false) String moveProvidersTo) {
        AddressId address = PathIds.address(addressId);
        RequestFields fields = new RequestFields();
        Long number = fields.required(ROUND, round, RetirementPreviewController::round);
        AddressId fallback = fields.optional(FALLBACK, moveProvidersTo, AddressId::new);
        if (address.equals(fallback)) {
            fields.reject(FALLBACK, "the providers of address " + address
                    + " cannot be moved to the address itself; name another of their brands' addresses");
        }
        fields.throwIfInvalid();
        return handshake.preview(address, fallback, number);
    }

    private static Long round(String raw) {
        try {
            long round = Long.parseLong(raw);
            if (round >= 0) {
                return round;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new InvalidValueException("must be a whole number from 0: the sequence number of the round's start event");
    }
}
