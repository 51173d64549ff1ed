package org.proxytrunks.embedded.mongo;

import java.util.AbstractSet;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.NoSuchElementException;

/**
 * The positions an {@link OrderedIndex} files under one value, in the order they were added.
 * Most values are held by one document (an entity's version of a sequence, an event's time), so a
 * single position is kept without a set of its own: a {@link LinkedHashSet} per value was most of
 * the embedded server's heap at 100,000 events of history. Positions are never null.
 */
final class Positions extends AbstractSet<Object> {

    private Object single;
    private LinkedHashSet<Object> many;

    @Override
    public boolean add(Object position) {
        if (many != null) {
            return many.add(position);
        }
        if (single == null) {
            single = position;
            return true;
        }
        if (single.equals(position)) {
            return false;
        }
        many = new LinkedHashSet<>(4);
        many.add(single);
        many.add(position);
        single = null;
        return true;
    }

    @Override
    public boolean remove(Object position) {
        if (many != null) {
            boolean removed = many.remove(position);
            if (many.size() == 1) {
                single = many.iterator().next();
                many = null;
            }
            return removed;
        }
        if (single != null && single.equals(position)) {
            single = null;
            return true;
        }
        return false;
    }

    @Override
    public boolean contains(Object position) {
        return many != null ? many.contains(position) : single != null && single.equals(position);
    }

    @Override
    public int size() {
        return many != null ? many.size() : single == null ? 0 : 1;
    }

    @Override
    public Iterator<Object> iterator() {
        if (many != null) {
            return Collections.unmodifiableSet(many).iterator();
        }
        Object only = single;
        return new Iterator<>() {
            private boolean given = only == null;

            @Override
            public boolean hasNext() {
                return !given;
            }

            @Override
            public Object next() {
                if (given) {
                    throw new NoSuchElementException();
                }
                given = true;
                return only;
            }
        };
    }
}
