package org.proxytrunks.support.health;

import com.mongodb.client.MongoClient;
import org.bson.Document;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * MongoDB health by the {@code ping} command, which every MongoDB-protocol server answers.
 * Spring Boot's own indicator sends {@code hello}, which the embedded MongoDB-protocol server
 * does not implement, so it is switched off ({@code management.health.mongo.enabled=false}).
 */
public final class MongoPingHealthIndicator extends AbstractHealthIndicator {

    private final MongoClient client;
    private final String database;

    public MongoPingHealthIndicator(MongoClient client, String database) {
        super("MongoDB ping failed");
        this.client = client;
        this.database = database;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Document answer = client.getDatabase(database).runCommand(new Document("ping", 1));
        builder.up().withDetail("database", database).withDetail("ok", answer.get("ok"));
    }
}
