package dev.sockloop.autoconfigure.endpoint;

import dev.sockloop.autoconfigure.SocketServers;
import dev.sockloop.autoconfigure.SockloopAutoConfiguration;
import dev.sockloop.loop.EventLoopGroup;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

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
	 * @param beanFactory the bean factory, to find each server's codec
	 * @param environment the environment, to find each server's codec
	 * @return the endpoint
	 */
	@Bean
	@ConditionalOnMissingBean
	public SockloopEndpoint sockloopEndpoint(EventLoopGroup loopGroup, SocketServers servers,
			ConfigurableListableBeanFactory beanFactory, Environment environment) {
		return new SockloopEndpoint(loopGroup, servers, new ServerCodecNames(beanFactory, environment));
	}

}
