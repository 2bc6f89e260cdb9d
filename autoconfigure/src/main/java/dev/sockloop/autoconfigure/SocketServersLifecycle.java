package dev.sockloop.autoconfigure;

import java.lang.reflect.Method;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import dev.sockloop.server.AcceptMode;
import dev.sockloop.server.ServerStartException;
import dev.sockloop.server.SocketServer;
import dev.sockloop.server.SocketServerBuilder;
import dev.sockloop.stats.ServerStats;
import dev.sockloop.transport.EventLoopGroup;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.util.ReflectionUtils;
import org.springframework.util.StringUtils;

/**
 * Starts one server per {@code @SocketHandler} once the context is refreshed, and stops them
 * gracefully when it closes, in the same phase as Spring Boot's web server graceful shutdown: the
 * context waits for the stop up to {@code spring.lifecycle.timeout-per-shutdown-phase}.
 */
final class SocketServersLifecycle implements SmartLifecycle {

	/**
	 * Phase of this lifecycle: that of Spring Boot's graceful web server shutdown, so that both
	 * drain together before beans of lower phases stop.
	 */
	static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1024;

	private static final String PORTS_PROPERTY_SOURCE = "sockloop.ports";

	private static final Log logger = LogFactory.getLog(SocketServersLifecycle.class);

	private final ConfigurableListableBeanFactory beanFactory;

	private final ConfigurableEnvironment environment;

	private final ApplicationEventPublisher eventPublisher;

	private final EventLoopGroup loopGroup;

	private final SocketServers servers;

	private final ObjectProvider<SocketServerCustomizer> customizers;

	private final Map<String, Duration> shutdownTimeouts = new HashMap<>();

	private final Map<String, String> codecNames = new HashMap<>();

	private final HandlerSchedulers schedulers;

	private volatile boolean running;

	SocketServersLifecycle(ConfigurableListableBeanFactory beanFactory, ConfigurableEnvironment environment,
			ApplicationEventPublisher eventPublisher, EventLoopGroup loopGroup, SocketServers servers,
			ObjectProvider<SocketServerCustomizer> customizers) {
		this.beanFactory = beanFactory;
		this.environment = environment;
		this.eventPublisher = eventPublisher;
		this.loopGroup = loopGroup;
		this.servers = servers;
		this.customizers = customizers;
		this.schedulers = new HandlerSchedulers(beanFactory);
	}

	@Override
	public void start() {
		Map<String, SocketHandlerMethod> handlers = new SocketHandlerMethodFinder(this.beanFactory).find();
		List<SocketServer> started = new ArrayList<>();
		try {
			for (SocketHandlerMethod handler : handlers.values()) {
				SocketServer server = start(handler);
				started.add(server);
				this.servers.add(server, this.codecNames.get(server.name()));
				publishPort(server);
				logger.info("Sockloop server '" + server.name() + "' started on " + describe(server) + " ("
						+ handler.description() + ")");
				this.eventPublisher.publishEvent(new SocketServerStartedEvent(server));
			}
		}
		catch (RuntimeException ex) {
			for (SocketServer server : started) {
				this.servers.remove(server.name());
				server.stop(Duration.ZERO);
			}
			handlers.keySet().forEach(this.schedulers::release);
			throw ex;
		}
		this.running = true;
	}

	private SocketServer start(SocketHandlerMethod handler) {
		String name = handler.serverName();
		SockloopProperties.Server settings = settings(name);
		Path path = settings.getPath();
		Integer port = (settings.getPort() != null) ? settings.getPort() : (path != null) ? 0 : annotatedPort(handler);
		Codec codec = (handler.codec() != Codec.DEFAULT) ? handler.codec()
				: (settings.getCodec() != null) ? settings.getCodec() : Codec.RAW;
		ServerCodecs codecs = ServerCodecs.of(name, codec, settings);
		AtomicReference<ServerStats> stats = new AtomicReference<>();
		Object bean = this.beanFactory.getBean(handler.beanName());
		Method method = AopUtils.selectInvocableMethod(handler.method(), bean.getClass());
		ReflectionUtils.makeAccessible(method);
		InetAddress address = settings.getAddress();
		String host = (address != null) ? address.getHostAddress() : "0.0.0.0";
		SocketServerBuilder builder = SocketServer.builder()
			.name(name)
			.address(host)
			.port(port)
			.backlog(settings.getBacklog())
			.acceptMode(settings.isReusePort() ? AcceptMode.REUSE_PORT : AcceptMode.SINGLE_ACCEPTOR)
			.tcpNoDelay(settings.isTcpNoDelay())
			.keepAlive(settings.isKeepAlive())
			.writeHighWaterMark(ServerCodecs.bytes(name, "write-high-water-mark", settings.getWriteHighWaterMark()))
			.writeLowWaterMark(ServerCodecs.bytes(name, "write-low-water-mark", settings.getWriteLowWaterMark()))
			.idleTimeout(settings.getIdleTimeout())
			.readTimeout(settings.getReadTimeout())
			.writeTimeout(settings.getWriteTimeout())
			.wireLog(settings.getWireLog().format())
			.unixSocket(path)
			.unixSocketPermissions(settings.getPathPermissions())
			.loopGroup(this.loopGroup)
			.handler(SocketServerTls.apply(name, settings.getSsl(), this.beanFactory.getBeanProvider(SslBundles.class),
					this.beanFactory.getBeanProvider(SocketServersTlsStats.class).getIfAvailable(),
					new HandlerMethodConnectionHandler(name, bean, method, handler.signature(), codecs, stats::get,
							this.schedulers.schedulerFor(handler, settings.getOffload()))));
		if (settings.getMaxConnections() != null) {
			builder.maxConnections(settings.getMaxConnections()); // unset: the engine derives it from the fd limit
		}
		this.customizers.orderedStream().forEach((customizer) -> customizer.customize(name, builder));
		SocketServer server;
		try {
			server = builder.start();
		}
		catch (ServerStartException ex) {
			throw new SocketServerStartException(name, host, port, ex);
		}
		stats.set(server.stats());
		this.shutdownTimeouts.put(name, settings.getShutdownTimeout());
		this.codecNames.put(name, codecs.frames().name());
		return server;
	}

	/**
	 * Binds a server's settings: {@code sockloop.defaults.*} overridden by
	 * {@code sockloop.servers.<name>.*}.
	 */
	private SockloopProperties.Server settings(String name) {
		Binder binder = Binder.get(this.environment);
		SockloopProperties.Server settings = new SockloopProperties.Server();
		binder.bind("sockloop.defaults", Bindable.ofInstance(settings));
		// Adapted rather than parsed: a server named after a camelCase method is not a canonical
		// property name, but 'sockloop.servers.orderEvents.port' must still bind.
		binder.bind(ConfigurationPropertyName.adapt("sockloop.servers." + name, '.'), Bindable.ofInstance(settings));
		return settings;
	}

	private Integer annotatedPort(SocketHandlerMethod handler) {
		String name = handler.serverName();
		if (!StringUtils.hasText(handler.port())) {
			throw new IllegalStateException("Sockloop server '" + name + "' (" + handler.description()
					+ ") has no port: set 'sockloop.servers." + name
					+ ".port' or the port attribute of @SocketHandler (0 picks a free port).");
		}
		String port = this.environment.resolveRequiredPlaceholders(handler.port()).trim();
		try {
			return Integer.valueOf(port);
		}
		catch (NumberFormatException ex) {
			throw new IllegalStateException("Sockloop server '" + name + "' (" + handler.description()
					+ "): @SocketHandler port '" + handler.port() + "' resolves to '" + port + "', not a number.");
		}
	}

	private void publishPort(SocketServer server) {
		MutablePropertySources sources = this.environment.getPropertySources();
		PropertySource<?> source = sources.get(PORTS_PROPERTY_SOURCE);
		if (source == null) {
			source = new MapPropertySource(PORTS_PROPERTY_SOURCE, new HashMap<>());
			sources.addFirst(source);
		}
		@SuppressWarnings("unchecked")
		Map<String, Object> ports = (Map<String, Object>) source.getSource();
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
	public void stop() {
		CountDownLatch stopped = new CountDownLatch(1);
		stop(stopped::countDown);
		try {
			stopped.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Stops every server at once, each within its own shutdown timeout, off the caller's thread so
	 * that the lifecycle processor can bound the whole phase with its own timeout.
	 */
	@Override
	public void stop(Runnable callback) {
		this.running = false;
		List<SocketServer> running = new ArrayList<>(this.servers.asMap().values());
		if (running.isEmpty()) {
			callback.run();
			return;
		}
		CountDownLatch remaining = new CountDownLatch(running.size());
		for (SocketServer server : running) {
			Thread stopper = new Thread(() -> {
				try {
					stopGracefully(server);
				}
				finally {
					remaining.countDown();
					if (remaining.getCount() == 0) {
						callback.run();
					}
				}
			}, "sockloop-shutdown-" + server.name());
			stopper.start();
		}
	}

	private void stopGracefully(SocketServer server) {
		Duration timeout = this.shutdownTimeouts.getOrDefault(server.name(), Duration.ofSeconds(30));
		logger.info("Sockloop server '" + server.name() + "' stopping, waiting up to " + timeout
				+ " for open connections to finish");
		try {
			boolean graceful = server.stop(timeout);
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
			this.schedulers.release(server.name());
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
