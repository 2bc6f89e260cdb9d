package dev.sockloop.server;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import dev.sockloop.server.Clients.Ending;
import dev.sockloop.stats.CloseReason;
import dev.sockloop.transport.Transport;

import static org.assertj.core.api.Assertions.assertThat;

abstract class IdleTimeoutTests {

	/** The transport every server and client of this suite runs on. */
	abstract Transport transport();

	@Test
	void idleTimeoutClosesASilentConnectionAndLeavesAnActiveOneAlone() throws Exception {
		Duration timeout = Duration.ofMillis(300);
		SocketServer server = SocketServer.builder().transport(transport()).address("127.0.0.1").loops(1).idleTimeout(timeout)
			.handler((connection) -> connection.send(connection.receive())).start();
		ScheduledExecutorService pinger = Executors.newSingleThreadScheduledExecutor();
		try (Socket silent = Clients.connect(server.localAddress());
				Socket active = Clients.connect(server.localAddress())) {
			AtomicInteger pings = new AtomicInteger();
			AtomicReference<Throwable> pingFailure = new AtomicReference<>();
			// Traffic on the active connection every 50 ms, well inside the timeout.
			pinger.scheduleWithFixedDelay(() -> {
				try {
					active.getOutputStream().write(7);
					if (active.getInputStream().read() != 7) {
						throw new IOException("bad echo");
					}
					pings.incrementAndGet();
				}
				catch (Throwable ex) {
					pingFailure.compareAndSet(null, ex);
				}
			}, 0, 50, TimeUnit.MILLISECONDS);

			Await.until(Duration.ofSeconds(5), () -> server.stats().connectionsClosed(CloseReason.TIMEOUT) == 1,
					"the silent connection timed out");
			silent.setSoTimeout(5000);
			assertThat(Clients.drainUntilClosed(silent)).isEqualTo(Ending.EOF);
			int pingsAtTimeout = pings.get();
			// The active one outlives several timeouts.
			Await.until(Duration.ofSeconds(10), () -> pings.get() >= pingsAtTimeout + 30 || pingFailure.get() != null,
					"30 more round trips on the active connection");
			assertThat(pingFailure.get()).isNull();
			assertThat(server.stats().connectionsClosed(CloseReason.TIMEOUT)).isEqualTo(1);
			assertThat(server.stats().connectionsActive()).isEqualTo(1);
		}
		finally {
			pinger.shutdownNow();
			pinger.awaitTermination(5, TimeUnit.SECONDS);
			server.stop(Duration.ofSeconds(2));
		}
	}

	@Test
	void connectionWithPendingOutboundIsNotIdleWhileWritesProgress() throws Exception {
		// A server that only writes (the client never sends) is active as long as bytes leave.
		Duration timeout = Duration.ofMillis(300);
		byte[] chunk = new byte[64 * 1024];
		SocketServer server = SocketServer.builder().transport(transport()).address("127.0.0.1").loops(1).idleTimeout(timeout)
			.handler((connection) -> connection.send(reactor.core.publisher.Flux.range(0, 64)
				.delayElements(Duration.ofMillis(40))
				.map((i) -> java.nio.ByteBuffer.wrap(chunk))))
			.start();
		try (Socket socket = Clients.connect(server.localAddress())) {
			socket.setSoTimeout(10_000);
			byte[] all = socket.getInputStream().readNBytes(64 * chunk.length);
			assertThat(all).hasSize(64 * chunk.length);
			assertThat(socket.getInputStream().read()).isEqualTo(-1);
			assertThat(server.stats().connectionsClosed(CloseReason.TIMEOUT)).isZero();
		}
		finally {
			server.stop(Duration.ofSeconds(2));
		}
	}

}
