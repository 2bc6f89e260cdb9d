package dev.sockloop.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.sockloop.server.Clients.Ending;
import dev.sockloop.stats.CloseReason;
import dev.sockloop.transport.Transport;

import static org.assertj.core.api.Assertions.assertThat;

abstract class EchoTests {

	/** The transport every server and client of this suite runs on. */
	abstract Transport transport();

	private static final int[] SIZES = { 1, 2, 63, 64 * 1024, 64 * 1024 + 1, 1024 * 1024, 8 * 1024 * 1024 };

	static Stream<Arguments> modesAndSizes() {
		return Stream.of(AcceptMode.values())
			.flatMap((mode) -> java.util.Arrays.stream(SIZES).mapToObj((size) -> Arguments.of(mode, size)));
	}

	private SocketServer echoServer(String address, AcceptMode mode, int loops) {
		return SocketServer.builder().transport(transport()).name("echo").address(address).port(0).loops(loops).acceptMode(mode)
			.handler((connection) -> connection.send(connection.receive())).start();
	}

	private static byte[] randomPayload(int size) {
		byte[] payload = new byte[size];
		new Random(size).nextBytes(payload);
		return payload;
	}

	@ParameterizedTest(name = "{0}, {1} bytes")
	@MethodSource("modesAndSizes")
	void echoesRandomPayloadByteForByteThenEndsTheStream(AcceptMode mode, int size) throws Exception {
		SocketServer server = echoServer("127.0.0.1", mode, 2);
		try {
			byte[] payload = randomPayload(size);
			byte[] echoed = Clients.exchange(new InetSocketAddress("127.0.0.1", server.port()), payload);
			assertThat(echoed).isEqualTo(payload);
			Await.until(Duration.ofSeconds(5), () -> server.stats().connectionsActive() == 0, "the connection closed");
			assertThat(server.stats().bytesReceived()).isEqualTo(size);
			assertThat(server.stats().bytesSent()).isEqualTo(size);
			assertThat(server.stats().connectionsClosed(CloseReason.PEER_CLOSED)).isEqualTo(1);
		}
		finally {
			assertThat(server.stop(Duration.ofSeconds(5))).isTrue();
		}
	}

	@ParameterizedTest(name = "{0} bytes")
	@ValueSource(ints = { 1, 64 * 1024 + 1, 8 * 1024 * 1024 })
	void echoesOverIpv6Loopback(int size) throws Exception {
		SocketServer server = echoServer("::1", AcceptMode.REUSE_PORT, 2);
		try {
			assertThat(server.localAddress().getAddress()).isEqualTo(InetAddress.getByName("::1"));
			byte[] payload = randomPayload(size);
			assertThat(Clients.exchange(new InetSocketAddress("::1", server.port()), payload)).isEqualTo(payload);
		}
		finally {
			server.stop(Duration.ofSeconds(5));
		}
	}

	@Test
	void reportsBothEndsOfAConnection() throws Exception {
		java.util.concurrent.CompletableFuture<String> seen = new java.util.concurrent.CompletableFuture<>();
		SocketServer server = SocketServer.builder().transport(transport()).name("addresses").address("127.0.0.1").loops(1)
			.handler((connection) -> {
				seen.complete(connection.serverName() + " " + connection.localAddress() + " "
						+ connection.remoteAddress());
				return connection.send(connection.receive());
			})
			.start();
		try (java.net.Socket socket = Clients.connect(server.localAddress())) {
			assertThat(seen.get(5, java.util.concurrent.TimeUnit.SECONDS))
				.isEqualTo("addresses " + socket.getRemoteSocketAddress() + " " + socket.getLocalSocketAddress());
		}
		finally {
			server.stop(Duration.ofSeconds(5));
		}
	}

	@ParameterizedTest
	@MethodSource("acceptModes")
	void echoesTwoThousandConcurrentClients(AcceptMode mode) throws Exception {
		SocketServer server = echoServer("127.0.0.1", mode, 2);
		try {
			int clients = 2000;
			List<byte[]> payloads = NioClients.distinctPayloads(clients, 4, 4096, 42);
			List<NioClients.Result> results = NioClients.run(server.localAddress(), payloads, true, clients,
					Duration.ofSeconds(30));
			long succeeded = results.stream()
				.filter((r) -> r.ending() == Ending.EOF && java.util.Arrays.equals(r.received(), payloads.get(r.index())))
				.count();
			assertThat(succeeded).as("clients whose echo was byte-for-byte and then ended").isEqualTo(clients);
			assertThat(server.stats().connectionsOpened()).isEqualTo(clients);
			Await.until(Duration.ofSeconds(10), () -> server.stats().connectionsActive() == 0,
					"every connection closed (active: " + server.stats().connectionsActive() + ")");
			if (mode == AcceptMode.REUSE_PORT) {
				// The kernel spreads connections over both listeners; each loop must have had some.
				assertThat(server.stats().loops()).allSatisfy((loop) -> assertThat(loop.connectionsOpened()).isPositive());
			}
			else {
				assertThat(server.stats().loops())
					.allSatisfy((loop) -> assertThat(loop.connectionsOpened()).isEqualTo(clients / 2));
			}
		}
		finally {
			server.stop(Duration.ofSeconds(5));
		}
	}

	static Stream<AcceptMode> acceptModes() {
		return Stream.of(AcceptMode.values());
	}

}
