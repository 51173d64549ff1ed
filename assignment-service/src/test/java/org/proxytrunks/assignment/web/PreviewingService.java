package org.proxytrunks.assignment.web;

import org.proxytrunks.assignment.AssignmentServiceApplication;
import org.proxytrunks.embedded.SharedTestStack;
import org.proxytrunks.testing.RunningService;

/** The assignment service the preview ITs of this package share ({@link BrandDryRunIT}, {@link RetirementPreviewIT}), started once. */
final class PreviewingService {

    private static RunningService service;

    private PreviewingService() {
    }

    static synchronized RunningService get() {
        if (service == null) {
            RunningService started = RunningService.start(AssignmentServiceApplication.application(),
                    PublishedEvents.serviceProperties(SharedTestStack.get(), "assignment-previews"));
            Runtime.getRuntime().addShutdownHook(new Thread(started::close));
            service = started;
        }
        return service;
    }
}
