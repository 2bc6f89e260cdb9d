package dev.sockloop.autoconfigure;

import java.lang.reflect.Method;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import dev.sockloop.codec.FrameCodec;
import dev.sockloop.connection.ConnectionHandler;
import dev.sockloop.server.AcceptMode;
import dev.sockloop.server.ServerStartException;
import dev.sockloop.server.SocketServer;
import dev.sockloop.server.SocketServerBuilder;
import dev.sockloop.spring.Offload;
import dev.sockloop.spring.ServerRegistration;
import dev.sockloop.spring.SocketServerCustomizer;
import dev.sockloop.spring.SocketMessageCodecs;
import dev.sockloop.spring.SocketServerStartedEvent;
import dev.sockloop.spring.SocketServerStoppedEvent;
import dev.sockloop.spring.SocketServers;
import dev.sockloop.transport.EventLoopGroup;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.scheduler.Scheduler;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.ReflectionUtils;
import org.springframework.util.unit.DataSize;

/**
 * Starts one server per {@code @SocketHandler} once the context is refreshed, and stops them
 * gracefully when it closes, in the same phase as Spring Boot's web server graceful shutdown: the
 * context waits for the stop up to {@code spring.lifecycle.timeout-per-shutdown-phase}.
 */
final class SocketServersLifecycle extends HandlerServersLifecycle<SocketHandlerMethod, ServerRegistration> {

	private static final String PORTS_PROPERTY_SOURCE = "sockloop.ports";

	private static final Log logger = LogFactory.getLog(SocketServersLifecycle.class);

	private final SocketServers servers;

	private final ObjectProvider<SocketServerCustomizer> customizers;

	SocketServersLifecycle(ConfigurableListableBeanFactory beanFactory, ConfigurableEnvironment environment,
			SockloopProperties properties, ApplicationEventPublisher eventPublisher, EventLoopGroup loopGroup,
			SocketServers servers, ObjectProvider<SocketServerCustomizer> customizers) {
		super(beanFactory, environment, properties, eventPublisher, loopGroup, "sockloop-shutdown-");
		this.servers = servers;
		this.customizers = customizers;
	}

	@Override
	Collection<SocketHandlerMethod> handlers() {
		Map<String, SocketHandlerMethod> handlers = HandlerMethodFinder.socketHandlers(this.beanFactory).find();
		requireAHandlerForEveryConfiguredServer(handlers.keySet());
		return handlers.values();
	}

	@Override
	void announce(ServerRegistration registration, SocketHandlerMethod handler) {
		this.servers.add(registration);
		SocketServer server = registration.server();
		publishPort(server);
		logger.info("Sockloop server '" + server.name() + "' started on " + describe(server) + " ("
				+ handler.description() + ")");
		this.eventPublisher.publishEvent(new SocketServerStartedEvent(server));
	}

	@Override
	void abandon(ServerRegistration registration) {
		this.servers.remove(registration.name());
		registration.server().stop(Duration.ZERO);
		registration.releaseScheduler();
	}

	/**
	 * Fails start-up when {@code sockloop.servers.<name>} names no handler: a typo there would
	 * otherwise leave the intended server on its defaults, and the settings unused, silently. Not
	 * checked when the application has no handler at all: then no server is meant to run here (as
	 * with settings shared by several applications), and nothing runs on the wrong settings.
	 */
	private void requireAHandlerForEveryConfiguredServer(Collection<String> serverNames) {
		if (serverNames.isEmpty()) {
			return;
		}
		List<String> unmatched = this.properties.serversOtherThan(serverNames);
		if (!unmatched.isEmpty()) {
			throw new IllegalStateException("Sockloop server" + ((unmatched.size() == 1) ? " '" : "s '")
					+ String.join("', '", unmatched) + "' configured (sockloop.servers." + unmatched.get(0)
					+ ".*) but no @SocketHandler has that name; handlers: " + serverNames
					+ ". Correct the name in the properties or on the handler.");
		}
	}

	@Override
	ServerRegistration start(SocketHandlerMethod handler) {
		String name = handler.serverName();
		SockloopProperties.Server settings = this.properties.settingsOf(name);
		ServerSettingsValidator.validate(this.properties, name, settings);
		Path path = settings.getPath();
		Integer port = (settings.getPort() != null) ? settings.getPort()
				: (path != null) ? 0 : annotatedPort(handler, "server", "@SocketHandler", "sockloop.servers." + name + ".port");
		ServerCodecs codecs = ServerCodecs.of(name, handler.codec(), settings, this::frameCodecBean);
		MessageCodec messages = MessageCodec.forHandler(name, handler.signature(), settings,
				this.beanFactory.getBeanProvider(SocketMessageCodecs.class).getIfAvailable(SocketMessageCodecs::none));
		int requestConcurrency = requestConcurrency(name, settings);
		Object bean = this.beanFactory.getBean(handler.beanName());
		Method method = AopUtils.selectInvocableMethod(handler.method(), bean.getClass());
		ReflectionUtils.makeAccessible(method);
		InetAddress address = settings.getAddress();
		String host = (address != null) ? address.getHostAddress() : "0.0.0.0";
		Offload offload = this.schedulers.offloadOf(name, settings);
		Scheduler scheduler = this.schedulers.schedulerFor(handler, offload);
		boolean schedulerOwned = HandlerSchedulers.creates(handler, offload);
		try {
			RequestObserver requestObserver = handler.signature().perRequest() ? RequestObserver.of(this.beanFactory)
					: RequestObserver.NONE;
			ConnectionHandler connectionHandler = new HandlerMethodConnectionHandler(bean, method, handler.signature(),
					codecs, scheduler, messages, requestConcurrency, requestObserver);
			SocketServer server = start(name, host, port, settings, connectionHandler);
			return new ServerRegistration(name, server, codecs.frames(), scheduler, schedulerOwned,
					settings.getShutdownTimeout());
		}
		catch (RuntimeException ex) {
			if (schedulerOwned) {
				scheduler.dispose();
			}
			throw ex;
		}
	}

	private SocketServer start(String name, String host, Integer port, SockloopProperties.Server settings,
			ConnectionHandler connectionHandler) {
		SocketServerBuilder builder = SocketServer.builder()
			.name(name)
			.address(host)
			.port(port)
			.backlog(settings.getBacklog())
			.acceptMode(settings.isReusePort() ? AcceptMode.REUSE_PORT : AcceptMode.SINGLE_ACCEPTOR)
			.tcpNoDelay(settings.isTcpNoDelay())
			.keepAlive(settings.isKeepAlive())
			.receiveBufferSize(bytesOrZero(name, "receive-buffer-size", settings.getReceiveBufferSize()))
			.sendBufferSize(bytesOrZero(name, "send-buffer-size", settings.getSendBufferSize()))
			.linger(settings.getLinger())
			.keepAliveIdle(settings.getKeepAliveIdle())
			.keepAliveInterval(settings.getKeepAliveInterval())
			.keepAliveCount((settings.getKeepAliveCount() != null) ? settings.getKeepAliveCount() : 0)
			.writeHighWaterMark(ServerCodecs.bytes(name, "write-high-water-mark", settings.getWriteHighWaterMark()))
			.writeLowWaterMark(ServerCodecs.bytes(name, "write-low-water-mark", settings.getWriteLowWaterMark()))
			.idleTimeout(settings.getIdleTimeout())
			.readTimeout(settings.getReadTimeout())
			.writeTimeout(settings.getWriteTimeout())
			.wireLog(settings.getWireLog())
			.proxyProtocol(settings.getProxyProtocol())
			.proxyHeaderTimeout(settings.getProxyHeaderTimeout())
			.sharePort(settings.isSharePort())
			.unixSocket(settings.getPath())
			.unixSocketPermissions(settings.getPathPermissions())
			.loopGroup(this.loopGroup)
			.handler(connectionHandler);
		if (settings.getMaxConnections() != null) {
			builder.maxConnections(settings.getMaxConnections()); // unset: the engine derives it from the fd limit
		}
		SocketServerTls.configure(name, settings.getSsl(), this.beanFactory.getBeanProvider(SslBundles.class), builder);
		this.customizers.orderedStream().forEach((customizer) -> customizer.customize(name, builder));
		try {
			return builder.start();
		}
		catch (ServerStartException ex) {
			if (settings.getPath() != null) {
				throw new SocketServerStartException(name, settings.getPath(), ex);
			}
			throw new SocketServerStartException(name, host, port, ex);
		}
		catch (IllegalArgumentException ex) {
			// The properties were checked in their own words; what is left came from a customizer.
			throw new IllegalStateException("Sockloop server '" + name + "' has invalid settings (from "
					+ "sockloop.servers." + name + ".* or a SocketServerCustomizer): " + ex.getMessage(), ex);
		}
	}

	/** A size left unset is 0, the engine's "the kernel decides". */
	private static int bytesOrZero(String name, String property, DataSize size) {
		return (size != null) ? ServerCodecs.bytes(name, property, size) : 0;
	}

	private FrameCodec frameCodecBean(String beanName) {
		if (!this.beanFactory.containsBean(beanName) || !this.beanFactory.isTypeMatch(beanName, FrameCodec.class)) {
			return null;
		}
		return this.beanFactory.getBean(beanName, FrameCodec.class);
	}

	private static int requestConcurrency(String name, SockloopProperties.Server settings) {
		if (settings.getRequestConcurrency() < 1) {
			throw new IllegalStateException("Sockloop server '" + name + "': 'sockloop.servers." + name
					+ ".request-concurrency' must be positive, was " + settings.getRequestConcurrency() + ".");
		}
		return settings.getRequestConcurrency();
	}


	private void publishPort(SocketServer server) {
		Map<String, Object> ports = portsSource(this.environment, PORTS_PROPERTY_SOURCE);
		if (server.config().isUnixSocket()) {
			ports.put("local.sockloop." + server.name() + ".path", server.config().unixSocketPath().toString());
		}
		else {
			ports.put("local.sockloop." + server.name() + ".port", server.port());
		}
	}

	private static String describe(SocketServer server) {
		return server.config().isUnixSocket() ? "Unix socket " + server.config().unixSocketPath()
				: "port " + server.port();
	}

	@Override
	Collection<ServerRegistration> registrations() {
		return this.servers.registrations();
	}

	@Override
	String name(ServerRegistration registration) {
		return registration.name();
	}

	@Override
	void stopGracefully(ServerRegistration registration) {
		SocketServer server = registration.server();
		Duration timeout = registration.shutdownTimeout();
		logger.info("Sockloop server '" + server.name() + "' stopping, waiting up to " + timeout
				+ " for open connections to finish");
		Boolean stopped = null;
		try {
			boolean graceful = server.stop(timeout);
			stopped = graceful;
			if (graceful) {
				logger.info("Sockloop server '" + server.name() + "' stopped");
			}
			else {
				logger.warn("Sockloop server '" + server.name() + "' stopped after " + timeout
						+ " with connections still open; they were closed");
			}
		}
		catch (RuntimeException ex) {
			logger.error("Sockloop server '" + server.name() + "' failed to stop cleanly", ex);
		}
		finally {
			this.servers.remove(server.name());
			registration.releaseScheduler();
		}
		if (stopped != null) {
			publishStopped(server, stopped);
		}
	}

	/** A listener's failure must not keep the other servers' shutdown threads from finishing. */
	private void publishStopped(SocketServer server, boolean graceful) {
		try {
			this.eventPublisher.publishEvent(new SocketServerStoppedEvent(server, graceful));
		}
		catch (RuntimeException ex) {
			logger.warn("A listener of the stop of Sockloop server '" + server.name() + "' failed", ex);
		}
	}

}
