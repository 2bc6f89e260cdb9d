package dev.sockloop.server;

import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.sockloop.internal.linux.NativeCallException;
import dev.sockloop.transport.Transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

abstract class BindFailureTests {

	/** The transport every server and client of this suite runs on. */
	abstract Transport transport();

	@ParameterizedTest
	@EnumSource(AcceptMode.class)
	void bindingATakenPortNamesServerAddressPortAndErrno(AcceptMode mode) throws Exception {
		try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
			int port = taken.getLocalPort();
			assertThatThrownBy(() -> SocketServer.builder().transport(transport()).name("orders").address("127.0.0.1").port(port)
				.acceptMode(mode).loops(2).handler((connection) -> connection.receive().then()).start())
				.isInstanceOf(ServerStartException.class)
				.hasMessageContaining("'orders'")
				.hasMessageContaining("127.0.0.1:" + port)
				.hasMessageContaining("EADDRINUSE")
				.hasCauseInstanceOf((transport() == Transport.EPOLL) ? NativeCallException.class : BindException.class);
		}
		assertThat(Thread.getAllStackTraces().keySet())
			.as("loop threads of the server that failed to start")
			.noneMatch((thread) -> thread.getName().startsWith("sockloop-orders-") && thread.isAlive());
	}

	@org.junit.jupiter.api.Test
	void bindingAPortHeldWithSoReusePortByAnotherSocketFailsInsteadOfSharingIt() throws Exception {
		try (ServerSocketChannel taken = ServerSocketChannel.open()) {
			taken.setOption(StandardSocketOptions.SO_REUSEPORT, true);
			taken.bind(new InetSocketAddress("127.0.0.1", 0));
			int port = ((InetSocketAddress) taken.getLocalAddress()).getPort();
			assertThatThrownBy(() -> SocketServer.builder().transport(transport()).name("orders").address("127.0.0.1").port(port).loops(2)
				.handler((connection) -> connection.receive().then()).start())
				.isInstanceOf(ServerStartException.class)
				.hasMessageContaining("127.0.0.1:" + port)
				.hasMessageContaining("EADDRINUSE");
		}
	}

}
