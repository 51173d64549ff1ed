package org.proxytrunks.support.axon;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.proxytrunks.support.kafka.KafkaConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * Creates the topics a service publishes to, keeping records forever (replay and audit need the
 * whole history). It runs in the background and retries while the broker is unreachable, so a
 * service starts — and accepts commands — with Kafka down. Declared as a bean, it starts when the
 * application is ready.
 */
public final class TopicProvisioner implements ApplicationListener<ApplicationReadyEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);

    private final KafkaConnection kafka;
    private final List<String> topics;
    private final int partitions;
    private final short replicationFactor;
    private volatile boolean done;

    public TopicProvisioner(KafkaConnection kafka, List<String> topics, int partitions, short replicationFactor) {
        this.kafka = kafka;
        this.topics = List.copyOf(topics);
        this.partitions = partitions;
        this.replicationFactor = replicationFactor;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent ready) {
        startInBackground();
    }

    /** Starts provisioning on a daemon thread. */
    public void startInBackground() {
        Thread thread = new Thread(this::provisionUntilDone, "kafka-topic-provisioner");
        thread.setDaemon(true);
        thread.start();
    }

    public boolean isDone() {
        return done;
    }

    private void provisionUntilDone() {
        Duration pause = Duration.ofSeconds(1);
        while (!done) {
            try {
                provision();
                done = true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | ExecutionException e) {
                LOG.warn("Could not create topics {} yet ({}); retrying in {} s", topics, e.getMessage(), pause.toSeconds());
                try {
                    Thread.sleep(pause.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
                pause = pause.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30) : pause.multipliedBy(2);
            }
        }
    }

    private void provision() throws InterruptedException, ExecutionException {
        try (Admin admin = Admin.create(kafka.clientProperties(Map.of(
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000)))) {
            for (String topic : topics) {
                NewTopic newTopic = new NewTopic(topic, partitions, replicationFactor)
                        .configs(Map.of("retention.ms", "-1", "retention.bytes", "-1", "cleanup.policy", "delete"));
                try {
                    admin.createTopics(List.of(newTopic)).all().get();
                    LOG.info("Created topic {} ({} partitions, kept forever)", topic, partitions);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
    }
}
