package dev.sockloop.connection;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.sockloop.internal.loop.LoopBuffers;
import dev.sockloop.server.Await;
import dev.sockloop.server.Clients;
import dev.sockloop.server.FloodingClient;
import dev.sockloop.server.SocketServer;
import dev.sockloop.transport.Transport;

import static org.assertj.core.api.Assertions.assertThat;

abstract class BackpressureTests {

	/** The transport every server and client of this suite runs on. */
	abstract Transport transport();

	private static final long MIB = 1024 * 1024;

	private SocketServer server;

	private final ExecutorService worker = Executors.newSingleThreadExecutor();

	/** Runs a second, well-behaved client beside the test thread; never a shared pool. */
	private final ExecutorService otherClient = Executors.newSingleThreadExecutor();

	@AfterEach
	void stop() {
		if (this.server != null) {
			this.server.stop(Duration.ofSeconds(5));
		}
		this.worker.shutdownNow();
		this.otherClient.shutdownNow();
	}

	private InetSocketAddress address() {
		return new InetSocketAddress("127.0.0.1", this.server.port());
	}

	@Test
	void clientThatNeverReadsCostsBoundedMemoryAndDoesNotDelayOthers() throws Exception {
		this.server = SocketServer.builder().transport(transport()).address("127.0.0.1").loops(1)
			.handler((connection) -> connection.send(connection.receive())).start();
		int highWaterMark = this.server.config().writeHighWaterMark();
		try (FloodingClient flood = new FloodingClient(address(), 64 * MIB)) {
			Await.until(Duration.ofSeconds(20), () -> flood.stalledFor(Duration.ofSeconds(1)) || flood.done(),
					"the non-reading client can no longer send");
			assertThat(flood.sent()).as("bytes the non-reading client got out").isLessThan(64 * MIB);
			// What the server read and has not written is what it holds for the client: at most the
			// high-water mark plus a buffer, with room for one more read.
			long bound = 2L * highWaterMark + LoopBuffers.READ_SIZE;
			long received = this.server.stats().bytesReceived();
			long held = received - this.server.stats().bytesSent();
			assertThat(held).as("bytes the server holds for it").isLessThanOrEqualTo(bound);
			assertThat(this.server.stats().backpressurePaused()).isPositive();
			assertThat(this.server.stats().loop(0).backpressurePaused()).isPositive();

			byte[] payload = new byte[256 * 1024];
			new Random(7).nextBytes(payload);
			CompletableFuture<byte[]> echo = CompletableFuture.supplyAsync(() -> {
				try {
					return Clients.exchange(address(), payload);
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			}, this.otherClient);
			assertThat(echo.get(5, TimeUnit.SECONDS)).as("another client's echo on the same loop").isEqualTo(payload);
			assertThat(this.server.stats().bytesReceived() - this.server.stats().bytesSent())
				.as("bytes the server holds for the non-reading client after the other's echo").isLessThanOrEqualTo(bound);
			System.out.printf("Non-reading client sent %d bytes, server read %d and holds %d, paused %d times%n",
					flood.sent(), received, held,
					this.server.stats().backpressurePaused());
		}
		Await.until(Duration.ofSeconds(5), () -> this.server.stats().connectionsActive() == 0,
				"the flooding connection closed after its client did");
	}

	@Test
	void largeBuffersSentToAClientThatNeverReadsAreQueuedOneAtATime() throws Exception {
		int bufferSize = 1024 * 1024;
		AtomicLong produced = new AtomicLong();
		this.server = SocketServer.builder().transport(transport()).address("127.0.0.1").loops(1)
			.handler((connection) -> connection.send(Flux.generate((sink) -> {
				produced.addAndGet(bufferSize);
				sink.next(ByteBuffer.allocate(bufferSize));
			})))
			.start();
		int highWaterMark = this.server.config().writeHighWaterMark();
		try (Socket client = new Socket()) {
			client.setReceiveBufferSize(64 * 1024);
			client.connect(address());
			long[] lastSent = { -1 };
			long[] stableSince = { System.nanoTime() };
			Await.until(Duration.ofSeconds(10), () -> {
				long sent = this.server.stats().bytesSent();
				if (sent != lastSent[0]) {
					lastSent[0] = sent;
					stableSince[0] = System.nanoTime();
					return false;
				}
				return produced.get() > 0 && System.nanoTime() - stableSince[0] > Duration.ofMillis(500).toNanos();
			}, "the server can no longer write to the client");
			long held = produced.get() - this.server.stats().bytesSent();
			System.out.printf("Server produced %d bytes for a non-reading client, wrote %d, holds %d%n", produced.get(),
					this.server.stats().bytesSent(), held);
			assertThat(held).as("bytes produced and not written").isLessThanOrEqualTo(highWaterMark + bufferSize);
		}
	}

	@Test
	void withoutDemandTheServerReadsNothingAndReadsAgainWhenAsked() throws Exception {
		AtomicReference<BaseSubscriber<ByteBuffer>> inbound = new AtomicReference<>();
		AtomicLong delivered = new AtomicLong();
		this.server = SocketServer.builder().transport(transport()).address("127.0.0.1").loops(1).handler((connection) -> {
			BaseSubscriber<ByteBuffer> subscriber = new BaseSubscriber<>() {
				@Override
				protected void hookOnSubscribe(Subscription subscription) {
					// no demand yet
				}

				@Override
				protected void hookOnNext(ByteBuffer value) {
					delivered.addAndGet(value.remaining());
				}
			};
			connection.receive().subscribe(subscriber);
			inbound.set(subscriber);
			return Mono.never();
		}).start();
		try (FloodingClient flood = new FloodingClient(address(), 16 * MIB)) {
			Await.until(Duration.ofSeconds(20), () -> flood.stalledFor(Duration.ofSeconds(1)) || flood.done(),
					"the client can no longer send");
			assertThat(flood.sent()).isLessThan(16 * MIB);
			assertThat(this.server.stats().bytesReceived()).as("bytes read without demand").isZero();

			inbound.get().request(1);
			Await.until(Duration.ofSeconds(5), () -> delivered.get() > 0, "one buffer delivered");
			assertThat(this.server.stats().bytesReceived()).as("bytes read for a demand of one")
				.isEqualTo(delivered.get())
				.isLessThanOrEqualTo(64 * 1024);

			inbound.get().requestUnbounded();
			Await.until(Duration.ofSeconds(20), () -> flood.done() && delivered.get() == 16 * MIB,
					"everything sent is delivered once demand is unbounded");
		}
	}

	@Test
	void handlerRequestingOneBufferAtATimeReceivesEverythingInOrder() throws Exception {
		AtomicInteger overDelivered = new AtomicInteger();
		this.server = SocketServer.builder().transport(transport()).address("127.0.0.1").loops(1).handler((connection) -> {
			Mono<byte[]> summary = Mono.create((sink) -> connection.receive().subscribe(new BaseSubscriber<>() {
				private final AtomicLong outstanding = new AtomicLong();

				private final MessageDigest digest = sha256();

				private long length;

				@Override
				protected void hookOnSubscribe(Subscription subscription) {
					this.outstanding.incrementAndGet();
					request(1);
				}

				@Override
				protected void hookOnNext(ByteBuffer value) {
					if (this.outstanding.decrementAndGet() < 0) {
						overDelivered.incrementAndGet();
					}
					// Processed on another thread; the next buffer is asked for only when done.
					BackpressureTests.this.worker.execute(() -> {
						this.length += value.remaining();
						this.digest.update(value);
						this.outstanding.incrementAndGet();
						request(1);
					});
				}

				@Override
				protected void hookOnComplete() {
					BackpressureTests.this.worker.execute(() -> sink.success(summary(this.length, this.digest.digest())));
				}

				@Override
				protected void hookOnError(Throwable failure) {
					sink.error(failure);
				}
			}));
			return connection.send(summary.map(ByteBuffer::wrap));
		}).start();
		byte[] payload = new byte[4 * 1024 * 1024];
		new Random(4).nextBytes(payload);
		byte[] reply = Clients.exchange(address(), payload);
		assertThat(reply).isEqualTo(summary(payload.length, sha256().digest(payload)));
		assertThat(overDelivered).as("buffers delivered beyond demand").hasValue(0);
	}

	@Test
	void echoThroughLimitRateOfOneIsByteForByte() throws Exception {
		this.server = SocketServer.builder().transport(transport()).address("127.0.0.1").loops(1)
			.handler((connection) -> connection.send(connection.receive().limitRate(1))).start();
		byte[] payload = new byte[2 * 1024 * 1024];
		new Random(1).nextBytes(payload);
		assertThat(Clients.exchange(address(), payload)).isEqualTo(payload);
	}

	private static byte[] summary(long length, byte[] digest) {
		return ByteBuffer.allocate(8 + digest.length).putLong(length).put(digest).array();
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
