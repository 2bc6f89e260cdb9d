package dev.sockloop.autoconfigure.endpoint;

import dev.sockloop.autoconfigure.SockloopAutoConfiguration;
import dev.sockloop.spring.DatagramServers;
import dev.sockloop.spring.SocketServers;
import dev.sockloop.transport.EventLoopGroup;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the {@link SockloopEndpoint sockloop}
 * Actuator endpoint.
 */
@AutoConfiguration(after = SockloopAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class, EventLoopGroup.class })
@ConditionalOnBean({ EventLoopGroup.class, SocketServers.class })
@ConditionalOnAvailableEndpoint(SockloopEndpoint.class)
public final class SockloopEndpointAutoConfiguration {

	/**
	 * The endpoint.
	 * @param loopGroup the shared loops
	 * @param servers the running servers
	 * @param datagramServers the running datagram servers, if any
	 * @return the endpoint
	 */
	@Bean
	@ConditionalOnMissingBean
	public SockloopEndpoint sockloopEndpoint(EventLoopGroup loopGroup, SocketServers servers,
			ObjectProvider<DatagramServers> datagramServers) {
		return new SockloopEndpoint(loopGroup, servers, datagramServers.getIfAvailable());
	}

}
