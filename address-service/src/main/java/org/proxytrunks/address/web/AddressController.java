package org.proxytrunks.address.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
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
import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.AddressName;
import org.proxytrunks.events.InvalidValueException;
import org.proxytrunks.events.IpLiteral;
import org.proxytrunks.support.web.PartialUpdate;
import org.proxytrunks.support.axon.EventPositions;
import org.proxytrunks.support.web.Problems;
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

/** Adds, changes and removes signalling addresses. Only God may. */
@RestController
@RequestMapping("/api/addresses")
@PreAuthorize("hasRole('GOD')")
@Tag(name = "addresses", description = "The trunks proxy's signalling addresses (God only)")
@SecurityRequirement(name = "bearer")
class AddressController {

    private static final Set<String> CHANGEABLE = Set.of("name", "ip", "advertisedIp");

    private final CommandGateway commands;
    private final RemovalOutcomes removals;
    private final FallbackCheck fallbacks;
    private final EventPositions positions;

    AddressController(CommandGateway commands, RemovalOutcomes removals, FallbackCheck fallbacks, EventPositions positions) {
        this.commands = commands;
        this.removals = removals;
        this.fallbacks = fallbacks;
        this.positions = positions;
    }

    @PostMapping
    @Operation(summary = "Add an additional address", description = "201 with the address; 400 naming invalid fields; "
            + "409 when another address has the IP")
    ResponseEntity<AddressView> add(@RequestBody AddressRequests.AddAddress body) {
        RequestFields fields = new RequestFields();
        AddressName name = fields.required("name", body.name(), AddressName::new);
        IpLiteral ip = fields.required("ip", body.ip(), IpLiteral::parse);
        IpLiteral advertisedIp = fields.optional("advertisedIp", body.advertisedIp(), IpLiteral::parse);
        fields.throwIfInvalid();

        AddressId id = new AddressId(UUID.randomUUID().toString());
        commands.sendAndWait(new AddAddressCommand(id, name, ip, advertisedIp));
        AddressView created = AddressView.of(new AddressSnapshot(id, name, ip, advertisedIp, false, AddressLifecycle.ACTIVE));
        return ResponseEntity.created(URI.create("/api/addresses/" + id)).headers(positions.of(id.value())).body(created);
    }

    @PatchMapping("/{id}")
    @Operation(summary = "Change an address's name, IP or advertised IP",
            description = "Absent fields stay; \"advertisedIp\": null clears it. The main address keeps its name.")
    ResponseEntity<AddressView> change(@PathVariable("id") String id,
                       @RequestBody @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                               schema = @Schema(implementation = AddressRequests.ChangeAddress.class))) JsonNode body) {
        AddressId addressId = pathId(id);
        RequestFields fields = new RequestFields();
        PartialUpdate update = PartialUpdate.of(body, CHANGEABLE, fields);
        AddressName name = update.required("name", AddressName::new);
        IpLiteral ip = update.required("ip", IpLiteral::parse);
        IpLiteral advertisedIp = update.clearable("advertisedIp", IpLiteral::parse);
        fields.throwIfInvalid();
        AddressSnapshot changed = commands.sendAndWait(
                new ChangeAddressCommand(addressId, name, ip, update.has("advertisedIp"), advertisedIp));
        return ResponseEntity.ok().headers(positions.of(addressId.value())).body(AddressView.of(changed));
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Remove an additional address", description = "204 when removed; 409 with the reasons when "
            + "refused (the main address; an address a carrier or DDI provider uses, or the last address of a brand); "
            + "202 with a status link when the assignment service has not answered within a few seconds. "
            + "With moveProvidersTo, every carrier and DDI provider on the address is first moved to that address "
            + "(refused with 409 naming each brand that uses the address but does not have the fallback; 400 for the "
            + "address itself or a malformed id, 404 for an unknown or removed fallback, 409 for one being removed)")
    ResponseEntity<?> remove(@PathVariable("id") String id, @RequestParam(name = StartAddressRetirementCommand.FALLBACK_FIELD,
            required = false) String moveProvidersTo) {
        AddressId fallback = FallbackCheck.parse(moveProvidersTo);
        AddressId addressId = pathId(id);
        if (fallback != null && !fallback.equals(addressId)) {
            fallbacks.requireAvailable(fallback);
        }
        commands.sendAndWait(new StartAddressRetirementCommand(addressId, fallback));
        RemovalOutcomes.Outcome outcome = removals.await(addressId);
        return switch (outcome.status()) {
            // the removal event was stored by the handshake, not by this request: name it, so that waitFor sees the address gone
            case REMOVED -> ResponseEntity.noContent().header(EventPositions.HEADER, addressId.value() + ":" + outcome.sequence()).build();
            case REFUSED -> ResponseEntity.status(HttpStatus.CONFLICT).body(refused(outcome));
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

    private static ProblemDetail refused(RemovalOutcomes.Outcome outcome) {
        ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, "address-in-use", "Address in use",
                "The address was not removed: " + String.join("; ", outcome.reasons()) + ".");
        problem.setProperty("reasons", outcome.reasons());
        return problem;
    }

    private static AddressId pathId(String id) {
        try {
            return new AddressId(id);
        } catch (InvalidValueException e) {
            throw new AddressProblemAdvice.UnknownAddressException(id);
        }
    }

}
