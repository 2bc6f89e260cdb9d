package dev.sockloop.autoconfigure.metrics;

import dev.sockloop.autoconfigure.SockloopAutoConfiguration;
import dev.sockloop.client.SocketClient;
import dev.sockloop.spring.DatagramServers;
import dev.sockloop.spring.SocketServers;
import dev.sockloop.transport.EventLoopGroup;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for Sockloop's Micrometer meters: loop
 * wake-ups, latency and fds, per-server connections, bytes and errors, and the client's.
 */
@AutoConfiguration(after = { SockloopAutoConfiguration.class, MetricsAutoConfiguration.class,
		CompositeMeterRegistryAutoConfiguration.class })
@ConditionalOnClass({ MeterRegistry.class, EventLoopGroup.class })
@ConditionalOnBean({ MeterRegistry.class, EventLoopGroup.class, SocketServers.class })
@ConditionalOnBooleanProperty(name = "sockloop.metrics.enabled", matchIfMissing = true)
public final class SockloopMetricsAutoConfiguration {

	/**
	 * The binder of loop and server meters.
	 * @param loopGroup the shared loops
	 * @param servers the running servers
	 * @return the binder
	 */
	@Bean
	@ConditionalOnMissingBean
	public SockloopMeterBinder sockloopMeterBinder(EventLoopGroup loopGroup, SocketServers servers) {
		return new SockloopMeterBinder(loopGroup, servers);
	}

	/**
	 * The binder of the client's meters ({@code sockloop.client.*}), when there is a client.
	 * @param client the client
	 * @return the binder
	 */
	@Bean
	@ConditionalOnBean(SocketClient.class)
	@ConditionalOnMissingBean
	public SocketClientMeterBinder sockloopSocketClientMeterBinder(SocketClient client) {
		return new SocketClientMeterBinder(client);
	}

	/**
	 * The binder of datagram (UDP) server meters, {@code sockloop.datagram.*}.
	 * @param servers the running datagram servers
	 * @return the binder
	 */
	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(DatagramServers.class)
	public DatagramMeterBinder sockloopDatagramMeterBinder(DatagramServers servers) {
		return new DatagramMeterBinder(servers);
	}

}
