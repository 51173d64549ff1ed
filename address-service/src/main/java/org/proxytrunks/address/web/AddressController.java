package org.proxytrunks.address.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.proxytrunks.address.command.AddressLifecycle;
import org.proxytrunks.address.command.AddressSnapshot;
import org.proxytrunks.address.command.Commands.AddAddressCommand;
import org.proxytrunks.address.command.Commands.ChangeAddressCommand;
import org.proxytrunks.address.command.Commands.StartAddressRetirementCommand;
import org.proxytrunks.address.removal.FallbackCheck;
import org.proxytrunks.address.removal.RemovalOutcomes;
import org.proxytrunks.address.removal.RemovalPreview;
import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.AddressName;
import org.proxytrunks.events.InvalidValueException;
import org.proxytrunks.events.IpLiteral;
import org.proxytrunks.support.axon.EventPositions;
import org.proxytrunks.support.dryrun.DryRuns;
import org.proxytrunks.support.dryrun.Preview;
import org.proxytrunks.support.web.PartialUpdate;
import org.proxytrunks.support.web.RequestFields;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Adds, changes and removes signalling addresses. Only God may.
 *
 * <p>Each command endpoint takes {@code dryRun=true}: the request is read, checked and sent as it
 * would be, so it meets the same refusals (400, 403, 404, 409), but inside a preview
 * ({@link DryRuns}) that stores and publishes nothing; the answer is 200 with the events the
 * command would produce and their effect on Kamailio, instead of the command's own answer.
 */
@RestController
@RequestMapping("/api/addresses")
@PreAuthorize("hasRole('GOD')")
@Tag(name = "addresses", description = "The trunks proxy's signalling addresses (God only)")
@SecurityRequirement(name = "bearer")
class AddressController {

    private static final Set<String> CHANGEABLE = Set.of("name", "ip", "advertisedIp");

    private static final String DRY_RUN = "dryRun";
    private static final String DRY_RUN_DOC = "true: check the request as the real call does (the same refusals), then answer "
            + "200 with the preview (dryRun: true, the events it would produce in order, and what they would change in Kamailio) "
            + "instead; nothing is stored or published";

    private final CommandGateway commands;
    private final DryRuns dryRuns;
    private final RemovalOutcomes removals;
    private final RemovalPreview removalPreview;
    private final FallbackCheck fallbacks;
    private final EventPositions positions;

    AddressController(CommandGateway commands, DryRuns dryRuns, RemovalOutcomes removals, RemovalPreview removalPreview,
                      FallbackCheck fallbacks, EventPositions positions) {
        this.commands = commands;
        this.dryRuns = dryRuns;
        this.removals = removals;
        this.removalPreview = removalPreview;
        this.fallbacks = fallbacks;
        this.positions = positions;
    }

    @PostMapping
    @Operation(summary = "Add an additional address", description = "201 with the address; 400 naming invalid fields; "
            + "409 when another address has the IP. With dryRun=true, 200 with the preview; the id in its event is not "
            + "kept (the real call makes a new one), and the IP is not held for it")
    @ApiResponse(responseCode = "201", description = "Added", content = @Content(schema = @Schema(implementation = AddressView.class)))
    @ApiResponse(responseCode = "200", description = "dryRun=true: what adding it would do; nothing was added",
            content = @Content(schema = @Schema(implementation = Preview.class)))
    ResponseEntity<?> add(@RequestBody AddressRequests.AddAddress body,
                          @RequestParam(name = DRY_RUN, defaultValue = "false") @Parameter(description = DRY_RUN_DOC) boolean dryRun) {
        RequestFields fields = new RequestFields();
        AddressName name = fields.required("name", body.name(), AddressName::new);
        IpLiteral ip = fields.required("ip", body.ip(), IpLiteral::parse);
        IpLiteral advertisedIp = fields.optional("advertisedIp", body.advertisedIp(), IpLiteral::parse);
        fields.throwIfInvalid();

        AddressId id = new AddressId(UUID.randomUUID().toString());
        AddAddressCommand add = new AddAddressCommand(id, name, ip, advertisedIp);
        if (dryRun) {
            return preview(add);
        }
        commands.sendAndWait(add);
        AddressView created = AddressView.of(new AddressSnapshot(id, name, ip, advertisedIp, false, AddressLifecycle.ACTIVE));
        return ResponseEntity.created(URI.create("/api/addresses/" + id)).headers(positions.of(id.value())).body(created);
    }

    @PatchMapping("/{id}")
    @Operation(summary = "Change an address's name, IP or advertised IP",
            description = "Absent fields stay; \"advertisedIp\": null clears it. The main address keeps its name. "
                    + "With dryRun=true, 200 with the preview (no events when nothing would change); the new IP is not held")
    @ApiResponse(responseCode = "200", description = "The address as changed; with dryRun=true, the preview instead",
            content = @Content(schema = @Schema(oneOf = {AddressView.class, Preview.class})))
    ResponseEntity<?> change(@PathVariable("id") String id,
                             @RequestBody @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                                     schema = @Schema(implementation = AddressRequests.ChangeAddress.class))) JsonNode body,
                             @RequestParam(name = DRY_RUN, defaultValue = "false") @Parameter(description = DRY_RUN_DOC) boolean dryRun) {
        AddressId addressId = pathId(id);
        RequestFields fields = new RequestFields();
        PartialUpdate update = PartialUpdate.of(body, CHANGEABLE, fields);
        AddressName name = update.required("name", AddressName::new);
        IpLiteral ip = update.required("ip", IpLiteral::parse);
        IpLiteral advertisedIp = update.clearable("advertisedIp", IpLiteral::parse);
        fields.throwIfInvalid();
        ChangeAddressCommand change = new ChangeAddressCommand(addressId, name, ip, update.has("advertisedIp"), advertisedIp);
        if (dryRun) {
            return preview(change);
        }
        AddressSnapshot changed = commands.sendAndWait(change);
        return ResponseEntity.ok().headers(positions.of(addressId.value())).body(AddressView.of(changed));
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Remove an additional address", description = "204 when removed; 409 with the reasons when "
            + "refused (the main address; an address a carrier or DDI provider uses, or the last address of a brand); "
            + "202 with a status link when the assignment service has not answered within a few seconds. "
            + "With moveProvidersTo, every carrier and DDI provider on the address is first moved to that address "
            + "(refused with 409 naming each brand that uses the address but does not have the fallback; 400 for the "
            + "address itself or a malformed id, 404 for an unknown or removed fallback, 409 for one being removed). "
            + "With dryRun=true, the whole handshake is previewed, the assignment service asked how it would answer: 200 with "
            + "the removal's start, the assignment side's events (providers moved, the round confirmed) and the removal; "
            + "409 address-in-use with the reasons when it would be refused; 409 address-retiring when a removal is already "
            + "under way (its outcome is at /removal); 503 when the assignment service cannot be asked now")
    @ApiResponse(responseCode = "204", description = "Removed")
    @ApiResponse(responseCode = "200", description = "dryRun=true: what removing it would do; nothing was changed",
            content = @Content(schema = @Schema(implementation = Preview.class)))
    @ApiResponse(responseCode = "202", description = "Not answered yet: see the status link",
            content = @Content(schema = @Schema(implementation = RemovalView.class)))
    @ApiResponse(responseCode = "503", description = "dryRun=true only: the assignment service cannot be asked now",
            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class)))
    ResponseEntity<?> remove(@PathVariable("id") String id,
                             @RequestParam(name = StartAddressRetirementCommand.FALLBACK_FIELD, required = false) String moveProvidersTo,
                             @RequestParam(name = DRY_RUN, defaultValue = "false") @Parameter(description = DRY_RUN_DOC) boolean dryRun) {
        AddressId fallback = FallbackCheck.parse(moveProvidersTo);
        AddressId addressId = pathId(id);
        if (fallback != null && !fallback.equals(addressId)) {
            fallbacks.requireAvailable(fallback);
        }
        StartAddressRetirementCommand start = new StartAddressRetirementCommand(addressId, fallback);
        if (dryRun) {
            return ResponseEntity.ok(removalPreview.of(start));
        }
        commands.sendAndWait(start);
        RemovalOutcomes.Outcome outcome = removals.await(addressId);
        return switch (outcome.status()) {
            // the removal event was stored by the handshake, not by this request: name it, so that waitFor sees the address gone
            case REMOVED -> ResponseEntity.noContent().header(EventPositions.HEADER, addressId.value() + ":" + outcome.sequence()).build();
            case REFUSED -> ResponseEntity.status(HttpStatus.CONFLICT).body(AddressProblemAdvice.addressInUse(outcome.reasons()));
            default -> ResponseEntity.accepted().location(URI.create("/api/addresses/" + addressId + "/removal"))
                    .body(new RemovalView(addressId.value(), outcome.status().name(), outcome.reasons()));
        };
    }

    @GetMapping("/{id}/removal")
    @Operation(summary = "How the last removal of an address stands: PENDING, REMOVED, REFUSED (with reasons) or NOT_REQUESTED")
    RemovalView removal(@PathVariable("id") String id) {
        AddressId addressId = pathId(id);
        RemovalOutcomes.Outcome outcome = removals.current(addressId);
        return new RemovalView(addressId.value(), outcome.status().name(), outcome.reasons());
    }

    /**
     * Where a removal stands.
     *
     * @param addressId the address
     * @param status    PENDING, REMOVED, REFUSED or NOT_REQUESTED
     * @param reasons   why it was refused
     */
    record RemovalView(String addressId, String status, List<String> reasons) {
    }

    /**
     * 200 with the preview of {@code command}, sent as the real call sends it; no position header,
     * since nothing was stored.
     */
    private ResponseEntity<Preview> preview(Object command) {
        return ResponseEntity.ok(dryRuns.preview(() -> commands.sendAndWait(command)));
    }

    private static AddressId pathId(String id) {
        try {
            return new AddressId(id);
        } catch (InvalidValueException e) {
            throw new AddressProblemAdvice.UnknownAddressException(id);
        }
    }

}
