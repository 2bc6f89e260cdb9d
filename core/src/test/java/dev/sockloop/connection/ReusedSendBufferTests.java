package dev.sockloop.connection;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import dev.sockloop.server.Clients;
import dev.sockloop.server.SocketServer;
import dev.sockloop.transport.Transport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application may reuse a buffer as soon as it has handed it to {@link Connection#send}: what
 * was between its position and limit at that moment is what the peer gets.
 */
abstract class ReusedSendBufferTests {

	/** The transport every server and client of this suite runs on. */
	abstract Transport transport();

	private static final byte[] GREETING = "hello\n".getBytes(StandardCharsets.US_ASCII);

	private SocketServer server;

	/** Runs the clients, so that the test thread can wait for each with a deadline; never a shared pool. */
	private final ExecutorService clients = Executors.newSingleThreadExecutor();

	@AfterEach
	void stop() {
		if (this.server != null) {
			this.server.stop(Duration.ofSeconds(2));
		}
		this.clients.shutdownNow();
	}

	@Test
	void aBufferDrainedAfterSendIsStillSentAndTheLoopStaysResponsive() throws Exception {
		greetWithBufferThen((buffer) -> buffer.position(buffer.limit()));
		assertGreetingThenEchoForTwoClients();
	}

	@Test
	void aBufferClearedAfterSendIsSentAsItWasWhenSent() throws Exception {
		greetWithBufferThen(ByteBuffer::clear);
		assertGreetingThenEchoForTwoClients();
	}

	/**
	 * Each connection is greeted from a buffer that the application changes right after emitting
	 * it, then echoed; one loop, so a stuck connection would stall the other.
	 */
	private void greetWithBufferThen(Consumer<ByteBuffer> reuse) {
		this.server = SocketServer.builder().transport(transport()).address("127.0.0.1").loops(1).handler((connection) -> {
			ByteBuffer greeting = ByteBuffer.allocate(64).put(GREETING).flip();
			Flux<ByteBuffer> greetThenReuse = Flux.create((sink) -> {
				sink.next(greeting);
				reuse.accept(greeting);
				sink.complete();
			});
			return connection.send(greetThenReuse.concatWith(connection.receive()));
		}).start();
	}

	private void assertGreetingThenEchoForTwoClients() throws Exception {
		InetSocketAddress address = new InetSocketAddress("127.0.0.1", this.server.port());
		for (String client : new String[] { "first", "second" }) {
			byte[] ping = ("ping from the " + client + " client").getBytes(StandardCharsets.US_ASCII);
			CompletableFuture<byte[]> reply = CompletableFuture.supplyAsync(() -> {
				try {
					return Clients.exchange(address, ping);
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			}, this.clients);
			byte[] expected = ByteBuffer.allocate(GREETING.length + ping.length).put(GREETING).put(ping).array();
			assertThat(reply.get(5, TimeUnit.SECONDS)).as("what the %s client received", client)
				.asString(StandardCharsets.US_ASCII)
				.isEqualTo(new String(expected, StandardCharsets.US_ASCII));
		}
	}

}
