package dev.sockloop.benchmarks.server;

import dev.sockloop.autoconfigure.metrics.SockloopMeterBinder;
import dev.sockloop.server.SocketServer;
import dev.sockloop.server.SocketServerBuilder;
import dev.sockloop.spring.SocketServerStartedEvent;
import dev.sockloop.spring.SocketServers;
import dev.sockloop.transport.EventLoopGroup;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * Echo on Sockloop's raw engine: {@code c -> c.send(c.receive())}, no Spring.
 *
 * <p>With metrics (scenario G) the server's loops and stats are bound by the starter's own
 * {@link SockloopMeterBinder} to a Prometheus registry, as a Spring Boot application would have
 * them, but without an application context.
 */
public final class SockloopEchoServer implements EchoServer {

	private final SocketServer server;

	private final EventLoopGroup sharedGroup;

	private final SockloopMeterBinder binder;

	private final PrometheusMeterRegistry registry;

	private SockloopEchoServer(SocketServer server, EventLoopGroup sharedGroup, SockloopMeterBinder binder,
			PrometheusMeterRegistry registry) {
		this.server = server;
		this.sharedGroup = sharedGroup;
		this.binder = binder;
		this.registry = registry;
	}

	/**
	 * Starts the server on the transport the engine detects (epoll on Linux).
	 * @param options port, loops and whether to bind metrics (scenario G)
	 * @return the running server
	 */
	public static EchoServer start(EchoServerOptions options) {
		return start(options, null, false);
	}

	/**
	 * Starts the server with a handler that maps every buffer through an operator, so that the
	 * buffers reach user code (the general path, not the forwarding one).
	 * @param options port, loops and whether to bind metrics
	 * @return the running server
	 */
	public static EchoServer startKeeping(EchoServerOptions options) {
		return start(options, null, true);
	}

	/**
	 * Starts the server on the engine's portable NIO transport.
	 * @param options port, loops and whether to bind metrics
	 * @return the running server
	 */
	public static EchoServer startNio(EchoServerOptions options) {
		return start(options, dev.sockloop.transport.Transport.NIO, false);
	}

	private static EchoServer start(EchoServerOptions options, dev.sockloop.transport.Transport transport,
			boolean keeping) {
		SocketServerBuilder builder = SocketServer.builder()
			.name("echo")
			.port(options.port())
			.transport(transport)
			.handler(keeping ? (connection) -> connection.send(connection.receive().map((buffer) -> buffer))
					: (connection) -> connection.send(connection.receive()));
		if (!options.metrics()) {
			return new SockloopEchoServer(builder.loops(options.loops()).start(), null, null, null);
		}
		// The binder binds a loop group's meters up front and each server's as it starts, so the
		// group is created here and shared with the server, as the starter does.
		EventLoopGroup group = new EventLoopGroup(options.loops(), "sockloop-echo-", transport);
		PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		SockloopMeterBinder binder = new SockloopMeterBinder(group, new SocketServers(group));
		binder.bindTo(registry);
		SocketServer server = builder.loopGroup(group).start();
		binder.onApplicationEvent(new SocketServerStartedEvent(server));
		return new SockloopEchoServer(server, group, binder, registry);
	}

	@Override
	public int port() {
		return this.server.port();
	}

	PrometheusMeterRegistry registry() {
		return this.registry;
	}

	@Override
	public void close() {
		this.server.close();
		if (this.binder != null) {
			this.binder.destroy();
			this.registry.close();
			this.sharedGroup.close();
		}
	}

}
