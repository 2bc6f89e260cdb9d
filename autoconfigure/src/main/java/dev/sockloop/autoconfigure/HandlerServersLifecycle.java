package dev.sockloop.autoconfigure;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import dev.sockloop.transport.EventLoopGroup;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.util.StringUtils;

/**
 * Starts one server per handler method once the context is refreshed, and stops them gracefully
 * when it closes, in the same phase as Spring Boot's web server graceful shutdown: the context
 * waits for the stop up to {@code spring.lifecycle.timeout-per-shutdown-phase}.
 * <p>
 * Holds what every kind of server shares: starting them in order, undoing the ones already started
 * if one fails (so that a failed start-up leaves no port bound), and stopping them all at once.
 * Subclasses say how one server starts, is announced and stops.
 *
 * @param <H> the handler method a server is started for
 * @param <R> the registration of a started server
 */
abstract class HandlerServersLifecycle<H extends AnnotatedHandlerMethod, R> implements SmartLifecycle {

	/**
	 * Phase of this lifecycle: that of Spring Boot's graceful web server shutdown, so that both
	 * drain together before beans of lower phases stop.
	 */
	static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1024;

	final ConfigurableListableBeanFactory beanFactory;

	final ConfigurableEnvironment environment;

	final SockloopProperties properties;

	final ApplicationEventPublisher eventPublisher;

	final EventLoopGroup loopGroup;

	final HandlerSchedulers schedulers;

	private final String shutdownThreadPrefix;

	private volatile boolean running;

	HandlerServersLifecycle(ConfigurableListableBeanFactory beanFactory, ConfigurableEnvironment environment,
			SockloopProperties properties, ApplicationEventPublisher eventPublisher, EventLoopGroup loopGroup,
			String shutdownThreadPrefix) {
		this.beanFactory = beanFactory;
		this.environment = environment;
		this.properties = properties;
		this.eventPublisher = eventPublisher;
		this.loopGroup = loopGroup;
		this.schedulers = new HandlerSchedulers(beanFactory, environment);
		this.shutdownThreadPrefix = shutdownThreadPrefix;
	}

	/**
	 * The port a handler's annotation names, for a server whose port property is not set:
	 * placeholders resolved, a number from 0 to 65535, or a start-up error that names both places.
	 * @param handler the handler method
	 * @param kind what the server is, for messages ({@code "server"}, {@code "datagram server"})
	 * @param annotation the annotation, for messages ({@code "@SocketHandler"})
	 * @param portProperty the property that would set the port instead
	 * @return the port
	 */
	final int annotatedPort(H handler, String kind, String annotation, String portProperty) {
		String name = handler.serverName();
		String server = "Sockloop " + kind + " '" + name + "' (" + handler.description() + ")";
		if (!StringUtils.hasText(handler.port())) {
			throw new IllegalStateException(server + " has no port: set '" + portProperty + "' or the port attribute of "
					+ annotation + " (0 picks a free port).");
		}
		String port = this.environment.resolveRequiredPlaceholders(handler.port()).trim();
		int number;
		try {
			number = Integer.parseInt(port);
		}
		catch (NumberFormatException ex) {
			throw new IllegalStateException(server + ": " + annotation + " port '" + handler.port() + "' resolves to '"
					+ port + "', not a number.");
		}
		if (number < 0 || number > 65535) {
			throw new IllegalStateException(server + ": " + annotation + " port '" + handler.port()
					+ "' must be between 0 and 65535, was " + number + "; or set '" + portProperty + "'.");
		}
		return number;
	}

	/** Finds the handlers, a server each, in start order, and checks the configuration against them. */
	abstract Collection<H> handlers();

	/** Starts the server of one handler; if that fails, releases what it took before throwing. */
	abstract R start(H handler);

	/** Makes a started server known: registers it, publishes its port, logs and publishes the event. */
	abstract void announce(R registration, H handler);

	/** Takes back a server of a failed start-up: unregisters it, stops it at once, releases its scheduler. */
	abstract void abandon(R registration);

	/** The servers registered now. */
	abstract Collection<R> registrations();

	abstract String name(R registration);

	/** Stops one server within its shutdown timeout, then unregisters it and releases its scheduler; never throws. */
	abstract void stopGracefully(R registration);

	@Override
	public void start() {
		Collection<H> handlers = handlers();
		List<R> started = new ArrayList<>();
		try {
			for (H handler : handlers) {
				R registration = start(handler);
				started.add(registration);
				announce(registration, handler);
			}
		}
		catch (RuntimeException ex) {
			started.forEach(this::abandon);
			throw ex;
		}
		this.running = true;
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
		List<R> running = new ArrayList<>(registrations());
		if (running.isEmpty()) {
			callback.run();
			return;
		}
		CountDownLatch remaining = new CountDownLatch(running.size());
		for (R registration : running) {
			Thread stopper = new Thread(() -> {
				try {
					stopGracefully(registration);
				}
				finally {
					remaining.countDown();
					if (remaining.getCount() == 0) {
						callback.run();
					}
				}
			}, this.shutdownThreadPrefix + name(registration));
			stopper.start();
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

	/** The map of the property source that publishes the servers' ports, first in the environment, made on first use. */
	static Map<String, Object> portsSource(ConfigurableEnvironment environment, String name) {
		MutablePropertySources sources = environment.getPropertySources();
		PropertySource<?> source = sources.get(name);
		if (source == null) {
			source = new MapPropertySource(name, new HashMap<>());
			sources.addFirst(source);
		}
		@SuppressWarnings("unchecked")
		Map<String, Object> ports = (Map<String, Object>) source.getSource();
		return ports;
	}

}
