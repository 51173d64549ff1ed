package org.proxytrunks.address.web;

import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.proxytrunks.address.command.Commands.StartAddressRetirementCommand;
import org.proxytrunks.address.command.Refusals.AddressRetiringException;
import org.proxytrunks.address.command.Refusals.DuplicateIpException;
import org.proxytrunks.address.command.Refusals.InvalidAddressFieldException;
import org.proxytrunks.address.command.Refusals.MainAddressProtectedException;
import org.proxytrunks.address.command.Refusals.NotRetiringException;
import org.proxytrunks.address.removal.FallbackCheck.FallbackUnavailableException;
import org.proxytrunks.address.removal.RemovalPreview;
import org.proxytrunks.address.removal.RetirementPreviews;
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

/** Maps the address aggregate's refusals, by type, to problem details. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class AddressProblemAdvice {

    /** A path names an address that does not exist (or cannot, being malformed). */
    static final class UnknownAddressException extends RuntimeException {
        UnknownAddressException(String id) {
            super("There is no address with id '" + id.replaceAll("\\p{Cntrl}", "?") + "'.");
        }
    }

    @ExceptionHandler(InvalidAddressFieldException.class)
    ResponseEntity<ProblemDetail> invalidField(InvalidAddressFieldException e) {
        return ResponseEntity.badRequest().body(Problems.invalidFields(List.of(new FieldProblem(e.field(), e.getMessage()))));
    }

    @ExceptionHandler(DuplicateIpException.class)
    ResponseEntity<ProblemDetail> duplicateIp(DuplicateIpException e) {
        ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, "duplicate-ip", "IP already in use", e.getMessage() + ".");
        problem.setProperty("errors", List.of(new FieldProblem("ip", e.getMessage())));
        problem.setProperty("existingAddressId", e.owner().value());
        return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
    }

    @ExceptionHandler(MainAddressProtectedException.class)
    ResponseEntity<ProblemDetail> mainAddress(MainAddressProtectedException e) {
        return conflict("main-address-protected", "The main address is protected", e.getMessage());
    }

    @ExceptionHandler(AddressRetiringException.class)
    ResponseEntity<ProblemDetail> retiring(AddressRetiringException e) {
        return conflict("address-retiring", "Address is being removed", e.getMessage());
    }

    @ExceptionHandler(NotRetiringException.class)
    ResponseEntity<ProblemDetail> notRetiring(NotRetiringException e) {
        return conflict("address-not-retiring", "Address is not being removed", e.getMessage());
    }

    /** A fallback that does not exist is 404, one being removed 409; either names the parameter. */
    @ExceptionHandler(FallbackUnavailableException.class)
    ResponseEntity<ProblemDetail> fallbackUnavailable(FallbackUnavailableException e) {
        HttpStatus status = e.exists() ? HttpStatus.CONFLICT : HttpStatus.NOT_FOUND;
        ProblemDetail problem = Problems.of(status, e.exists() ? "fallback-retiring" : "fallback-not-found",
                e.exists() ? "Fallback is being removed" : "Fallback not found", e.getMessage() + ".");
        problem.setProperty("errors", List.of(new FieldProblem(StartAddressRetirementCommand.FALLBACK_FIELD, e.getMessage())));
        return ResponseEntity.status(status).body(problem);
    }

    /** A removal preview the assignment side would refuse: the 409 a refused real removal gets. */
    @ExceptionHandler(RemovalPreview.RefusedException.class)
    ResponseEntity<ProblemDetail> removalRefused(RemovalPreview.RefusedException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(addressInUse(e.reasons()));
    }

    /**
     * A removal preview without the assignment service's answer: 503, for the preview only (a
     * real removal is answered over Kafka, and waits for that service instead).
     */
    @ExceptionHandler(RetirementPreviews.UnavailableException.class)
    ResponseEntity<ProblemDetail> removalPreviewUnavailable(RetirementPreviews.UnavailableException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE,
                "removal-preview-unavailable", "Removal cannot be previewed now",
                "The removal cannot be previewed now: " + e.getMessage() + ". Nothing was changed; try again later."));
    }

    /** The refusal of a removal because something still uses the address, with the reasons. */
    static ProblemDetail addressInUse(List<String> reasons) {
        ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, "address-in-use", "Address in use",
                "The address was not removed: " + String.join("; ", reasons) + ".");
        problem.setProperty("reasons", reasons);
        return problem;
    }

    @ExceptionHandler(ConcurrencyException.class)
    ResponseEntity<ProblemDetail> concurrent(ConcurrencyException e) {
        return conflict("concurrent-change", "Changed at the same moment",
                "The address was changed by another request at the same moment; read it again and retry");
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(AggregateNotFoundException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Problems.of(HttpStatus.NOT_FOUND, "address-not-found",
                "Address not found", "There is no address with id '" + e.getAggregateIdentifier() + "'; it may have been removed."));
    }

    @ExceptionHandler(UnknownAddressException.class)
    ResponseEntity<ProblemDetail> unknown(UnknownAddressException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Problems.of(HttpStatus.NOT_FOUND, "address-not-found",
                "Address not found", e.getMessage()));
    }

    private static ResponseEntity<ProblemDetail> conflict(String type, String title, String detail) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(Problems.of(HttpStatus.CONFLICT, type, title, detail + "."));
    }
}
