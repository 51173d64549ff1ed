package org.proxytrunks.embedded;

import de.bwaldvogel.mongo.MongoServer;
import org.proxytrunks.embedded.mongo.IndexedH2Backend;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A MongoDB-protocol server (mongo-java-server) whose data is kept in an H2 file, so that the
 * event store and read models survive a restart of the server.
 */
public final class EmbeddedMongoServer implements AutoCloseable {

    /**
     * The threads that serve the clients' connections. The server runs each command on the
     * thread of its connection, and a thread serves every connection given to it in turn: with
     * Netty's default (twice the cores) a bulk write of the projector or a tracking poll held up
     * the event inserts of every command whose connection shared its thread (inserts averaged
     * 15 ms under load). With a thread per connection, up to this many, a command waits only
     * for the collection it uses.
     */
    private static final int CONNECTION_THREADS = 64;

    private final Path dataFile;
    private final String host;
    private final int port;
    private MongoServer server;

    public EmbeddedMongoServer(Path dataDirectory, String host, int port) {
        this.dataFile = dataDirectory.resolve("mongo.mv.db");
        this.host = host;
        this.port = port;
    }

    /** Starts listening; returns once the server accepts connections. */
    public synchronized void start() {
        if (server != null) {
            return;
        }
        try {
            Files.createDirectories(dataFile.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        MongoServer started = new MongoServer(new IndexedH2Backend(dataFile.toString()));
        started.bind(new InetSocketAddress(host, port), 1, CONNECTION_THREADS);
        server = started;
    }

    /** Stops the server and closes its data file; a later {@link #start()} reopens it. */
    public synchronized void stop() {
        if (server != null) {
            server.shutdownNow();
            server = null;
        }
    }

    public String connectionString() {
        return "mongodb://" + host + ":" + port;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        stop();
    }
}
