package dev.sockloop.autoconfigure;

import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

import dev.sockloop.spring.Offload;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.thread.Threading;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * The schedulers that offloaded handlers run on: a scheduler bean named on
 * {@code @SocketHandler}, Reactor's shared bounded-elastic scheduler, or virtual threads. Only the
 * virtual-thread schedulers are created here, one per server; their server's
 * {@link dev.sockloop.spring.ServerRegistration} disposes them once it has stopped.
 */
final class HandlerSchedulers {

	private static final String VIRTUAL_THREADS_PROPERTY = "spring.threads.virtual.enabled";

	private static final Log logger = LogFactory.getLog(HandlerSchedulers.class);

	private final BeanFactory beanFactory;

	private final Environment environment;

	/** Whether the line saying that virtual threads are not available here has been logged. */
	private boolean virtualThreadsUnavailableLogged;

	HandlerSchedulers(BeanFactory beanFactory, Environment environment) {
		this.beanFactory = beanFactory;
		this.environment = environment;
	}

	/**
	 * The offload of a server: its own or the defaults' setting when one is set; otherwise virtual
	 * threads when the application asks for them with {@code spring.threads.virtual.enabled=true}
	 * (as Spring Boot's own executors do), and none, on the event loop, by default.
	 * <p>On a runtime without virtual threads (before Java 21) the property is ignored, as Spring
	 * Boot ignores it, with one INFO line saying so: the handler runs on the event loop, as it
	 * would without the property, rather than on another pool the user did not choose.
	 * @param serverName the server's name
	 * @param settings its effective settings
	 * @return the offload to use
	 */
	Offload offloadOf(String serverName, SockloopProperties.Server settings) {
		if (settings.isSet("offload")) {
			return settings.getOffload();
		}
		if (!this.environment.getProperty(VIRTUAL_THREADS_PROPERTY, Boolean.class, false)) {
			return Offload.NONE;
		}
		if (Threading.VIRTUAL.isActive(this.environment)) {
			return Offload.VIRTUAL_THREADS;
		}
		if (!this.virtualThreadsUnavailableLogged) {
			this.virtualThreadsUnavailableLogged = true;
			logger.info(VIRTUAL_THREADS_PROPERTY + "=true is ignored by Sockloop on Java " + Runtime.version().feature()
					+ ", which has no virtual threads: handlers without an offload setting run on the event loop"
					+ " (server '" + serverName + "' and any others). Set 'sockloop.defaults.offload=bounded-elastic'"
					+ " for handlers that block, or run on Java 21+.");
		}
		return Offload.NONE;
	}

	/**
	 * The scheduler a handler runs on.
	 * @param handler the handler
	 * @param offload the server's offload setting, which the annotation's scheduler overrides
	 * @return the scheduler, or {@code null} to run on the event loop
	 * @throws IllegalStateException if the named bean is missing or not a scheduler, or virtual
	 * threads are asked for on a runtime without them
	 */
	Scheduler schedulerFor(SocketHandlerMethod handler, Offload offload) {
		return schedulerFor(handler.serverName(), handler.description(), handler.scheduler(), offload, "@SocketHandler");
	}

	/**
	 * The scheduler a handler of any kind runs on.
	 * @param serverName the server's name
	 * @param description the handler method, for messages
	 * @param schedulerBean the scheduler bean named on the annotation, or empty
	 * @param offload the server's offload setting, which the annotation's scheduler overrides
	 * @param annotation the annotation's name, for messages
	 * @return the scheduler, or {@code null} to run on the event loop
	 */
	Scheduler schedulerFor(String serverName, String description, String schedulerBean, Offload offload,
			String annotation) {
		if (StringUtils.hasText(schedulerBean)) {
			return schedulerBean(serverName, description, schedulerBean, annotation);
		}
		return switch (offload) {
			case NONE -> null;
			case BOUNDED_ELASTIC -> Schedulers.boundedElastic();
			case VIRTUAL_THREADS -> virtualThreads(serverName);
		};
	}

	/**
	 * Whether {@link #schedulerFor} creates a scheduler for the handler, which its server then owns
	 * and disposes, rather than handing out one that others share.
	 * @param handler the handler
	 * @param offload the server's offload setting
	 * @return {@code true} for a virtual-thread scheduler
	 */
	static boolean creates(SocketHandlerMethod handler, Offload offload) {
		return creates(handler.scheduler(), offload);
	}

	/**
	 * Whether {@link #schedulerFor} creates a scheduler, which its server then owns.
	 * @param schedulerBean the scheduler bean named on the annotation, or empty
	 * @param offload the server's offload setting
	 * @return {@code true} for a virtual-thread scheduler
	 */
	static boolean creates(String schedulerBean, Offload offload) {
		return !StringUtils.hasText(schedulerBean) && offload == Offload.VIRTUAL_THREADS;
	}

	private Scheduler schedulerBean(String serverName, String description, String name, String annotation) {
		String problem;
		if (!this.beanFactory.containsBean(name)) {
			problem = "there is no bean of that name";
		}
		else if (!this.beanFactory.isTypeMatch(name, Scheduler.class)) {
			problem = "that bean is a " + this.beanFactory.getType(name);
		}
		else {
			return this.beanFactory.getBean(name, Scheduler.class);
		}
		throw new IllegalStateException("Sockloop server '" + serverName + "' (" + description
				+ ") names scheduler '" + name + "' on " + annotation + ", but " + problem
				+ "; it must name a bean of type " + Scheduler.class.getName() + ".");
	}

	/**
	 * A scheduler that starts a virtual thread per task. Found by reflection: the code is compiled
	 * for Java 17, where virtual threads do not exist.
	 */
	private static Scheduler virtualThreads(String serverName) {
		ExecutorService executor;
		try {
			Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
			Class<?> builderType = Class.forName("java.lang.Thread$Builder");
			builder = builderType.getMethod("name", String.class, long.class)
				.invoke(builder, "sockloop-" + serverName + "-virtual-", 0L);
			ThreadFactory threads = (ThreadFactory) builderType.getMethod("factory").invoke(builder);
			executor = (ExecutorService) Executors.class.getMethod("newThreadPerTaskExecutor", ThreadFactory.class)
				.invoke(null, threads);
		}
		catch (NoSuchMethodException | ClassNotFoundException ex) {
			throw new IllegalStateException("Sockloop server '" + serverName + "': 'sockloop.servers." + serverName
					+ ".offload=virtual-threads' needs Java 21 or later, but this is Java "
					+ Runtime.version().feature() + ". Use 'bounded-elastic', or run on Java 21+.");
		}
		catch (IllegalAccessException | InvocationTargetException ex) {
			throw new IllegalStateException(
					"Sockloop server '" + serverName + "': could not create a virtual-thread executor", ex);
		}
		return Schedulers.fromExecutorService(executor, "sockloop-" + serverName + "-virtual");
	}

}
