package org.proxytrunks.events;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The revision of an event's payload form. It is raised whenever a field is added, removed or
 * changes meaning, and travels with every stored and published event so that consumers and
 * upcasters can tell the forms apart.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface EventRevision {

    String value();
}
