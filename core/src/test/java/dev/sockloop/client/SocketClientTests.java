package dev.sockloop.client;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.sockloop.connection.Connection;
import dev.sockloop.loop.EventLoopGroup;
import dev.sockloop.server.SocketServer;
import dev.sockloop.transport.Transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

abstract class SocketClientTests {

	/** The transport every server and client of this suite runs on. */
	abstract Transport transport();

	private EventLoopGroup group;

	private SocketClient client;

	@BeforeEach
	void start() {
		this.group = new EventLoopGroup(2, "client-test-", transport());
		this.client = SocketClient.builder().transport(transport()).loopGroup(this.group).connectTimeout(Duration.ofSeconds(5)).build();
	}

	@AfterEach
	void stop() {
		this.client.close();
		this.group.close(Duration.ofSeconds(5));
	}

	@Test
	void connectsToAServerOnTheSameLoopsAndExchangesBytes() {
		SocketServer server = echoServer(SocketServer.builder().transport(transport()).address("127.0.0.1").port(0));
		try {
			byte[] payload = new byte[1024 * 1024];
			new Random(7).nextBytes(payload);
			Connection connection = this.client.connect(new InetSocketAddress("127.0.0.1", server.port()))
					.block(Duration.ofSeconds(5));
			byte[] echoed = exchange(connection, payload);
			assertThat(echoed).isEqualTo(payload);
			assertThat(this.client.stats().bytesSent()).isEqualTo(payload.length);
		}
		finally {
			server.stop(Duration.ofSeconds(5));
		}
	}

	@Test
	void connectsOverAUnixSocket(@TempDir Path directory) {
		Path path = directory.resolve("client.sock");
		SocketServer server = echoServer(SocketServer.builder().transport(transport()).unixSocket(path));
		try {
			Connection connection = this.client.connect(UnixDomainSocketAddress.of(path)).block(Duration.ofSeconds(5));
			byte[] echoed = exchange(connection, "over uds".getBytes(StandardCharsets.UTF_8));
			assertThat(new String(echoed, StandardCharsets.UTF_8)).isEqualTo("over uds");
		}
		finally {
			server.stop(Duration.ofSeconds(5));
		}
	}

	@Test
	void refusedConnectErrorsWithConnectException() throws Exception {
		int freePort;
		try (ServerSocket socket = new ServerSocket(0)) {
			freePort = socket.getLocalPort();
		}
		assertThatExceptionOfType(RuntimeException.class)
				.isThrownBy(() -> this.client.connect(new InetSocketAddress("127.0.0.1", freePort))
						.block(Duration.ofSeconds(5)))
				.havingRootCause().isInstanceOf(ConnectException.class).withMessageContaining("Connection refused");
	}

	@Test
	void proxyForwardsThroughAClientConnectionOnTheServersLoops() {
		SocketServer backend = echoServer(SocketServer.builder().transport(transport()).address("127.0.0.1").port(0));
		InetSocketAddress backendAddress = new InetSocketAddress("127.0.0.1", backend.port());
		SocketServer proxy = SocketServer.builder().transport(transport()).address("127.0.0.1").port(0).loopGroup(this.group)
				// When the client finishes sending, close towards the backend (after flushing), which
				// ends the backend's echo and so the reply stream.
				.handler((inbound) -> this.client.connect(backendAddress).flatMap((outbound) -> Mono.when(
						outbound.send(inbound.receive()).then(Mono.fromRunnable(outbound::close)),
						inbound.send(outbound.receive()))))
				.start();
		try {
			Connection connection = this.client.connect(new InetSocketAddress("127.0.0.1", proxy.port()))
					.block(Duration.ofSeconds(5));
			byte[] echoed = exchange(connection, "through the proxy".getBytes(StandardCharsets.UTF_8));
			assertThat(new String(echoed, StandardCharsets.UTF_8)).isEqualTo("through the proxy");
		}
		finally {
			proxy.stop(Duration.ofSeconds(5));
			backend.stop(Duration.ofSeconds(5));
		}
	}

	private SocketServer echoServer(SocketServer.Builder builder) {
		return builder.loopGroup(this.group).handler((connection) -> connection.send(connection.receive())).start();
	}

	/** Sends everything, half-closes by completing, and collects the reply until the peer closes. */
	private static byte[] exchange(Connection connection, byte[] payload) {
		Mono<byte[]> reply = connection.receive().reduce(new java.io.ByteArrayOutputStream(), (out, buffer) -> {
			byte[] bytes = new byte[buffer.remaining()];
			buffer.get(bytes);
			out.writeBytes(bytes);
			if (out.size() == payload.length) {
				connection.close();
			}
			return out;
		}).map(java.io.ByteArrayOutputStream::toByteArray);
		connection.send(Flux.just(ByteBuffer.wrap(payload))).subscribe();
		return reply.block(Duration.ofSeconds(10));
	}

}
