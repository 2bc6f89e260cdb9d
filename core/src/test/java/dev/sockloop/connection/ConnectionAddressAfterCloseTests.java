package dev.sockloop.connection;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

import dev.sockloop.server.Await;
import dev.sockloop.server.Clients;
import dev.sockloop.server.SocketServer;
import dev.sockloop.transport.Transport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A connection's addresses are those of its accept, whenever and from whichever thread they are
 * read: after the peer reset the socket (when asking the kernel fails) and after the connection
 * closed (when the fd number may already belong to another client).
 */
abstract class ConnectionAddressAfterCloseTests {

	/** The transport every server and client of this suite runs on. */
	abstract Transport transport();

	private SocketServer server;

	@TempDir
	Path directory;

	@AfterEach
	void stop() {
		if (this.server != null) {
			this.server.stop(Duration.ofSeconds(5));
		}
	}

	@Test
	void addressesAreThoseOfTheAcceptAfterThePeerReset() throws Exception {
		CompletableFuture<Connection> accepted = new CompletableFuture<>();
		this.server = SocketServer.builder().transport(transport()).address("127.0.0.1").loops(1)
			.handler((connection) -> {
				accepted.complete(connection);
				return connection.receive().then();
			})
			.start();
		InetSocketAddress serverAddress = new InetSocketAddress("127.0.0.1", this.server.port());
		Socket client = Clients.connect(serverAddress);
		InetSocketAddress clientAddress = (InetSocketAddress) client.getLocalSocketAddress();
		Connection connection = accepted.get(5, TimeUnit.SECONDS);
		client.setSoLinger(true, 0);
		client.close();
		Await.until(Duration.ofSeconds(5), () -> !connection.isOpen(), "the reset closed the connection");
		assertThat(connection.remoteAddress()).isEqualTo(clientAddress);
		assertThat(connection.localAddress()).isEqualTo(serverAddress);
	}

	@Test
	void theRemoteAddressIsTakenOnceAtAcceptNotLookedUpPerCall() throws Exception {
		CompletableFuture<Connection> accepted = new CompletableFuture<>();
		this.server = SocketServer.builder().transport(transport()).address("127.0.0.1").loops(1)
			.handler((connection) -> {
				accepted.complete(connection);
				return connection.receive().then();
			})
			.start();
		Socket client = Clients.connect(new InetSocketAddress("127.0.0.1", this.server.port()));
		SocketAddress clientAddress = client.getLocalSocketAddress();
		Connection connection = accepted.get(5, TimeUnit.SECONDS);
		SocketAddress first = connection.remoteAddress();
		int distinct = 0;
		for (int i = 0; i < 10_000; i++) {
			if (connection.remoteAddress() != first) {
				distinct++;
			}
		}
		client.setSoLinger(true, 0);
		client.close();
		Await.until(Duration.ofSeconds(5), () -> !connection.isOpen(), "the reset closed the connection");
		System.out.printf("%s: 10000 calls of remoteAddress() returned %d other instance(s)%n", transport(), distinct);
		// A lookup per call would make a new address object each time (and fail after the reset).
		assertThat(distinct).isZero();
		assertThat(connection.remoteAddress()).isSameAs(first).isEqualTo(clientAddress);
	}

	@Test
	void addressesAreThoseOfTheAcceptAfterCloseOnAWildcardListener() throws Exception {
		CompletableFuture<Connection> accepted = new CompletableFuture<>();
		this.server = SocketServer.builder().transport(transport()).address("0.0.0.0").loops(1)
			.handler((connection) -> {
				accepted.complete(connection);
				return Mono.empty();
			})
			.start();
		InetSocketAddress serverAddress = new InetSocketAddress("127.0.0.1", this.server.port());
		try (Socket client = Clients.connect(serverAddress)) {
			InetSocketAddress clientAddress = (InetSocketAddress) client.getLocalSocketAddress();
			Connection connection = accepted.get(5, TimeUnit.SECONDS);
			Await.until(Duration.ofSeconds(5), () -> !connection.isOpen(), "the handler's completion closed it");
			// The server keeps accepting: the fd number may now be another client's.
			try (Socket other = Clients.connect(serverAddress)) {
				assertThat(connection.remoteAddress()).isEqualTo(clientAddress);
				assertThat(connection.localAddress()).as("the address the client reached, not the wildcard")
					.isEqualTo(serverAddress);
			}
		}
	}

	@Test
	void addressesOfAUnixSocketConnectionAreThoseOfTheAcceptAfterClose() throws Exception {
		Path path = this.directory.resolve("addresses.sock");
		CompletableFuture<Connection> accepted = new CompletableFuture<>();
		this.server = SocketServer.builder().transport(transport()).unixSocket(path).loops(1)
			.handler((connection) -> {
				accepted.complete(connection);
				return Mono.empty();
			})
			.start();
		try (SocketChannel client = SocketChannel.open(StandardProtocolFamily.UNIX)) {
			client.connect(UnixDomainSocketAddress.of(path));
			Connection connection = accepted.get(5, TimeUnit.SECONDS);
			Await.until(Duration.ofSeconds(5), () -> !connection.isOpen(), "the handler's completion closed it");
			assertThat(connection.localAddress()).isEqualTo(UnixDomainSocketAddress.of(path));
			assertThat(connection.remoteAddress()).as("an unnamed client socket")
				.isEqualTo(UnixDomainSocketAddress.of(""));
		}
	}

}
