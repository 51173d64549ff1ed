package org.proxytrunks.support.axon;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.extensions.kafka.eventhandling.KafkaMessageConverter;
import org.axonframework.extensions.kafka.eventhandling.producer.KafkaPublisher;
import org.axonframework.extensions.kafka.eventhandling.producer.ProducerFactory;
import org.axonframework.extensions.kafka.eventhandling.producer.TopicResolver;
import org.axonframework.messaging.EventPublicationFailedException;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * Publishes the events a tracking processor reads in one batch in one Kafka transaction: the
 * transaction begins with the batch's first event and commits with its last one, before the
 * processor stores its token. A commit the broker does not confirm in time is retried (it may
 * still complete); a commit that fails aborts the transaction and fails the batch, which the
 * processor then reads and publishes again, so consumers that read committed records see each
 * event once, in order. (Axon's own publisher runs a transaction per event: a few broker
 * round trips each, which capped publishing at a few hundred events a second.)
 *
 * <p>Outside a batch (a subscribing processor), each event gets a transaction of its own, as
 * with Axon's publisher.
 */
public final class BatchTransactionKafkaPublisher<K, V> extends KafkaPublisher<K, V> {

    private static final Logger LOG = LoggerFactory.getLogger(BatchTransactionKafkaPublisher.class);
    private static final String TRANSACTION = BatchTransactionKafkaPublisher.class.getName() + ".transaction";

    private final ProducerFactory<K, V> producers;
    private final KafkaMessageConverter<K, V> converter;
    private final TopicResolver topics;

    public BatchTransactionKafkaPublisher(ProducerFactory<K, V> producers, KafkaMessageConverter<K, V> converter,
                                          TopicResolver topics, Serializer serializer) {
        super(KafkaPublisher.<K, V>builder().producerFactory(producers).messageConverter(converter)
                .topicResolver(topics).serializer(serializer));
        if (!producers.confirmationMode().isTransactional()) {
            throw new IllegalArgumentException("the producer factory must be transactional (axon.kafka.publisher.confirmation-mode)");
        }
        this.producers = producers;
        this.converter = converter;
        this.topics = topics;
    }

    @Override
    public <T extends EventMessage<?>> void send(T event) {
        Optional<String> topic = topics.resolve(event);
        if (topic.isEmpty()) {
            return;
        }
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
        Producer<K, V> producer = unitOfWork.getOrComputeResource(TRANSACTION, key -> begin(unitOfWork));
        producer.send(converter.createKafkaMessage(event, topic.get()));
        if (!(unitOfWork instanceof BatchingUnitOfWork<?> batch) || batch.isLastMessage()) {
            commit(unitOfWork, producer);
        }
    }

    private Producer<K, V> begin(UnitOfWork<?> unitOfWork) {
        Producer<K, V> producer = producers.createProducer();
        try {
            producer.beginTransaction();
        } catch (KafkaException e) {
            close(producer);
            throw new EventPublicationFailedException("Could not begin a Kafka transaction", e);
        }
        unitOfWork.onPrepareCommit(u -> {
            if (u.resources().containsKey(TRANSACTION)) {
                // the batch's last event was not handed to this publisher: commit before the unit ends
                LOG.warn("Committing a Kafka transaction at the end of its unit of work");
                commit(u, producer);
            }
        });
        unitOfWork.onRollback(u -> {
            if (u.resources().remove(TRANSACTION) != null) {
                abort(producer);
                close(producer);
            }
        });
        return producer;
    }

    /**
     * Commits, waiting for as long as the broker does not answer: a commit that timed out may
     * still complete, so giving it up and publishing the batch again could publish it twice.
     */
    private void commit(UnitOfWork<?> unitOfWork, Producer<K, V> producer) {
        unitOfWork.resources().remove(TRANSACTION);
        try {
            while (true) {
                try {
                    producer.commitTransaction();
                    return;
                } catch (TimeoutException notYet) {
                    LOG.warn("Kafka has not confirmed the commit of a transaction yet; waiting for it: {}", notYet.getMessage());
                }
            }
        } catch (KafkaException e) {
            abort(producer);
            throw new EventPublicationFailedException("Could not commit a Kafka transaction; the batch is published again", e);
        } finally {
            close(producer);
        }
    }

    private static void abort(Producer<?, ?> producer) {
        try {
            producer.abortTransaction();
        } catch (RuntimeException e) {
            LOG.debug("Could not abort a Kafka transaction", e);
        }
    }

    private static void close(Producer<?, ?> producer) {
        try {
            producer.close();
        } catch (RuntimeException e) {
            LOG.debug("Could not close a Kafka producer", e);
        }
    }
}
