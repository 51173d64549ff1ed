package org.proxytrunks.projector.web;

import org.proxytrunks.projector.query.Views.Change;

import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client of the change stream. A small bounded queue stands between the projection, which
 * must never wait for a client, and the client's connection, which a thread of {@code writers}
 * writes to, one message at a time. A client that falls a whole queue behind is closed rather
 * than held changes for without bound: its EventSource reconnects and reads what it missed
 * from the query API.
 */
final class ChangeSubscriber {

    /** Where the messages go: the client's connection. */
    interface Connection {

        void send(Change change) throws IOException;

        void heartbeat() throws IOException;

        /** Ends the stream; called once. */
        void close();
    }

    /** A change, or a heartbeat ({@code change} null): both go through the queue, so only one thread writes to the connection. */
    private record Message(Change change) {
    }

    private static final Message HEARTBEAT = new Message(null);

    private final String brand;
    private final BlockingQueue<Message> queue;
    private final Executor writers;
    private final Connection connection;
    private final AtomicBoolean writing = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean closing;

    /**
     * @param brand    the only brand whose changes this client receives (a brand admin's), or null for every change
     * @param capacity how many messages may wait for the connection
     * @param writers  runs the writing to the connection
     */
    ChangeSubscriber(String brand, int capacity, Executor writers, Connection connection) {
        this.brand = brand;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.writers = writers;
        this.connection = connection;
    }

    /** Queues {@code change} if this client may see it; never waits. */
    void offer(Change change) {
        if (brand == null || brand.equals(change.brand())) {
            enqueue(new Message(change));
        }
    }

    /** Queues a heartbeat, which also finds a client that has gone away (writing to it fails). */
    void heartbeat() {
        enqueue(HEARTBEAT);
    }

    /** Closes the stream once the message being written, if any, is out; what is queued is dropped. */
    void close() {
        closing = true;
        queue.clear();
        write();
    }

    private void enqueue(Message message) {
        if (closing) {
            return;
        }
        if (!queue.offer(message)) {
            closing = true;
            queue.clear();
        }
        write();
    }

    /** Starts a writer unless one is writing; that one sees what was just queued before it stops. */
    private void write() {
        if (!writing.compareAndSet(false, true)) {
            return;
        }
        try {
            writers.execute(this::drain);
        } catch (RejectedExecutionException stopped) {
            closing = true;
            writing.set(false);
            end();
        }
    }

    private void drain() {
        while (true) {
            if (closing) {
                end();
                writing.set(false);
                return;
            }
            Message message = queue.poll();
            if (message == null) {
                writing.set(false);
                // something queued after the poll and before the flag was cleared has no writer yet: take it on
                if ((queue.isEmpty() && !closing) || !writing.compareAndSet(false, true)) {
                    return;
                }
                continue;
            }
            try {
                if (message == HEARTBEAT) {
                    connection.heartbeat();
                } else {
                    connection.send(message.change());
                }
            } catch (IOException | RuntimeException gone) {
                closing = true;
            }
        }
    }

    private void end() {
        if (closed.compareAndSet(false, true)) {
            connection.close();
        }
    }
}
