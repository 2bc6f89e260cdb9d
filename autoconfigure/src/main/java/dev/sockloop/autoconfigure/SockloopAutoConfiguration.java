package dev.sockloop.autoconfigure;

import dev.sockloop.client.SocketClient;
import dev.sockloop.internal.transport.epoll.Epoll;
import dev.sockloop.spring.DatagramServerCustomizer;
import dev.sockloop.spring.DatagramServers;
import dev.sockloop.spring.SocketServerCustomizer;
import dev.sockloop.spring.SocketServers;
import dev.sockloop.transport.EventLoopGroup;
import dev.sockloop.transport.Transport;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * {@link EnableAutoConfiguration Auto-configuration} for Sockloop: the event loops shared by every
 * server, and one server per {@link dev.sockloop.spring.SocketHandler @SocketHandler} (TCP) and per
 * {@link dev.sockloop.spring.DatagramHandler @DatagramHandler} (UDP), started once the context is
 * refreshed and stopped gracefully when it closes.
 */
@AutoConfiguration
@ConditionalOnClass(EventLoopGroup.class)
@ConditionalOnBooleanProperty(name = "sockloop.enabled", matchIfMissing = true)
@EnableConfigurationProperties(SockloopProperties.class)
@Import(SockloopJacksonCodecsConfiguration.class)
public final class SockloopAutoConfiguration {

	/**
	 * The event loops shared by every server, on the transport {@code sockloop.transport} selects.
	 * Closed when the context is destroyed, which is after the servers have stopped.
	 * @param properties the Sockloop properties
	 * @return the loop group
	 */
	@Bean
	@ConditionalOnMissingBean
	public EventLoopGroup sockloopEventLoopGroup(SockloopProperties properties) {
		if (properties.getLoops() < 1) {
			throw new InvalidSockloopPropertyException("sockloop.loops",
					"sockloop.loops must be at least 1, was " + properties.getLoops());
		}
		Transport transport = properties.getTransport();
		if (transport == Transport.EPOLL) {
			// Forced epoll fails start-up with its own failure analysis; AUTO falls back instead.
			requireEpoll();
		}
		return new EventLoopGroup(properties.getLoops(), "sockloop-loop-", transport);
	}

	private static void requireEpoll() {
		try {
			Epoll.ensureAvailable();
		}
		catch (IllegalStateException ex) {
			throw new EpollUnavailableException(ex);
		}
	}

	/**
	 * A client for outbound connections on the servers' event loops, with the same
	 * {@code Connection} API: for proxies and for talking to other services without blocking.
	 * Configured by {@code sockloop.client.*}: timeouts, codecs, exchange limits, and TLS from
	 * the SSL bundle {@code sockloop.client.ssl.bundle} names.
	 * @param loopGroup the shared loops
	 * @param properties the Sockloop properties
	 * @param sslBundles Spring Boot's SSL bundles, for a client that speaks TLS
	 * @return the client
	 */
	@Bean
	@ConditionalOnMissingBean
	public SocketClient sockloopSocketClient(EventLoopGroup loopGroup, SockloopProperties properties,
			ObjectProvider<SslBundles> sslBundles) {
		SocketClient.Builder builder = SocketClient.builder().name("client").loopGroup(loopGroup);
		return SocketClientSettings.configure(properties.getClient(), sslBundles.getIfAvailable(), builder).build();
	}

	/**
	 * The registry of running servers.
	 * @param loopGroup the shared loops
	 * @return the registry
	 */
	@Bean
	@ConditionalOnMissingBean
	public SocketServers socketServers(EventLoopGroup loopGroup) {
		return new SocketServers(loopGroup);
	}

	/**
	 * TLS counters of the servers that speak TLS, by name.
	 * @param servers the registry of running servers, each of which holds its own counters
	 * @return the view of the TLS counters
	 */
	@Bean
	@ConditionalOnMissingBean
	public SocketServersTlsStats socketServersTlsStats(SocketServers servers) {
		return new SocketServersTlsStats(servers);
	}

	@Bean
	SocketServersReadiness sockloopServersReadiness(SocketServers servers) {
		return new SocketServersReadiness(servers);
	}

	@Bean
	SocketServersLifecycle sockloopServersLifecycle(ConfigurableListableBeanFactory beanFactory,
			ConfigurableEnvironment environment, SockloopProperties properties, ApplicationEventPublisher eventPublisher,
			EventLoopGroup loopGroup, SocketServers servers, ObjectProvider<SocketServerCustomizer> customizers) {
		return new SocketServersLifecycle(beanFactory, environment, properties, eventPublisher, loopGroup, servers,
				customizers);
	}

	/**
	 * The registry of running datagram (UDP) servers.
	 * @return the registry
	 */
	@Bean
	@ConditionalOnMissingBean
	public DatagramServers datagramServers() {
		return new DatagramServers();
	}

	@Bean
	DatagramServersLifecycle sockloopDatagramServersLifecycle(ConfigurableListableBeanFactory beanFactory,
			ConfigurableEnvironment environment, SockloopProperties properties, ApplicationEventPublisher eventPublisher,
			EventLoopGroup loopGroup, DatagramServers servers, ObjectProvider<DatagramServerCustomizer> customizers) {
		return new DatagramServersLifecycle(beanFactory, environment, properties, eventPublisher, loopGroup, servers,
				customizers);
	}

}
