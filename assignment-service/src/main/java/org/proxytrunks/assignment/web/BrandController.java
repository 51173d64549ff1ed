package org.proxytrunks.assignment.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.proxytrunks.assignment.application.Assignments;
import org.proxytrunks.assignment.brand.command.BrandCommands;
import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.BrandId;
import org.proxytrunks.events.ProviderId;
import org.proxytrunks.events.ProviderKind;
import org.proxytrunks.support.axon.EventPositions;
import org.proxytrunks.support.dryrun.DryRuns;
import org.proxytrunks.support.dryrun.Preview;
import org.proxytrunks.support.security.Actor;
import org.proxytrunks.support.security.Role;
import org.proxytrunks.support.web.RequestFields;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Brands and their providers. God does everything; a platform service registers and retires
 * brands and providers; a brand admin sets and retires the providers of its own brand only.
 *
 * <p>Every command takes {@code dryRun=true}: the request is read, checked and authorized as it
 * would be, and its commands are sent through {@link DryRuns#preview}, which runs them with
 * every rule and refusal and stores nothing. The same code sends them either way ({@link #send}),
 * so a preview cannot drift from the command it previews.
 */
@RestController
@RequestMapping("/api/brands/{brandId}")
@Tag(name = "brands", description = "Which addresses a brand may use, and which address each of its providers uses")
@SecurityRequirement(name = "bearer")
class BrandController {

    private static final int MAX_ADDRESSES = 1000;
    static final String DRY_RUN = "true: check the command with every rule, authorization and refusal of the real one, "
            + "store and publish nothing, and answer 200 with the events it would publish and what they would change in "
            + "Kamailio (dryRun is always true in that answer)";

    private final Assignments assignments;
    private final EventPositions positions;
    private final DryRuns dryRuns;

    BrandController(Assignments assignments, EventPositions positions, DryRuns dryRuns) {
        this.assignments = assignments;
        this.positions = positions;
        this.dryRuns = dryRuns;
    }

    @PutMapping
    @PreAuthorize("hasAnyRole('GOD', 'SERVICE')")
    @Operation(summary = "Register a brand with its addresses, or replace its set (God; a platform service may only register)")
    @ApiResponse(responseCode = "200", description = "The brand's addresses; with dryRun=true the preview",
            content = @Content(schema = @Schema(oneOf = {BrandRequests.BrandAddresses.class, Preview.class})))
    ResponseEntity<?> define(@PathVariable("brandId") String brandId,
                             @Parameter(description = DRY_RUN) @RequestParam(name = "dryRun", defaultValue = "false") boolean dryRun,
                             @RequestBody BrandRequests.DefineBrand body) {
        BrandId brand = PathIds.brand(brandId);
        RequestFields fields = new RequestFields();
        Set<AddressId> addresses = new LinkedHashSet<>();
        if (body.addressIds() == null || body.addressIds().isEmpty()) {
            fields.reject("addressIds", "must name at least one address: a brand always has one");
        } else if (body.addressIds().size() > MAX_ADDRESSES) {
            fields.reject("addressIds", "names more than " + MAX_ADDRESSES + " addresses");
        } else {
            List<String> ids = body.addressIds();
            for (int i = 0; i < ids.size(); i++) {
                AddressId address = fields.required("addressIds[" + i + "]", ids.get(i), AddressId::new);
                if (address != null) {
                    addresses.add(address);
                }
            }
        }
        fields.throwIfInvalid();
        boolean registrationOnly = Actor.current().map(Actor::role).orElse(Role.SERVICE) != Role.GOD;
        return send(dryRun, () -> assignments.defineBrand(brand, addresses, registrationOnly), defined -> view(brand, defined));
    }

    @PostMapping("/addresses/{addressId}")
    @PreAuthorize("hasRole('GOD')")
    @Operation(summary = "Let a brand use one more address (God)")
    @ApiResponse(responseCode = "200", description = "The brand's addresses; with dryRun=true the preview",
            content = @Content(schema = @Schema(oneOf = {BrandRequests.BrandAddresses.class, Preview.class})))
    ResponseEntity<?> assign(@PathVariable("brandId") String brandId, @PathVariable("addressId") String addressId,
                             @Parameter(description = DRY_RUN) @RequestParam(name = "dryRun", defaultValue = "false") boolean dryRun) {
        BrandId brand = PathIds.brand(brandId);
        AddressId address = PathIds.address(addressId);
        return send(dryRun, () -> assignments.assignAddress(brand, address), assigned -> view(brand, assigned));
    }

    @DeleteMapping("/addresses/{addressId}")
    @PreAuthorize("hasRole('GOD')")
    @Operation(summary = "Take an address from a brand (God); refused while a provider of the brand uses it or it is the last")
    @ApiResponse(responseCode = "200", description = "The brand's addresses; with dryRun=true the preview",
            content = @Content(schema = @Schema(oneOf = {BrandRequests.BrandAddresses.class, Preview.class})))
    ResponseEntity<?> unassign(@PathVariable("brandId") String brandId, @PathVariable("addressId") String addressId,
                               @Parameter(description = DRY_RUN) @RequestParam(name = "dryRun", defaultValue = "false") boolean dryRun) {
        BrandId brand = PathIds.brand(brandId);
        AddressId address = PathIds.address(addressId);
        return send(dryRun, () -> assignments.unassignAddress(brand, address), left -> view(brand, left));
    }

    @DeleteMapping
    @PreAuthorize("hasAnyRole('GOD', 'SERVICE')")
    @Operation(summary = "Retire a brand: all its assignments end (idempotent)")
    @ApiResponse(responseCode = "204", description = "Retired")
    @ApiResponse(responseCode = "200", description = "dryRun=true: the preview", content = @Content(schema = @Schema(implementation = Preview.class)))
    ResponseEntity<?> retire(@PathVariable("brandId") String brandId,
                             @Parameter(description = DRY_RUN) @RequestParam(name = "dryRun", defaultValue = "false") boolean dryRun) {
        BrandId brand = PathIds.brand(brandId);
        return send(dryRun, () -> assignments.retireBrand(brand), () -> noContent(brand));
    }

    @PutMapping("/carriers/{providerId}")
    @PreAuthorize("hasAnyRole('GOD', 'SERVICE', 'BRAND_ADMIN')")
    @Operation(summary = "Set the address of a carrier (God, platform services, the brand's admins); 409 while another brand holds the id")
    @ApiResponse(responseCode = "200", description = "The address the carrier uses; with dryRun=true the preview",
            content = @Content(schema = @Schema(oneOf = {BrandRequests.ProviderAddress.class, Preview.class})))
    ResponseEntity<?> setCarrier(@PathVariable("brandId") String brandId, @PathVariable("providerId") String providerId,
                                 @Parameter(description = DRY_RUN) @RequestParam(name = "dryRun", defaultValue = "false") boolean dryRun,
                                 @RequestBody(required = false) BrandRequests.SetProvider body) {
        return setProvider(brandId, ProviderKind.CARRIER, providerId, body, dryRun);
    }

    @PutMapping("/ddi-providers/{providerId}")
    @PreAuthorize("hasAnyRole('GOD', 'SERVICE', 'BRAND_ADMIN')")
    @Operation(summary = "Set the address of a DDI provider (God, platform services, the brand's admins); 409 while another brand holds the id")
    @ApiResponse(responseCode = "200", description = "The address the DDI provider uses; with dryRun=true the preview",
            content = @Content(schema = @Schema(oneOf = {BrandRequests.ProviderAddress.class, Preview.class})))
    ResponseEntity<?> setDdiProvider(@PathVariable("brandId") String brandId, @PathVariable("providerId") String providerId,
                                     @Parameter(description = DRY_RUN) @RequestParam(name = "dryRun", defaultValue = "false") boolean dryRun,
                                     @RequestBody(required = false) BrandRequests.SetProvider body) {
        return setProvider(brandId, ProviderKind.DDI_PROVIDER, providerId, body, dryRun);
    }

    @DeleteMapping("/carriers/{providerId}")
    @PreAuthorize("hasAnyRole('GOD', 'SERVICE', 'BRAND_ADMIN')")
    @Operation(summary = "Retire a carrier: its assignment ends (idempotent); 409 while another brand holds the id")
    @ApiResponse(responseCode = "204", description = "Retired")
    @ApiResponse(responseCode = "200", description = "dryRun=true: the preview", content = @Content(schema = @Schema(implementation = Preview.class)))
    ResponseEntity<?> retireCarrier(@PathVariable("brandId") String brandId, @PathVariable("providerId") String providerId,
                                    @Parameter(description = DRY_RUN) @RequestParam(name = "dryRun", defaultValue = "false") boolean dryRun) {
        return retireProvider(brandId, ProviderKind.CARRIER, providerId, dryRun);
    }

    @DeleteMapping("/ddi-providers/{providerId}")
    @PreAuthorize("hasAnyRole('GOD', 'SERVICE', 'BRAND_ADMIN')")
    @Operation(summary = "Retire a DDI provider: its assignment ends (idempotent); 409 while another brand holds the id")
    @ApiResponse(responseCode = "204", description = "Retired")
    @ApiResponse(responseCode = "200", description = "dryRun=true: the preview", content = @Content(schema = @Schema(implementation = Preview.class)))
    ResponseEntity<?> retireDdiProvider(@PathVariable("brandId") String brandId, @PathVariable("providerId") String providerId,
                                        @Parameter(description = DRY_RUN) @RequestParam(name = "dryRun", defaultValue = "false") boolean dryRun) {
        return retireProvider(brandId, ProviderKind.DDI_PROVIDER, providerId, dryRun);
    }

    private ResponseEntity<?> setProvider(String brandId, ProviderKind kind, String providerId, BrandRequests.SetProvider body,
                                          boolean dryRun) {
        BrandId brand = PathIds.brand(brandId);
        requireOwnBrand(brand);
        ProviderId provider = PathIds.provider(providerId);
        RequestFields fields = new RequestFields();
        AddressId address = body == null ? null : fields.optional("addressId", body.addressId(), AddressId::new);
        fields.throwIfInvalid();
        return send(dryRun, () -> assignments.setProviderAddress(brand, kind, provider, address),
                used -> ResponseEntity.ok().headers(positions.of(BrandCommands.aggregateId(brand)))
                        .body(new BrandRequests.ProviderAddress(brand.value(), kind.name(), provider.value(), used.value())));
    }

    private ResponseEntity<?> retireProvider(String brandId, ProviderKind kind, String providerId, boolean dryRun) {
        BrandId brand = PathIds.brand(brandId);
        requireOwnBrand(brand);
        ProviderId provider = PathIds.provider(providerId);
        return send(dryRun, () -> assignments.retireProvider(brand, kind, provider), () -> noContent(brand));
    }

    /**
     * Sends an endpoint's commands ({@code sends}) and answers with their result; with
     * {@code dryRun}, sends the very same commands as a preview and answers 200 with it. A
     * refusal is thrown either way, and answered alike.
     */
    private <R> ResponseEntity<?> send(boolean dryRun, Supplier<R> sends, Function<R, ResponseEntity<?>> answer) {
        if (dryRun) {
            return ResponseEntity.ok(dryRuns.preview(sends::get));
        }
        return answer.apply(sends.get());
    }

    /** {@link #send} for commands that answer nothing. */
    private ResponseEntity<?> send(boolean dryRun, Runnable sends, Supplier<ResponseEntity<?>> answer) {
        return send(dryRun, () -> {
            sends.run();
            return null;
        }, nothing -> answer.get());
    }

    private static void requireOwnBrand(BrandId brand) {
        Actor actor = Actor.current().orElseThrow(() -> new AccessDeniedException("no actor"));
        if (!actor.mayActFor(brand.value())) {
            throw new AccessDeniedException("a brand admin acts only for its own brand");
        }
    }

    private ResponseEntity<?> view(BrandId brand, List<AddressId> addresses) {
        return ResponseEntity.ok().headers(positions.of(BrandCommands.aggregateId(brand)))
                .body(new BrandRequests.BrandAddresses(brand.value(), addresses.stream().map(AddressId::value).toList()));
    }

    private ResponseEntity<?> noContent(BrandId brand) {
        return ResponseEntity.noContent().headers(positions.of(BrandCommands.aggregateId(brand))).build();
    }
}
