package org.proxytrunks.assignment.web;

import org.axonframework.modelling.command.ConcurrencyException;
import org.proxytrunks.assignment.application.UnknownAddressException;
import org.proxytrunks.assignment.brand.command.BrandRefusals.AddressNotInBrandException;
import org.proxytrunks.assignment.brand.command.BrandRefusals.AddressRetiringException;
import org.proxytrunks.assignment.brand.command.BrandRefusals.AlreadyRegisteredException;
import org.proxytrunks.assignment.brand.command.BrandRefusals.AssignmentRuleException;
import org.proxytrunks.assignment.brand.command.BrandRefusals.ProviderTakenException;
import org.proxytrunks.assignment.brand.command.BrandRefusals.UnknownBrandException;
import org.proxytrunks.assignment.lifecycle.RetirementHandshake.RoundNotRunException;
import org.proxytrunks.assignment.usage.command.UsageRefusals.AddressUnavailableException;
import org.proxytrunks.support.security.Actor;
import org.proxytrunks.support.security.Role;
import org.proxytrunks.support.web.FieldProblem;
import org.proxytrunks.support.web.Problems;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.util.List;

/** Maps the assignment refusals, by type, to problem details. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class AssignmentProblemAdvice {

    /** A path names something that does not exist. */
    static final class NotFoundException extends RuntimeException {
        NotFoundException(String message) {
            super(message);
        }
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(NotFoundException e) {
        return status(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage());
    }

    @ExceptionHandler(UnknownBrandException.class)
    ResponseEntity<ProblemDetail> unknownBrand(UnknownBrandException e) {
        return status(HttpStatus.NOT_FOUND, "brand-not-found", "Brand not found", e.getMessage() + ".");
    }

    @ExceptionHandler(UnknownAddressException.class)
    ResponseEntity<ProblemDetail> unknownAddress(UnknownAddressException e) {
        return status(HttpStatus.NOT_FOUND, "address-not-found", "Address not found", e.getMessage() + ".");
    }

    @ExceptionHandler(AssignmentRuleException.class)
    ResponseEntity<ProblemDetail> rule(AssignmentRuleException e) {
        ResponseEntity<ProblemDetail> response = status(HttpStatus.CONFLICT, "assignment-rule", "Refused by an assignment rule",
                "Refused: " + e.getMessage() + ".");
        response.getBody().setProperty("reasons", e.reasons());
        return response;
    }

    @ExceptionHandler({AddressRetiringException.class, AddressUnavailableException.class})
    ResponseEntity<ProblemDetail> unavailable(RuntimeException e) {
        return status(HttpStatus.CONFLICT, "address-unavailable", "Address unavailable", e.getMessage() + ".");
    }

    @ExceptionHandler(AddressNotInBrandException.class)
    ResponseEntity<ProblemDetail> notInBrand(AddressNotInBrandException e) {
        return status(HttpStatus.CONFLICT, "address-not-in-brand", "Address not in the brand", e.getMessage() + ".");
    }

    /**
     * Another brand holds the provider id (P4). God and the platform services are told which
     * brand, to sort it out; a brand admin only that the id is taken, since another brand's
     * name and customers are not its business.
     */
    @ExceptionHandler(ProviderTakenException.class)
    ResponseEntity<ProblemDetail> providerTaken(ProviderTakenException e) {
        boolean platform = Actor.current().filter(actor -> actor.role() != Role.BRAND_ADMIN).isPresent();
        String reason = platform ? e.getMessage() : e.withoutOwner();
        ResponseEntity<ProblemDetail> response = status(HttpStatus.CONFLICT, "provider-taken", "Provider id taken", reason + ".");
        response.getBody().setProperty("errors", List.of(new FieldProblem("providerId", reason)));
        if (platform) {
            response.getBody().setProperty("ownerBrandId", e.owner().value());
        }
        return response;
    }

    @ExceptionHandler(AlreadyRegisteredException.class)
    ResponseEntity<ProblemDetail> alreadyRegistered(AlreadyRegisteredException e) {
        return status(HttpStatus.FORBIDDEN, "forbidden", "Not allowed", e.getMessage() + ".");
    }

    /** A removal preview for a round that would conclude nothing: there is no verdict to give. */
    @ExceptionHandler(RoundNotRunException.class)
    ResponseEntity<ProblemDetail> roundNotRun(RoundNotRunException e) {
        return status(HttpStatus.CONFLICT, "retirement-round-not-run", "No removal round to run", e.getMessage() + ".");
    }

    @ExceptionHandler(ConcurrencyException.class)
    ResponseEntity<ProblemDetail> concurrent(ConcurrencyException e) {
        return status(HttpStatus.CONFLICT, "concurrent-change", "Changed at the same moment",
                "The brand was changed by another request at the same moment; retry.");
    }

    private static ResponseEntity<ProblemDetail> status(HttpStatus status, String type, String title, String detail) {
        return ResponseEntity.status(status).body(Problems.of(status, type, title, detail));
    }
}
