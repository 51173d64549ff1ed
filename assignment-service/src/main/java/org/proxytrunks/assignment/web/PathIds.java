package org.proxytrunks.assignment.web;

import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.BrandId;
import org.proxytrunks.events.InvalidValueException;
import org.proxytrunks.events.ProviderId;

/** Reads the ids in a path; a malformed one cannot exist, so it is a 404. */
final class PathIds {

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
