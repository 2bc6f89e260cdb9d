package dev.sockloop.autoconfigure.health;

import dev.sockloop.autoconfigure.SockloopAutoConfiguration;
import dev.sockloop.autoconfigure.SockloopProperties;
import dev.sockloop.spring.DatagramServers;
import dev.sockloop.spring.SocketServers;
import dev.sockloop.transport.EventLoopGroup;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for the {@code sockloop} health indicator.
 */
@AutoConfiguration(after = SockloopAutoConfiguration.class)
@ConditionalOnClass({ HealthIndicator.class, EventLoopGroup.class })
@ConditionalOnBean({ EventLoopGroup.class, SocketServers.class })
@ConditionalOnEnabledHealthIndicator("sockloop")
@EnableConfigurationProperties(SockloopProperties.class)
public final class SockloopHealthContributorAutoConfiguration {

	/**
	 * The health of loops and servers, contributed as {@code sockloop}.
	 * @param loopGroup the shared loops
	 * @param servers the running servers
	 * @param datagramServers the running datagram servers, if any
	 * @param properties the Sockloop properties
	 * @return the indicator
	 */
	@Bean
	@ConditionalOnMissingBean(name = "sockloopHealthIndicator")
	public SockloopHealthIndicator sockloopHealthIndicator(EventLoopGroup loopGroup, SocketServers servers,
			ObjectProvider<DatagramServers> datagramServers, SockloopProperties properties) {
		return new SockloopHealthIndicator(loopGroup, servers, datagramServers.getIfAvailable(),
				properties.getHealth().getStuckThreshold());
	}

}
