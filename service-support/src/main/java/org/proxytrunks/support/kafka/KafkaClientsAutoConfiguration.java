package org.proxytrunks.support.kafka;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** The Kafka client security settings ({@link KafkaSecurity}) of every service that has Kafka clients. */
@AutoConfiguration
@ConditionalOnClass(KafkaConsumer.class)
@EnableConfigurationProperties(KafkaSecurity.class)
public class KafkaClientsAutoConfiguration {
}
