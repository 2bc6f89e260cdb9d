package dev.sockloop.server;

import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import dev.sockloop.connection.Connection;
import dev.sockloop.server.Clients.Ending;
import dev.sockloop.transport.Transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The socket options a server is configured with, read back from the accepted socket with
 * {@code getsockopt}, over real loopback connections.
 */
abstract class AcceptedSocketOptionTests {

	/**
	 * The options of one accepted socket, as the kernel reports them.
	 *
	 * @param receiveBuffer {@code SO_RCVBUF} as set
	 * @param sendBuffer {@code SO_SNDBUF} as set
	 * @param linger {@code SO_LINGER} seconds, or -1 when off
	 * @param keepAliveIdle {@code TCP_KEEPIDLE} seconds
	 * @param keepAliveInterval {@code TCP_KEEPINTVL} seconds
	 * @param keepAliveCount {@code TCP_KEEPCNT}
	 */
	record Options(int receiveBuffer, int sendBuffer, int linger, int keepAliveIdle, int keepAliveInterval,
			int keepAliveCount) {
	}

	abstract Transport transport();

	/** Reads the options of the server side of {@code connection}. */
	abstract Options optionsOf(Connection connection) throws Exception;

	private Options acceptedSocketOptions(UnaryOperator<SocketServerBuilder> configure) throws Exception {
		CompletableFuture<Options> options = new CompletableFuture<>();
		SocketServer server = configure
			.apply(SocketServer.builder().transport(transport()).address("127.0.0.1").loops(1))
			.handler((Connection connection) -> {
				try {
					options.complete(optionsOf(connection));
				}
				catch (Exception ex) {
					options.completeExceptionally(ex);
				}
				return connection.send(connection.receive());
			})
			.start();
		try (Socket socket = Clients.connect(server.localAddress())) {
			return options.get(5, TimeUnit.SECONDS);
		}
		finally {
			server.stop(Duration.ofSeconds(2));
		}
	}

	@Test
	void acceptedSocketsHaveTheConfiguredBuffersLingerAndKeepAliveTimers() throws Exception {
		Options options = acceptedSocketOptions((builder) -> builder.keepAlive(true)
			.receiveBufferSize(48 * 1024)
			.sendBufferSize(96 * 1024)
			.linger(Duration.ZERO)
			.keepAliveIdle(Duration.ofSeconds(30))
			.keepAliveInterval(Duration.ofSeconds(7))
			.keepAliveCount(4));
		assertThat(options).isEqualTo(new Options(48 * 1024, 96 * 1024, 0, 30, 7, 4));
	}

	@Test
	void singleAcceptorSocketsGetTheConfiguredOptionsToo() throws Exception {
		Options options = acceptedSocketOptions((builder) -> builder.acceptMode(AcceptMode.SINGLE_ACCEPTOR)
			.receiveBufferSize(48 * 1024)
			.keepAliveIdle(Duration.ofSeconds(45)));
		assertThat(options.receiveBuffer()).isEqualTo(48 * 1024);
		assertThat(options.keepAliveIdle()).isEqualTo(45);
	}

	@Test
	void optionsLeftUnsetKeepTheOrderlyClose() throws Exception {
		assertThat(acceptedSocketOptions(UnaryOperator.identity()).linger()).isEqualTo(-1);
	}

	@Test
	void aZeroLingerResetsTheConnectionWhenTheServerCloses() throws Exception {
		SocketServer server = SocketServer.builder()
			.transport(transport())
			.address("127.0.0.1")
			.loops(1)
			.linger(Duration.ZERO)
			.handler((connection) -> connection.receive().next().then()) // closes after the first bytes
			.start();
		try (Socket socket = Clients.connect(server.localAddress())) {
			socket.getOutputStream().write('x');
			assertThat(Clients.drainUntilClosed(socket)).isEqualTo(Ending.RESET);
		}
		finally {
			server.stop(Duration.ofSeconds(2));
		}
	}

	@Test
	void aPositiveLingerIsRefusedBecauseCloseWouldBlockTheLoop() {
		assertThatIllegalArgumentException().isThrownBy(() -> SocketServer.builder()
			.transport(transport())
			.linger(Duration.ofSeconds(5))
			.handler((connection) -> Mono.empty())
			.start()).withMessageContaining("linger must be zero");
	}

	@Test
	void keepAliveTimersMustBeWholeSeconds() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> SocketServer.builder().keepAliveIdle(Duration.ofMillis(1500)).config())
			.withMessageContaining("keep-alive idle must be whole seconds");
	}

}
