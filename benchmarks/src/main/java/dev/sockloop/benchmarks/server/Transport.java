package dev.sockloop.benchmarks.server;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The echo-server implementations the benchmarks compare, by the name used on the command line.
 *
 * <p>This enum is the extension point: a new peer is one constant here and one
 * {@link EchoServerFactory}.
 */
public enum Transport {

	/** Sockloop's raw engine, no Spring. */
	SOCKLOOP("sockloop", SockloopEchoServer::start),

	/**
	 * Sockloop's raw engine with a handler that passes every buffer through a Reactor operator
	 * ({@code send(receive().map(b -> b))}): the general path, where the handler owns each buffer it
	 * is handed, rather than the forwarding path that {@code send(receive())} takes (where the engine
	 * knows no user code sees a buffer and lends its read buffer to the write queue).
	 */
	SOCKLOOP_KEEP("sockloop-keep", SockloopEchoServer::startKeeping),

	/** Sockloop's starter inside a minimal Spring Boot application. */
	SPRING("spring", SpringEchoServer::start),

	/** Sockloop's raw engine forced onto its portable NIO transport. */
	NIO_SOCKLOOP("nio-sockloop", SockloopEchoServer::startNio),

	/** Raw Netty 4.2 on its JNI epoll transport. */
	NETTY("netty", NettyEchoServer::start),

	/** Reactor Netty's {@code TcpServer} on native epoll. */
	REACTOR_NETTY("reactor-netty", ReactorNettyEchoServer::start),

	/** A plain java.nio selector echo, one selector per loop. */
	NIO("nio", NioEchoServer::start);

	private final String cliName;

	private final EchoServerFactory factory;

	Transport(String cliName, EchoServerFactory factory) {
		this.cliName = cliName;
		this.factory = factory;
	}

	/**
	 * The name used on the command line and in reports.
	 * @return the name
	 */
	public String cliName() {
		return this.cliName;
	}

	/**
	 * Starts an echo server of this transport.
	 * @param options port, loops and metrics
	 * @return the running server
	 * @throws Exception if it cannot start
	 */
	public EchoServer start(EchoServerOptions options) throws Exception {
		return this.factory.start(options);
	}

	/**
	 * Finds a transport by its command-line name.
	 * @param name for example {@code reactor-netty}
	 * @return the transport
	 * @throws IllegalArgumentException naming the known transports
	 */
	public static Transport of(String name) {
		for (Transport transport : values()) {
			if (transport.cliName.equalsIgnoreCase(name.trim())
					|| transport.name().equalsIgnoreCase(name.trim().replace('-', '_'))) {
				return transport;
			}
		}
		throw new IllegalArgumentException("Unknown transport '" + name + "'; known: " + names());
	}

	/**
	 * The command-line names of all transports.
	 * @return names joined by {@code |}
	 */
	public static String names() {
		return Arrays.stream(values()).map(Transport::cliName).collect(Collectors.joining("|"));
	}

	@Override
	public String toString() {
		return this.cliName;
	}

	/**
	 * Starts one transport's echo server.
	 */
	@FunctionalInterface
	public interface EchoServerFactory {

		/**
		 * Starts the server.
		 * @param options port, loops and metrics
		 * @return the running server
		 * @throws Exception if it cannot start
		 */
		EchoServer start(EchoServerOptions options) throws Exception;

	}

}
