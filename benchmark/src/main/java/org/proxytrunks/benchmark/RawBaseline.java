package org.proxytrunks.benchmark;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.proxytrunks.benchmark.stats.LatencyRecorder;
import org.proxytrunks.benchmark.stats.LatencySummary;
import org.proxytrunks.benchmark.stats.Rates;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the storage underneath costs, measured with the services' own drivers against the same
 * MongoDB-protocol server and Kafka broker: one operation is one Mongo insert (database
 * {@value #DATABASE}) followed by one Kafka send with acks=all from an idempotent producer (topic
 * {@value #TOPIC}), waited for. The scratch database and topic are removed afterwards.
 */
final class RawBaseline {

    static final String DATABASE = "bench-raw";
    static final String TOPIC = "bench.raw";
    private static final String PAYLOAD = "{\"providerId\":\"bench-b00-c000\",\"addressId\":\"0b5e8a3c-1f7d-4f44-9a51-3c2b7e9d6f10\","
            + "\"previousAddressId\":\"proxytrunks\",\"brandId\":\"bench-b00\",\"kind\":\"CARRIER\"}";

    /**
     * The baseline.
     *
     * @param threads      client threads of the flat-out run
     * @param opsPerSecond operations per second, flat out
     * @param flatOutOps   operations of the flat-out run
     * @param sequential   latency of one operation, one thread
     */
    record Result(int threads, double opsPerSecond, long flatOutOps, LatencySummary sequential) {
    }

    private RawBaseline() {
    }

    static Result run(Settings settings, int threads) throws Exception {
        createTopic(settings.kafkaBootstrap());
        try (MongoClient mongo = MongoClients.create(settings.mongoUri());
             KafkaProducer<String, byte[]> producer = producer(settings.kafkaBootstrap())) {
            MongoCollection<Document> collection = mongo.getDatabase(DATABASE).getCollection("ops");
            AtomicLong sequence = new AtomicLong();
            Settings.Sizes sizes = settings.sizes();
            Progress.say("raw baseline: warming up (%d ms)", sizes.rawWarmup().toMillis());
            loop(collection, producer, sequence, sizes.rawWarmup(), null);
            Progress.say("raw baseline: sequential, 1 thread, %d s", sizes.raw().toSeconds());
            LatencyRecorder sequential = new LatencyRecorder();
            loop(collection, producer, sequence, sizes.raw(), sequential);
            Progress.say("raw baseline: flat out, %d threads, %d s", threads, sizes.raw().toSeconds());
            List<Thread> workers = new ArrayList<>();
            AtomicLong done = new AtomicLong();
            List<Exception> failures = new ArrayList<>();
            long start = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                Thread worker = Threads.daemon("raw-" + t).newThread(() -> {
                    try {
                        done.addAndGet(loop(collection, producer, sequence, sizes.raw(), null));
                    } catch (Exception e) {
                        synchronized (failures) {
                            failures.add(e);
                        }
                    }
                });
                workers.add(worker);
                worker.start();
            }
            for (Thread worker : workers) {
                worker.join();
            }
            long elapsed = System.nanoTime() - start;
            if (!failures.isEmpty()) {
                throw failures.get(0);
            }
            try {
                mongo.getDatabase(DATABASE).drop();
            } catch (RuntimeException cleanupFailed) {
                Progress.say("raw baseline: could not drop database %s: %s", DATABASE, cleanupFailed.getMessage());
            }
            return new Result(threads, Rates.perSecond(done.get(), elapsed), done.get(), sequential.summary());
        } finally {
            deleteTopic(settings.kafkaBootstrap());
        }
    }

    private static long loop(MongoCollection<Document> collection, KafkaProducer<String, byte[]> producer, AtomicLong sequence,
                             Duration duration, LatencyRecorder latencies) throws ExecutionException, InterruptedException {
        long deadline = System.nanoTime() + duration.toNanos();
        long count = 0;
        byte[] payload = PAYLOAD.getBytes(StandardCharsets.UTF_8);
        while (System.nanoTime() - deadline < 0) {
            long n = sequence.incrementAndGet();
            long start = System.nanoTime();
            collection.insertOne(new Document("aggregate", "bench-" + (n % 20)).append("sequence", n)
                    .append("type", "BenchRawEvent").append("payload", PAYLOAD));
            producer.send(new ProducerRecord<>(TOPIC, "bench-" + (n % 20), payload)).get();
            if (latencies != null) {
                latencies.record(System.nanoTime() - start);
            }
            count++;
        }
        return count;
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, "bench-raw-producer");
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new KafkaProducer<>(properties);
    }

    private static Admin admin(String bootstrap) {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "bench-raw-admin");
        return Admin.create(properties);
    }

    private static void createTopic(String bootstrap) throws Exception {
        try (Admin admin = admin(bootstrap)) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    private static void deleteTopic(String bootstrap) {
        try (Admin admin = admin(bootstrap)) {
            admin.deleteTopics(List.of(TOPIC)).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            Progress.say("raw baseline: could not delete topic %s: %s", TOPIC, e.getMessage());
        }
    }
}
