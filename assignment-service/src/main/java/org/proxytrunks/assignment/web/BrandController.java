package org.proxytrunks.assignment.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.proxytrunks.assignment.application.Assignments;
import org.proxytrunks.assignment.brand.command.BrandCommands;
import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.BrandId;
import org.proxytrunks.events.InvalidValueException;
import org.proxytrunks.events.ProviderId;
import org.proxytrunks.events.ProviderKind;
import org.proxytrunks.support.axon.EventPositions;
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
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Brands and their providers. God does everything; a platform service registers and retires
 * brands and providers; a brand admin sets and retires the providers of its own brand only.
 */
@RestController
@RequestMapping("/api/brands/{brandId}")
@Tag(name = "brands", description = "Which addresses a brand may use, and which address each of its providers uses")
@SecurityRequirement(name = "bearer")
class BrandController {

    private static final int MAX_ADDRESSES = 1000;

    private final Assignments assignments;
    private final EventPositions positions;

    BrandController(Assignments assignments, EventPositions positions) {
        this.assignments = assignments;
        this.positions = positions;
    }

    @PutMapping
    @PreAuthorize("hasAnyRole('GOD', 'SERVICE')")
    @Operation(summary = "Register a brand with its addresses, or replace its set (God; a platform service may only register)")
    ResponseEntity<BrandRequests.BrandAddresses> define(@PathVariable("brandId") String brandId, @RequestBody BrandRequests.DefineBrand body) {
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
        return view(brand, assignments.defineBrand(brand, addresses, registrationOnly));
    }

    @PostMapping("/addresses/{addressId}")
    @PreAuthorize("hasRole('GOD')")
    @Operation(summary = "Let a brand use one more address (God)")
    ResponseEntity<BrandRequests.BrandAddresses> assign(@PathVariable("brandId") String brandId, @PathVariable("addressId") String addressId) {
        BrandId brand = PathIds.brand(brandId);
        return view(brand, assignments.assignAddress(brand, PathIds.address(addressId)));
    }

    @DeleteMapping("/addresses/{addressId}")
    @PreAuthorize("hasRole('GOD')")
    @Operation(summary = "Take an address from a brand (God); refused while a provider of the brand uses it or it is the last")
    ResponseEntity<BrandRequests.BrandAddresses> unassign(@PathVariable("brandId") String brandId, @PathVariable("addressId") String addressId) {
        BrandId brand = PathIds.brand(brandId);
        return view(brand, assignments.unassignAddress(brand, PathIds.address(addressId)));
    }

    @DeleteMapping
    @PreAuthorize("hasAnyRole('GOD', 'SERVICE')")
    @Operation(summary = "Retire a brand: all its assignments end (idempotent)")
    ResponseEntity<Void> retire(@PathVariable("brandId") String brandId) {
        BrandId brand = PathIds.brand(brandId);
        assignments.retireBrand(brand);
        return ResponseEntity.noContent().headers(positions.of(BrandCommands.aggregateId(brand))).build();
    }

    @PutMapping("/carriers/{providerId}")
    @PreAuthorize("hasAnyRole('GOD', 'SERVICE', 'BRAND_ADMIN')")
    @Operation(summary = "Set the address of a carrier (God, platform services, the brand's admins); 409 while another brand holds the id")
    ResponseEntity<BrandRequests.ProviderAddress> setCarrier(@PathVariable("brandId") String brandId, @PathVariable("providerId") String providerId,
                                             @RequestBody(required = false) BrandRequests.SetProvider body) {
        return setProvider(brandId, ProviderKind.CARRIER, providerId, body);
    }

    @PutMapping("/ddi-providers/{providerId}")
    @PreAuthorize("hasAnyRole('GOD', 'SERVICE', 'BRAND_ADMIN')")
    @Operation(summary = "Set the address of a DDI provider (God, platform services, the brand's admins); 409 while another brand holds the id")
    ResponseEntity<BrandRequests.ProviderAddress> setDdiProvider(@PathVariable("brandId") String brandId, @PathVariable("providerId") String providerId,
                                                 @RequestBody(required = false) BrandRequests.SetProvider body) {
        return setProvider(brandId, ProviderKind.DDI_PROVIDER, providerId, body);
    }

    @DeleteMapping("/carriers/{providerId}")
    @PreAuthorize("hasAnyRole('GOD', 'SERVICE', 'BRAND_ADMIN')")
    @Operation(summary = "Retire a carrier: its assignment ends (idempotent); 409 while another brand holds the id")
    ResponseEntity<Void> retireCarrier(@PathVariable("brandId") String brandId, @PathVariable("providerId") String providerId) {
        return retireProvider(brandId, ProviderKind.CARRIER, providerId);
    }

    @DeleteMapping("/ddi-providers/{providerId}")
    @PreAuthorize("hasAnyRole('GOD', 'SERVICE', 'BRAND_ADMIN')")
    @Operation(summary = "Retire a DDI provider: its assignment ends (idempotent); 409 while another brand holds the id")
    ResponseEntity<Void> retireDdiProvider(@PathVariable("brandId") String brandId, @PathVariable("providerId") String providerId) {
        return retireProvider(brandId, ProviderKind.DDI_PROVIDER, providerId);
    }

    private ResponseEntity<BrandRequests.ProviderAddress> setProvider(String brandId, ProviderKind kind, String providerId,
                                                      BrandRequests.SetProvider body) {
        BrandId brand = PathIds.brand(brandId);
        requireOwnBrand(brand);
        ProviderId provider = PathIds.provider(providerId);
        RequestFields fields = new RequestFields();
        AddressId address = body == null ? null : fields.optional("addressId", body.addressId(), AddressId::new);
        fields.throwIfInvalid();
        AddressId used = assignments.setProviderAddress(brand, kind, provider, address);
        return ResponseEntity.ok().headers(positions.of(BrandCommands.aggregateId(brand)))
                .body(new BrandRequests.ProviderAddress(brand.value(), kind.name(), provider.value(), used.value()));
    }

    private ResponseEntity<Void> retireProvider(String brandId, ProviderKind kind, String providerId) {
        BrandId brand = PathIds.brand(brandId);
        requireOwnBrand(brand);
        assignments.retireProvider(brand, kind, PathIds.provider(providerId));
        return ResponseEntity.noContent().headers(positions.of(BrandCommands.aggregateId(brand))).build();
    }

    private static void requireOwnBrand(BrandId brand) {
        Actor actor = Actor.current().orElseThrow(() -> new AccessDeniedException("no actor"));
        if (!actor.mayActFor(brand.value())) {
            throw new AccessDeniedException("a brand admin acts only for its own brand");
        }
    }

    private ResponseEntity<BrandRequests.BrandAddresses> view(BrandId brand, List<AddressId> addresses) {
        return ResponseEntity.ok().headers(positions.of(BrandCommands.aggregateId(brand)))
                .body(new BrandRequests.BrandAddresses(brand.value(), addresses.stream().map(AddressId::value).toList()));
    }

    /** Reads the ids in a path; a malformed one cannot exist, so it is a 404. */
    static final class PathIds {

        private PathIds() {
        }

        static BrandId brand(String raw) {
            try {
                return new BrandId(raw);
            } catch (InvalidValueException e) {
                throw new AssignmentProblemAdvice.NotFoundException("There is no brand '" + sanitize(raw) + "'.");
            }
        }

        static AddressId address(String raw) {
            try {
                return new AddressId(raw);
            } catch (InvalidValueException e) {
                throw new AssignmentProblemAdvice.NotFoundException("There is no address '" + sanitize(raw) + "'.");
            }
        }

        static ProviderId provider(String raw) {
            try {
                return new ProviderId(raw);
            } catch (InvalidValueException e) {
                throw new AssignmentProblemAdvice.NotFoundException("There is no provider '" + sanitize(raw) + "'.");
            }
        }

        private static String sanitize(String raw) {
            String printable = raw.replaceAll("\\p{Cntrl}", "?");
            return printable.length() > 64 ? printable.substring(0, 64) + "..." : printable;
        }
    }
}
