package dev.sockloop.autoconfigure;

import java.lang.reflect.Method;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import dev.sockloop.datagram.DatagramServer;
import dev.sockloop.datagram.DatagramServerBuilder;
import dev.sockloop.server.ServerStartException;
import dev.sockloop.spring.DatagramServerCustomizer;
import dev.sockloop.spring.DatagramServerRegistration;
import dev.sockloop.spring.DatagramServerStartedEvent;
import dev.sockloop.spring.DatagramServers;
import dev.sockloop.transport.EventLoopGroup;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.scheduler.Scheduler;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.ReflectionUtils;
import org.springframework.util.unit.DataSize;

/**
 * Starts one datagram server per {@code @DatagramHandler} once the context is refreshed, on the
 * shared event loops, and stops them gracefully when it closes, in the same phase as the TCP
 * servers.
 */
final class DatagramServersLifecycle
		extends HandlerServersLifecycle<DatagramHandlerMethod, DatagramServerRegistration> {

	private static final String PORTS_PROPERTY_SOURCE = "sockloop.datagram.ports";

	private static final Log logger = LogFactory.getLog(DatagramServersLifecycle.class);

	private final DatagramServers servers;

	private final ObjectProvider<DatagramServerCustomizer> customizers;

	DatagramServersLifecycle(ConfigurableListableBeanFactory beanFactory, ConfigurableEnvironment environment,
			SockloopProperties properties, ApplicationEventPublisher eventPublisher, EventLoopGroup loopGroup,
			DatagramServers servers, ObjectProvider<DatagramServerCustomizer> customizers) {
		super(beanFactory, environment, properties, eventPublisher, loopGroup, "sockloop-shutdown-udp-");
		this.servers = servers;
		this.customizers = customizers;
	}

	@Override
	Collection<DatagramHandlerMethod> handlers() {
		Map<String, DatagramHandlerMethod> handlers = HandlerMethodFinder.datagramHandlers(this.beanFactory).find();
		requireAHandlerForEveryConfiguredServer(handlers);
		return handlers.values();
	}

	@Override
	void announce(DatagramServerRegistration registration, DatagramHandlerMethod handler) {
		this.servers.add(registration);
		DatagramServer server = registration.server();
		publishPort(server);
		logger.info("Sockloop datagram server '" + server.name() + "' started on UDP port " + server.port() + " ("
				+ handler.description() + ")");
		this.eventPublisher.publishEvent(new DatagramServerStartedEvent(server));
	}

	@Override
	void abandon(DatagramServerRegistration registration) {
		this.servers.remove(registration.name());
		registration.server().stop(Duration.ZERO);
		registration.releaseScheduler();
	}

	/**
	 * A {@code sockloop.datagram.<name>} block that names no handler is a typo: fail rather than
	 * ignore it. As for TCP, not checked when the application has no datagram handler at all.
	 */
	private void requireAHandlerForEveryConfiguredServer(Map<String, DatagramHandlerMethod> handlers) {
		if (handlers.isEmpty()) {
			return;
		}
		List<String> unmatched = this.properties.datagramServersOtherThan(handlers.keySet());
		if (!unmatched.isEmpty()) {
			throw new IllegalStateException("Sockloop datagram server" + ((unmatched.size() == 1) ? " '" : "s '")
					+ String.join("', '", unmatched) + "' configured (sockloop.datagram." + unmatched.get(0)
					+ ".*) but no @DatagramHandler has that name; handlers: " + handlers.keySet()
					+ ". Correct the name in the properties or on the handler.");
		}
	}

	@Override
	DatagramServerRegistration start(DatagramHandlerMethod handler) {
		String name = handler.serverName();
		SockloopProperties.Datagram settings = this.properties.datagramSettingsOf(name);
		int port = (settings.getPort() != null) ? settings.getPort()
				: annotatedPort(handler, "datagram server", "@DatagramHandler", "sockloop.datagram." + name + ".port");
		InetAddress address = settings.getAddress();
		String host = (address != null) ? address.getHostAddress() : "0.0.0.0";
		Object bean = this.beanFactory.getBean(handler.beanName());
		Method method = AopUtils.selectInvocableMethod(handler.method(), bean.getClass());
		ReflectionUtils.makeAccessible(method);
		Scheduler scheduler = this.schedulers.schedulerFor(name, handler.description(), handler.scheduler(),
				settings.getOffload(), "@DatagramHandler");
		boolean schedulerOwned = HandlerSchedulers.creates(handler.scheduler(), settings.getOffload());
		try {
			HandlerMethodDatagramHandler adapter = new HandlerMethodDatagramHandler(name, bean, method, handler.shape(),
					scheduler);
			DatagramServerBuilder builder = DatagramServer.builder()
				.name(name)
				.address(host)
				.port(port)
				.maxDatagramSize(bytes(name, "max-datagram-size", settings.getMaxDatagramSize()))
				.receiveBufferSize((settings.getReceiveBufferSize() != null)
						? bytes(name, "receive-buffer-size", settings.getReceiveBufferSize()) : 0)
				.writeHighWaterMark(bytes(name, "write-high-water-mark", settings.getWriteHighWaterMark()))
				.reusePort(settings.isReusePort())
				.loopGroup(this.loopGroup)
				.handler(adapter);
			this.customizers.orderedStream().forEach((customizer) -> customizer.customize(name, builder));
			DatagramServer server;
			try {
				server = builder.start();
			}
			catch (ServerStartException ex) {
				throw new IllegalStateException("Sockloop datagram server '" + name + "' could not start on UDP "
						+ host + ":" + port + " (sockloop.datagram." + name + ".port): " + ex.getMessage(), ex);
			}
			adapter.countFailuresIn(server.stats());
			return new DatagramServerRegistration(name, server, scheduler, schedulerOwned, settings.getShutdownTimeout());
		}
		catch (RuntimeException ex) {
			if (schedulerOwned) {
				scheduler.dispose();
			}
			throw ex;
		}
	}

	private static int bytes(String name, String property, DataSize size) {
		long bytes = size.toBytes();
		if (bytes < 1 || bytes > Integer.MAX_VALUE) {
			throw new IllegalStateException("sockloop.datagram." + name + "." + property + " must be between 1 byte and "
					+ Integer.MAX_VALUE + " bytes, was " + size);
		}
		if (property.equals("max-datagram-size") && bytes > DatagramServerBuilder.MAX_UDP_PAYLOAD) {
			throw new IllegalStateException("sockloop.datagram." + name + ".max-datagram-size must be at most "
					+ DatagramServerBuilder.MAX_UDP_PAYLOAD + " bytes (the largest UDP payload), was " + size);
		}
		return (int) bytes;
	}


	private void publishPort(DatagramServer server) {
		portsSource(this.environment, PORTS_PROPERTY_SOURCE).put("local.sockloop.datagram." + server.name() + ".port", server.port());
	}

	@Override
	Collection<DatagramServerRegistration> registrations() {
		return this.servers.registrations();
	}

	@Override
	String name(DatagramServerRegistration registration) {
		return registration.name();
	}

	@Override
	void stopGracefully(DatagramServerRegistration registration) {
		DatagramServer server = registration.server();
		try {
			if (!server.stop(registration.shutdownTimeout())) {
				logger.warn("Sockloop datagram server '" + server.name() + "' stopped after "
						+ registration.shutdownTimeout() + " with a handler still running; its sockets were closed");
			}
		}
		catch (RuntimeException ex) {
			logger.error("Sockloop datagram server '" + server.name() + "' failed to stop cleanly", ex);
		}
		finally {
			this.servers.remove(server.name());
			registration.releaseScheduler();
		}
	}

}
