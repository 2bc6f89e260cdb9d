package dev.sockloop.server;

import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

import dev.sockloop.connection.Connection;
import dev.sockloop.internal.linux.Sockets;
import dev.sockloop.internal.transport.epoll.EpollConnection;

import static org.assertj.core.api.Assertions.assertThat;

class SocketOptionTests {

	private record Options(boolean noDelay, boolean keepAlive) {
	}

	private static Options acceptedSocketOptions(UnaryOperator<SocketServerBuilder> configure) throws Exception {
		CompletableFuture<Options> options = new CompletableFuture<>();
		SocketServer server = configure.apply(SocketServer.builder().address("127.0.0.1").loops(1))
			.handler((Connection connection) -> {
				int fd = ((EpollConnection) connection).fd();
				options.complete(new Options(Sockets.isTcpNoDelay(fd), Sockets.isKeepAlive(fd)));
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
	void acceptedSocketsHaveNoDelayOnAndKeepAliveOffByDefault() throws Exception {
		assertThat(acceptedSocketOptions(UnaryOperator.identity())).isEqualTo(new Options(true, false));
	}

	@Test
	void acceptedSocketsFollowTheConfiguredOptions() throws Exception {
		assertThat(acceptedSocketOptions((builder) -> builder.tcpNoDelay(false).keepAlive(true)))
			.isEqualTo(new Options(false, true));
	}

	@Test
	void singleAcceptorSocketsInheritTheOptionsToo() throws Exception {
		assertThat(acceptedSocketOptions((builder) -> builder.acceptMode(AcceptMode.SINGLE_ACCEPTOR).keepAlive(true)))
			.isEqualTo(new Options(true, true));
	}

}
