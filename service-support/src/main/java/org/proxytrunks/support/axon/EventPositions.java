package org.proxytrunks.support.axon;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Tells a client where the events of its command stand, so that it can ask the projector for
 * read models that include them: the header {@value #HEADER} = {@code <aggregate id>:<sequence>}
 * of the aggregate's last event, to pass as {@code waitFor} to the query API.
 *
 * <p>The commands of a request run on the request's thread (Axon's simple command bus), so the
 * events they store are seen here as they are published and remembered, once committed, for
 * the rest of the request: the answer names them without asking the event store. A request
 * whose commands stored nothing for the aggregate (an idempotent repeat) gets the last event
 * this service committed for it ({@value #REMEMBERED} aggregates are remembered, the least
 * recently used forgotten first), and only an aggregate this service has not written since it
 * started is looked up in the event store.
 */
public final class EventPositions extends OncePerRequestFilter implements MessageDispatchInterceptor<EventMessage<?>> {

    public static final String HEADER = "X-Event-Position";

    private static final ThreadLocal<Map<String, Long>> STORED = new ThreadLocal<>();
    private static final int REMEMBERED = 50_000;

    private final Map<String, Long> lastCommitted = Collections.synchronizedMap(
            new LinkedHashMap<>(1024, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                    return size() > REMEMBERED;
                }
            });

    private final EventStore eventStore;

    public EventPositions(EventStore eventStore) {
        this.eventStore = eventStore;
        eventStore.registerDispatchInterceptor(this);
    }

    /** Headers naming the last event of {@code aggregateId}; empty when it has none. */
    public HttpHeaders of(String aggregateId) {
        HttpHeaders headers = new HttpHeaders();
        Map<String, Long> request = STORED.get();
        Long stored = request == null ? null : request.get(aggregateId);
        if (stored == null) {
            stored = lastCommitted.get(aggregateId);
        }
        if (stored != null) {
            headers.add(HEADER, aggregateId + ":" + stored);
        } else {
            eventStore.lastSequenceNumberFor(aggregateId)
                    .ifPresent(sequence -> headers.add(HEADER, aggregateId + ":" + sequence));
        }
        return headers;
    }

    @Override
    public BiFunction<Integer, EventMessage<?>, EventMessage<?>> handle(List<? extends EventMessage<?>> messages) {
        return (index, event) -> {
            Map<String, Long> stored = STORED.get();
            if (event instanceof DomainEventMessage<?> domainEvent && CurrentUnitOfWork.isStarted()) {
                CurrentUnitOfWork.get().afterCommit(unitOfWork -> {
                    lastCommitted.merge(domainEvent.getAggregateIdentifier(), domainEvent.getSequenceNumber(), Math::max);
                    if (stored != null) {
                        stored.merge(domainEvent.getAggregateIdentifier(), domainEvent.getSequenceNumber(), Math::max);
                    }
                });
            }
            return event;
        };
    }

    /**
     * Remembers positions for the length of one request only, so an answer never names another
     * request's events and the threads of event processors keep nothing.
     */
    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        STORED.set(new HashMap<>());
        try {
            chain.doFilter(request, response);
        } finally {
            STORED.remove();
        }
    }
}
