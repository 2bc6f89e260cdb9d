package dev.sockloop.server;

import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.sockloop.codec.FrameCodec;
import dev.sockloop.connection.Connection;
import dev.sockloop.server.Clients.Ending;
import dev.sockloop.stats.CloseReason;
import dev.sockloop.transport.Transport;

import static org.assertj.core.api.Assertions.assertThat;

abstract class HandlerFaultTests {

	/** The transport every server and client of this suite runs on. */
	abstract Transport transport();

	enum Fault {

		THROWS, RETURNS_NULL, RETURNS_ERROR, ERRORS_AFTER_FIRST_BYTE, MAP_THROWS_WHILE_SENDING,

		/** The handler sends a frame longer than its own encoder allows: its fault, not the peer's. */
		ENCODER_REJECTS_OUTBOUND_FRAME

	}

	private static org.reactivestreams.Publisher<Void> faulty(Fault fault, Connection connection) {
		return switch (fault) {
			case THROWS -> throw new IllegalStateException("handler threw");
			case RETURNS_NULL -> null;
			case RETURNS_ERROR -> Mono.error(new IllegalStateException("handler failed"));
			case ERRORS_AFTER_FIRST_BYTE -> connection.receive().next()
				.then(Mono.error(new IllegalStateException("failed on input")));
			case MAP_THROWS_WHILE_SENDING -> connection.send(connection.receive().map((ByteBuffer buffer) -> {
				throw new IllegalStateException("mapping failed");
			}));
			case ENCODER_REJECTS_OUTBOUND_FRAME -> connection.send(FrameCodec.lengthField(4, 0, 16)
				.encode(connection.receive().map((ByteBuffer buffer) -> ByteBuffer.allocate(64))));
		};
	}

	@ParameterizedTest
	@EnumSource(Fault.class)
	void faultyHandlerClosesItsConnectionOnlyAndIsCounted(Fault fault) throws Exception {
		BlockingQueue<Fault> faults = new LinkedBlockingQueue<>();
		SocketServer server = SocketServer.builder().transport(transport()).address("127.0.0.1").loops(1).handler((connection) -> {
			Fault next = faults.poll();
			return (next != null) ? faulty(next, connection) : connection.send(connection.receive());
		}).start();
		try (Socket healthy = Clients.connect(server.localAddress())) {
			assertEchoes(healthy, (byte) 1);
			for (int i = 1; i <= 3; i++) {
				faults.add(fault);
				try (Socket victim = Clients.connect(server.localAddress())) {
					victim.getOutputStream().write(42);
					assertThat(Clients.drainUntilClosed(victim)).isIn(Ending.EOF, Ending.RESET);
				}
				int failures = i;
				Await.until(Duration.ofSeconds(5),
						() -> server.stats().handlerErrors() == failures
								&& server.stats().connectionsClosed(CloseReason.HANDLER_ERROR) == failures,
						failures + " handler error(s) counted and closed as HANDLER_ERROR");
			}
			assertThat(server.loopGroup().loop(0).isAlive()).isTrue();
			assertEchoes(healthy, (byte) 2);
			byte[] payload = { 9, 8, 7 };
			assertThat(Clients.exchange(server.localAddress(), payload)).isEqualTo(payload);
			assertThat(server.stats().handlerErrors()).isEqualTo(3);
			assertThat(server.stats().framesRejected()).as("frames rejected (none came from the peer)").isZero();
		}
		finally {
			server.stop(Duration.ofSeconds(5));
		}
	}

	@Test
	void answersQueuedBeforeAHandlerFailureStillReachThePeer() throws Exception {
		FrameCodec lines = FrameCodec.line(64);
		SocketServer server = SocketServer.builder().transport(transport()).address("127.0.0.1").loops(1)
			.handler((connection) -> connection.send(lines.encode(lines.decode(connection.receive()).map((line) -> {
				if (StandardCharsets.US_ASCII.decode(line.duplicate()).toString().equals("boom")) {
					throw new IllegalStateException("no answer to boom");
				}
				return line;
			}))))
			.start();
		try (Socket client = Clients.connect(server.localAddress())) {
			client.setSoTimeout(5000);
			// One write: the three answers are queued in the same loop iteration as the failure.
			client.getOutputStream().write("a\nb\nc\nboom\n".getBytes(StandardCharsets.US_ASCII));
			assertThat(new String(client.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
				.isEqualTo("a\nb\nc\n");
			Await.until(Duration.ofSeconds(5),
					() -> server.stats().connectionsClosed(CloseReason.HANDLER_ERROR) == 1
							&& server.stats().handlerErrors() == 1,
					"closed as HANDLER_ERROR and counted");
		}
		finally {
			server.stop(Duration.ofSeconds(5));
		}
	}

	@Test
	void aPeerThatNeverReadsCannotHoldAConnectionClosingForAHandlerFailure() throws Exception {
		ByteBuffer big = ByteBuffer.allocate(16 * 1024 * 1024); // far more than both socket buffers hold
		SocketServer server = SocketServer.builder().transport(transport()).address("127.0.0.1").loops(1)
			.writeTimeout(Duration.ofMillis(300))
			// The answer is queued, then the handler fails while it waits to be written.
			.handler((connection) -> Flux.merge(connection.send(Mono.just(big.duplicate())),
					Mono.delay(Duration.ofMillis(50)).then(Mono.error(new IllegalStateException("late failure"))))
				.then())
			.start();
		try (Socket client = Clients.connect(server.localAddress())) {
			long start = System.nanoTime();
			// Never read: the 16 MiB answer stays queued, so the close waits for the deadline.
			Await.until(Duration.ofSeconds(5), () -> server.stats().connectionsClosed(CloseReason.HANDLER_ERROR) == 1,
					"closed as HANDLER_ERROR although the peer never read");
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
		}
		finally {
			server.stop(Duration.ofSeconds(5));
		}
	}

	private static void assertEchoes(Socket socket, byte value) throws Exception {
		socket.getOutputStream().write(value);
		assertThat(socket.getInputStream().read()).isEqualTo(value);
	}

}
