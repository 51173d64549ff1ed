package org.proxytrunks.support.web;

import java.io.IOException;

/** A request body grew past the configured limit while it was being read. */
public class BodyTooLargeException extends IOException {

    public BodyTooLargeException(long limit) {
        super("the request body is larger than " + limit + " bytes");
    }
}
