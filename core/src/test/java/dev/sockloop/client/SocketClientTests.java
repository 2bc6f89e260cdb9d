package dev.sockloop.client;

import java.io.File;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.assertj.core.api.SoftAssertions;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.sockloop.connection.Connection;
import dev.sockloop.server.Await;
import dev.sockloop.server.SocketServer;
import dev.sockloop.server.SocketServerBuilder;
import dev.sockloop.transport.EventLoopGroup;
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

	@Test
	void aConnectThatThrowsBeforeStartingErrorsAndLeaksNoFd() {
		// No address to put in a sockaddr: the connect call itself throws, on the loop.
		InetSocketAddress unresolved = InetSocketAddress.createUnresolved("sockloop.invalid", 9);
		int before = openFds();
		List<CompletableFuture<Connection>> attempts = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			attempts.add(this.client.connect(unresolved).toFuture());
		}
		awaitQuietly(Duration.ofSeconds(5), () -> attempts.stream().allMatch(CompletableFuture::isDone));
		SoftAssertions softly = new SoftAssertions();
		softly.assertThat(attempts.stream().filter(CompletableFuture::isCompletedExceptionally).count())
			.as("attempts that ended in an error").isEqualTo(50);
		softly.assertThat(openFds() - before).as("fds left open by 50 failed attempts").isLessThan(10);
		softly.assertAll();
	}

	@Test
	void aConnectCancelledAtAnyPointLeavesNoConnectionOpen(@TempDir Path directory) {
		// Over a Unix socket the connect completes at once, so cancels land before, during and after it.
		Path path = directory.resolve("cancel.sock");
		// One loop: the server opens connections in the order it accepts them (see the probe below).
		AtomicBoolean probeArrived = new AtomicBoolean();
		SocketServer server = SocketServer.builder().transport(transport()).unixSocket(path).loops(1)
			.handler((connection) -> connection.receive().doOnNext((bytes) -> probeArrived.set(true)).then()).start();
		try {
			int before = openFds();
			Random random = new Random(15);
			AtomicInteger delivered = new AtomicInteger();
			for (int i = 0; i < 300; i++) {
				// A subscriber that owns what it is given, even as it cancels: a connection delivered
				// before the cancel is its to close; any other is the client's.
				BaseSubscriber<Connection> attempt = new BaseSubscriber<>() {

					@Override
					protected void hookOnNext(Connection connection) {
						delivered.incrementAndGet();
						connection.close();
					}

				};
				this.client.connect(UnixDomainSocketAddress.of(path)).subscribe(attempt);
				for (int spin = random.nextInt(20_000); spin > 0; spin--) {
					Thread.onSpinWait();
				}
				attempt.dispose();
			}
			// A connection the server accepts after the probe's was accepted before the loop ended:
			// once the probe's bytes arrive, every earlier connection is open on the server's side.
			Connection probe = this.client.connect(UnixDomainSocketAddress.of(path)).block(Duration.ofSeconds(5));
			probe.send(Mono.just(ByteBuffer.wrap(new byte[] { 1 }))).block(Duration.ofSeconds(5));
			Await.until(Duration.ofSeconds(5), probeArrived::get, "the probe's byte reached the server");
			probe.close();
			awaitQuietly(Duration.ofSeconds(5), () -> this.client.stats().connectionsActive() == 0
					&& server.stats().connectionsActive() == 0);
			SoftAssertions softly = new SoftAssertions();
			softly.assertThat(this.client.stats().connectionsActive()).as("client connections still open (%d of 300 delivered)", delivered.get()).isZero();
			softly.assertThat(server.stats().connectionsActive()).as("server connections still open").isZero();
			softly.assertThat(openFds() - before).as("fds left open by 300 cancelled connects").isLessThan(10);
			softly.assertAll();
		}
		finally {
			server.stop(Duration.ofSeconds(5));
		}
	}

	private static int openFds() {
		return new File("/proc/self/fd").list().length;
	}

	private static void awaitQuietly(Duration timeout, BooleanSupplier condition) {
		try {
			Await.until(timeout, condition, "the attempts ended");
		}
		catch (AssertionError ex) {
			// The assertions that follow say what was left.
		}
	}

	private SocketServer echoServer(SocketServerBuilder builder) {
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
