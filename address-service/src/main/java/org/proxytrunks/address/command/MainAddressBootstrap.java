package org.proxytrunks.address.command;

import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.ConcurrencyException;
import org.proxytrunks.address.command.Commands.RegisterMainAddressCommand;
import org.proxytrunks.events.AddressId;
import org.proxytrunks.events.IpLiteral;
import org.proxytrunks.support.axon.ActorMetadataInterceptor;
import org.proxytrunks.support.security.Actor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Registers the main address from the installation's configuration when the service starts
 * (rule A3). Idempotent: once registered, the configured IP is not applied again, because the
 * operator may have changed it since.
 */
@Component
class MainAddressBootstrap implements ApplicationRunner {

    private static final Logger LOG = LoggerFactory.getLogger(MainAddressBootstrap.class);

    private final CommandGateway commands;
    private final String ip;
    private final String advertisedIp;

    MainAddressBootstrap(CommandGateway commands,
                         @Value("${proxytrunks.main-address.ip}") String ip,
                         @Value("${proxytrunks.main-address.advertised-ip:}") String advertisedIp) {
        this.commands = commands;
        this.ip = ip;
        this.advertisedIp = advertisedIp;
    }

    @Override
    public void run(ApplicationArguments args) {
        RegisterMainAddressCommand register = new RegisterMainAddressCommand(AddressId.MAIN,
                IpLiteral.parse(ip.trim()),
                StringUtils.hasText(advertisedIp) ? IpLiteral.parse(advertisedIp.trim()) : null);
        GenericCommandMessage<RegisterMainAddressCommand> message = new GenericCommandMessage<>(register)
                .andMetaData(ActorMetadataInterceptor.metadataOf(Actor.system("address-service")));
        try {
            commands.sendAndWait(message);
        } catch (ConcurrencyException another) {
            LOG.info("Another instance registered the main address at the same moment");
            commands.sendAndWait(message);
        }
        LOG.info("Main address {} is registered", AddressId.MAIN);
    }
}
