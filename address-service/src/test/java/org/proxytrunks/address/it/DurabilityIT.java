package org.proxytrunks.address.it;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proxytrunks.address.AddressServiceApplication;
import org.proxytrunks.embedded.EmbeddedMongoServer;
import org.proxytrunks.embedded.SharedTestStack;
import org.proxytrunks.testing.RunningService;
import org.proxytrunks.testing.RunningService.Response;
import org.proxytrunks.testing.Tokens;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Addresses survive a restart of the service and of the MongoDB-protocol server under it. */
class DurabilityIT {

    @TempDir
    Path data;

    @Test
    void anAddressSurvivesRestartsOfTheServiceAndOfMongo() {
        SharedTestStack stack = SharedTestStack.get();
        try (EmbeddedMongoServer mongo = new EmbeddedMongoServer(data, "127.0.0.1", SharedTestStack.freePort())) {
            mongo.start();
            Map<String, Object> properties = RunningService.wiredTo(stack, mongo.connectionString(), "address-durability");
            String id;
            try (RunningService service = RunningService.start(AddressServiceApplication.application(), properties)) {
                Response created = service.send("POST", "/api/addresses", Tokens.god(), "{\"name\":\"kept\",\"ip\":\"127.0.0.51\"}");
                assertThat(created.status()).as(created.toString()).isEqualTo(201);
                id = created.json().get("id").asText();
            }
            mongo.stop();
            mongo.start();
            try (RunningService service = RunningService.start(AddressServiceApplication.application(), properties)) {
                Response renamed = service.send("PATCH", "/api/addresses/" + id, Tokens.god(), "{\"name\":\"still here\"}");
                assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
                assertThat(renamed.json().get("ip").asText()).isEqualTo("127.0.0.51");
                Response duplicate = service.send("POST", "/api/addresses", Tokens.god(), "{\"name\":\"again\",\"ip\":\"127.0.0.51\"}");
                assertThat(duplicate.status()).as("the IP is still taken").isEqualTo(409);
            }
            try (MongoClient client = MongoClients.create(mongo.connectionString())) {
                long registrations = client.getDatabase("address-durability").getCollection("domainevents")
                        .countDocuments(Filters.eq("aggregateIdentifier", "proxytrunks"));
                assertThat(registrations).as("the main address is registered once, not at every start").isEqualTo(1);
            }
        }
    }
}
