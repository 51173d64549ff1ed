package org.proxytrunks.embedded;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedServersIT {

    @TempDir
    Path data;

    @Test
    void mongoDataSurvivesARestartOfTheServer() {
        int port = SharedTestStack.freePort();
        try (EmbeddedMongoServer server = new EmbeddedMongoServer(data, "127.0.0.1", port)) {
            server.start();
            try (MongoClient client = MongoClients.create(server.connectionString())) {
                client.getDatabase("t").getCollection("c").insertOne(new Document("_id", "kept").append("v", 1));
            }
            server.stop();
            server.start();
            try (MongoClient client = MongoClients.create(server.connectionString())) {
                MongoCollection<Document> c = client.getDatabase("t").getCollection("c");
                assertThat(c.find(new Document("_id", "kept")).first()).containsEntry("v", 1);
            }
        }
    }

    @Test
    void kafkaKeepsRecordsAcrossARestartOfTheBroker() {
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(data, "127.0.0.1",
                SharedTestStack.freePort(), SharedTestStack.freePort())) {
            broker.start();
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
                producer.send(new ProducerRecord<>("probe", "k", "v1")).get();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            broker.stop();
            broker.start();
            assertThat(readAll(broker.bootstrapServers(), "probe")).extracting(ConsumerRecord::value).containsExactly("v1");
        }
    }

    private static List<ConsumerRecord<String, String>> readAll(String bootstrap, String topic) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "probe-reader",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (records.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
            return records;
        }
    }
}
