package dev.sockloop.benchmarks.server;

import java.time.Duration;

import io.netty.channel.ChannelOption;
import reactor.netty.DisposableServer;
import reactor.netty.resources.LoopResources;
import reactor.netty.tcp.TcpServer;

/**
 * Reactor Netty echo: {@code TcpServer} on native epoll with
 * {@code (in, out) -> out.send(in.receive().retain())}.
 */
public final class ReactorNettyEchoServer implements EchoServer {

	private final LoopResources loops;

	private final DisposableServer server;

	private ReactorNettyEchoServer(LoopResources loops, DisposableServer server) {
		this.loops = loops;
		this.server = server;
	}

	/**
	 * Starts the server.
	 * @param options port and loops
	 * @return the running server
	 */
	public static EchoServer start(EchoServerOptions options) {
		// selectCount -1 (this factory) lets the server accept on its worker loops, like the raw Netty peer.
		LoopResources loops = LoopResources.create("reactor-netty-echo", options.loops(), true);
		try {
			DisposableServer server = TcpServer.create()
				.port(options.port())
				.runOn(loops, true)
				.option(ChannelOption.SO_BACKLOG, 1024)
				.childOption(ChannelOption.TCP_NODELAY, true)
				.handle((in, out) -> out.send(in.receive().retain()))
				.bindNow(Duration.ofSeconds(10));
			return new ReactorNettyEchoServer(loops, server);
		}
		catch (RuntimeException ex) {
			loops.disposeLater().block(Duration.ofSeconds(5));
			throw ex;
		}
	}

	@Override
	public int port() {
		return this.server.port();
	}

	@Override
	public void close() {
		this.server.disposeNow(Duration.ofSeconds(5));
		this.loops.disposeLater().block(Duration.ofSeconds(5));
	}

}
