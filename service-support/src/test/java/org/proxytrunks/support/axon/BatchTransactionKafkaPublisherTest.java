package org.proxytrunks.support.axon;

import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.extensions.kafka.eventhandling.DefaultKafkaMessageConverter;
import org.axonframework.extensions.kafka.eventhandling.producer.ConfirmationMode;
import org.axonframework.extensions.kafka.eventhandling.producer.ProducerFactory;
import org.axonframework.messaging.EventPublicationFailedException;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class BatchTransactionKafkaPublisherTest {

    private final List<MockProducer<String, byte[]>> producers = new ArrayList<>();
    private RuntimeException commitFailure;
    private int unconfirmedCommits;

    private final ProducerFactory<String, byte[]> factory = new ProducerFactory<>() {
        @Override
        public Producer<String, byte[]> createProducer() {
            MockProducer<String, byte[]> producer = new MockProducer<>(true, new StringSerializer(), new ByteArraySerializer()) {
                @Override
                public void commitTransaction() {
                    if (unconfirmedCommits > 0) {
                        unconfirmedCommits--;
                        throw new TimeoutException("the broker did not answer in time");
                    }
                    super.commitTransaction();
                }
            };
            producer.initTransactions();
            if (commitFailure != null) {
                producer.commitTransactionException = commitFailure;
            }
            producers.add(producer);
            return producer;
        }

        @Override
        public ConfirmationMode confirmationMode() {
            return ConfirmationMode.TRANSACTIONAL;
        }

        @Override
        public void shutDown() {
        }
    };

    private final JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
    private final BatchTransactionKafkaPublisher<String, byte[]> publisher = new BatchTransactionKafkaPublisher<>(factory,
            DefaultKafkaMessageConverter.builder().serializer(serializer).build(), event -> Optional.of("proxytrunks.test"), serializer);

    private static List<EventMessage<?>> events(int count) {
        List<EventMessage<?>> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(GenericEventMessage.asEventMessage("event " + i));
        }
        return events;
    }

    @Test
    void aBatchIsPublishedInOneTransactionThatCommitsWithItsLastEvent() throws Exception {
        List<EventMessage<?>> batch = events(3);
        new BatchingUnitOfWork<>(batch).executeWithResult(() -> {
            publisher.send((EventMessage<?>) CurrentUnitOfWork.get().getMessage());
            return null;
        });

        assertThat(producers).hasSize(1);
        MockProducer<String, byte[]> producer = producers.get(0);
        assertThat(producer.transactionCommitted()).isTrue();
        assertThat(producer.commitCount()).as("one transaction for the batch").isEqualTo(1);
        assertThat(producer.history()).hasSize(3);
        assertThat(producer.closed()).isTrue();
    }

    @Test
    void aFailedCommitAbortsTheTransactionAndFailsTheBatchSoThatItIsPublishedAgain() {
        commitFailure = new KafkaException("broker gone");
        List<EventMessage<?>> batch = events(2);
        BatchingUnitOfWork<EventMessage<?>> unitOfWork = new BatchingUnitOfWork<>(batch);

        ResultMessage<?> result = unitOfWork.executeWithResult(() -> {
            publisher.send((EventMessage<?>) CurrentUnitOfWork.get().getMessage());
            return null;
        });

        assertThat(result.isExceptional()).isTrue();
        assertThat(result.exceptionResult()).isInstanceOf(EventPublicationFailedException.class);
        assertThat(unitOfWork.isRolledBack()).as("the batch fails, so its token is not stored").isTrue();
        MockProducer<String, byte[]> producer = producers.get(0);
        assertThat(producer.transactionCommitted()).isFalse();
        assertThat(producer.transactionAborted()).isTrue();
    }

    @Test
    void aCommitTheBrokerHasNotConfirmedYetIsWaitedForNotPublishedTwice() throws Exception {
        unconfirmedCommits = 2;
        ResultMessage<?> result = new BatchingUnitOfWork<>(events(2)).executeWithResult(() -> {
            publisher.send((EventMessage<?>) CurrentUnitOfWork.get().getMessage());
            return null;
        });

        assertThat(result.isExceptional()).as(String.valueOf(result.optionalExceptionResult())).isFalse();
        assertThat(unconfirmedCommits).isZero();
        assertThat(producers).as("no second transaction").hasSize(1);
        assertThat(producers.get(0).transactionCommitted()).isTrue();
        assertThat(producers.get(0).history()).hasSize(2);
    }

    @Test
    void anEventOutsideABatchHasATransactionOfItsOwn() throws Exception {
        for (EventMessage<?> event : events(2)) {
            DefaultUnitOfWork.startAndGet(event).executeWithResult(() -> {
                publisher.send(event);
                return null;
            });
        }
        assertThat(producers).hasSize(2).allMatch(MockProducer::transactionCommitted);
    }
}
