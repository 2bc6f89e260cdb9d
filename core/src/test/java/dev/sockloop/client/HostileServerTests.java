package dev.sockloop.client;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.sockloop.codec.FrameCodec;
import dev.sockloop.codec.FrameTooLongException;
import dev.sockloop.connection.ClosedConnectionException;
import dev.sockloop.connection.Connection;
import dev.sockloop.connection.ConnectionHandler;
import dev.sockloop.server.Await;
import dev.sockloop.server.SocketServer;
import dev.sockloop.stats.CloseReason;
import dev.sockloop.tls.ClientTlsEngineFactory;
import dev.sockloop.transport.EventLoopGroup;
import dev.sockloop.transport.Transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What a server can do to a client: never answer, never read, send a frame that never ends, stall
 * the TLS handshake. Each costs the client bounded memory and ends within a timeout.
 */
abstract class HostileServerTests {

	private EventLoopGroup group;

	private SocketServer server;

	private SocketClient client;

	/** The transport every server and client of this suite runs on. */
	abstract Transport transport();

	@BeforeEach
	void createGroup() {
		this.group = new EventLoopGroup(2, "hostile-server-test-", transport());
	}

	@AfterEach
	void stop() {
		if (this.client != null) {
			this.client.close();
		}
		if (this.server != null) {
			// Short: several servers here never finish their handlers, and stop would wait for them.
			this.server.stop(Duration.ofMillis(200));
		}
		this.group.close(Duration.ofSeconds(5));
	}

	@Test
	void anExchangeWithAServerThatNeverAnswersTimesOutAndLeavesNothingPending() {
		startServer((connection) -> connection.receive().then());
		this.client = client().codec(FrameCodec.line(1024)).exchangeTimeout(Duration.ofMillis(300)).build();
		ExchangeConnection<ByteBuffer, ByteBuffer> exchanges = this.client.connectExchange(serverAddress())
			.block(Duration.ofSeconds(5));
		List<CompletableFuture<ByteBuffer>> waiting = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			waiting.add(exchanges.exchange(ByteBuffer.wrap(("request " + i).getBytes())).toFuture());
		}
		Await.until(Duration.ofSeconds(5), () -> waiting.stream().allMatch(CompletableFuture::isDone),
				"every exchange ended");
		Await.until(Duration.ofSeconds(5), () -> this.client.stats().connectionsActive() == 0, "the connection closed");
		// The first timer to fire closes the connection: the others fail as closed, if not timed out.
		List<Throwable> failures = waiting.stream().map(HostileServerTests::failureOf).toList();
		assertThat(failures).as("the exchanges' failures")
			.allMatch((failure) -> failure instanceof TimeoutException || failure instanceof ClosedConnectionException)
			.anyMatch(TimeoutException.class::isInstance);
		assertThat(exchanges.pendingExchanges()).as("exchanges still pending").isZero();
		assertThat(this.client.clientStats().exchangeTimeouts()).as("exchange timeouts counted").isPositive();
		assertThat(this.client.stats().connectionsClosed(CloseReason.TIMEOUT)).as("closed for timeout").isEqualTo(1);
		assertThatExceptionOfType(ClosedConnectionException.class)
			.isThrownBy(() -> blockUnwrapped(exchanges.exchange(ByteBuffer.wrap("late".getBytes()))));
	}

	@Test
	void aServerThatNeverReadsCostsTheClientBoundedMemory() {
		// The handler never subscribes to its inbound: the kernel buffers fill, then the client's.
		startServer((connection) -> Mono.never());
		int maxPending = 256;
		int requestBytes = 64 * 1024;
		this.client = client().codec(FrameCodec.lengthField(4, 0, requestBytes))
			.maxPendingExchanges(maxPending)
			.exchangeTimeout(Duration.ZERO)
			.build();
		ExchangeConnection<ByteBuffer, ByteBuffer> exchanges = this.client.connectExchange(serverAddress())
			.block(Duration.ofSeconds(5));
		long before = RetainedHeapOfClient.bytes();
		int attempts = 5_000;
		java.util.concurrent.atomic.AtomicInteger ended = new java.util.concurrent.atomic.AtomicInteger();
		for (int i = 0; i < attempts; i++) {
			// Nothing of a refused exchange is kept, so what stays is what the client holds.
			exchanges.exchange(ByteBuffer.allocate(requestBytes))
				.subscribe(null, (failure) -> ended.incrementAndGet(), ended::incrementAndGet);
		}
		Await.until(Duration.ofSeconds(5), () -> this.client.stats().backpressurePaused() > 0,
				"the connection's writes reached the high-water mark");
		long grown = RetainedHeapOfClient.bytes() - before;
		long bound = (long) maxPending * requestBytes + 64 * 1024 + 1024 * 1024;
		SoftAssertions softly = new SoftAssertions();
		softly.assertThat(this.client.clientStats().exchangesRejected()).as("exchanges refused")
			.isEqualTo(attempts - maxPending);
		softly.assertThat(exchanges.pendingExchanges()).as("exchanges pending").isEqualTo(maxPending);
		softly.assertThat(grown).as("heap retained by %d attempted 64 KiB exchanges (bound %d)", attempts, bound)
			.isLessThan(bound);
		softly.assertAll();
		exchanges.close();
		Await.until(Duration.ofSeconds(5), () -> ended.get() == attempts, "every exchange ended");
		assertThat(exchanges.pendingExchanges()).isZero();
	}

	@Test
	void aResponseFrameThatNeverEndsClosesTheConnectionAtTheMaximumFrameLength() {
		byte[] chunk = new byte[4096];
		Arrays.fill(chunk, (byte) 'x');
		// Answers the first request with bytes and never a line end.
		startServer((connection) -> connection.receive()
			.next()
			.flatMap((request) -> connection.send(Flux.generate((sink) -> sink.next(ByteBuffer.wrap(chunk))))));
		this.client = client().codec(FrameCodec.line(16 * 1024)).build();
		ExchangeConnection<ByteBuffer, ByteBuffer> exchanges = this.client.connectExchange(serverAddress())
			.block(Duration.ofSeconds(5));
		Throwable failure = catchFailure(exchanges.exchange(ByteBuffer.wrap("hello".getBytes())));
		Await.until(Duration.ofSeconds(5), () -> this.client.stats().connectionsActive() == 0, "the connection closed");
		SoftAssertions softly = new SoftAssertions();
		softly.assertThat(failure).isInstanceOf(ClosedConnectionException.class)
			.hasCauseInstanceOf(FrameTooLongException.class);
		softly.assertThat(this.client.stats().framesRejected()).as("frames rejected").isEqualTo(1);
		softly.assertThat(this.client.stats().connectionsClosed(CloseReason.BAD_FRAME)).as("closed as bad frame")
			.isEqualTo(1);
		softly.assertThat(this.client.stats().bytesReceived()).as("bytes read before closing")
			.isLessThan(1024 * 1024);
		softly.assertAll();
	}

	@Test
	void aServerThatStallsTheTlsHandshakeFailsTheConnectAtTheHandshakeTimeout() throws Exception {
		// A plain TCP server that reads the ClientHello and never answers it.
		startServer((connection) -> connection.receive().then());
		this.client = client()
			// The server never answers, so whom the client trusts does not matter.
			.tls(ClientTlsEngineFactory.of(SSLContext.getDefault()), Duration.ofMillis(300))
			.build();
		Throwable failure = catchFailure(this.client.connect(serverAddress()));
		Await.until(Duration.ofSeconds(5), () -> this.client.stats().connectionsActive() == 0,
				"the client's socket closed");
		SoftAssertions softly = new SoftAssertions();
		softly.assertThat(failure).isInstanceOf(SSLHandshakeException.class).hasMessageContaining("timed out");
		softly.assertThat(this.client.tlsStats().orElseThrow().handshakeTimeouts()).as("handshake timeouts").isEqualTo(1);
		softly.assertThat(this.client.clientStats().connectFailures()).as("connect failures").isEqualTo(1);
		softly.assertThat(this.client.stats().connectionsClosed(CloseReason.TIMEOUT)).as("closed for timeout")
			.isEqualTo(1);
		softly.assertAll();
	}

	@Test
	void aConnectionToASilentServerClosesAtTheIdleTimeout() {
		startServer((connection) -> connection.receive().then());
		this.client = client().idleTimeout(Duration.ofMillis(300)).build();
		Connection connection = this.client.connect(serverAddress()).block(Duration.ofSeconds(5));
		Await.until(Duration.ofSeconds(5), () -> this.client.stats().connectionsClosed(CloseReason.TIMEOUT) == 1,
				"the idle connection closed for timeout");
		assertThat(connection.isOpen()).isFalse();
	}

	@Test
	void closingAnExchangeConnectionFailsEveryPendingExchangeWithClosedConnectionException() {
		startServer((connection) -> connection.receive().then());
		this.client = client().codec(FrameCodec.line(1024)).build();
		ExchangeConnection<ByteBuffer, ByteBuffer> exchanges = this.client.connectExchange(serverAddress())
			.block(Duration.ofSeconds(5));
		List<CompletableFuture<ByteBuffer>> waiting = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			waiting.add(exchanges.exchange(ByteBuffer.wrap(("request " + i).getBytes())).toFuture());
		}
		Await.until(Duration.ofSeconds(5), () -> exchanges.pendingExchanges() == 5, "five exchanges pending");
		exchanges.close();
		Await.until(Duration.ofSeconds(5), () -> waiting.stream().allMatch(CompletableFuture::isDone),
				"every exchange ended");
		assertThat(waiting).allSatisfy((future) -> assertThat(failureOf(future)).isInstanceOf(ClosedConnectionException.class));
		assertThat(exchanges.pendingExchanges()).isZero();
	}

	private SocketClient.Builder client() {
		return SocketClient.builder().transport(transport()).loopGroup(this.group).connectTimeout(Duration.ofSeconds(5));
	}

	private void startServer(ConnectionHandler handler) {
		this.server = SocketServer.builder()
			.transport(transport())
			.loopGroup(this.group)
			.address("127.0.0.1")
			.port(0)
			.handler(handler)
			.start();
	}

	private InetSocketAddress serverAddress() {
		return new InetSocketAddress("127.0.0.1", this.server.port());
	}

	private static Throwable failureOf(CompletableFuture<?> future) {
		try {
			future.join();
			return null;
		}
		catch (java.util.concurrent.CompletionException ex) {
			return ex.getCause();
		}
	}

	private static Throwable catchFailure(Mono<?> mono) {
		return failureOf(mono.toFuture().orTimeout(10, java.util.concurrent.TimeUnit.SECONDS));
	}

	private static void blockUnwrapped(Mono<?> mono) throws Throwable {
		Throwable failure = catchFailure(mono);
		if (failure != null) {
			throw failure;
		}
	}

}
