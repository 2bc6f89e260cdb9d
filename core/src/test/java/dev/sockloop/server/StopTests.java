package dev.sockloop.server;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Sinks;

import dev.sockloop.internal.loop.EventLoop;
import dev.sockloop.server.Clients.Ending;
import dev.sockloop.stats.CloseReason;
import dev.sockloop.stats.WakeupCause;
import dev.sockloop.transport.Transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

abstract class StopTests {

	/** The transport every server and client of this suite runs on. */
	abstract Transport transport();

	@Test
	void stopWithIdleAndMidStreamConnectionsClosesEverythingWithinTheTimeout() throws Exception {
		SocketServer server = SocketServer.builder().transport(transport()).name("stopping").address("127.0.0.1").loops(2)
			.handler((connection) -> connection.send(connection.receive())).start();
		List<Socket> idle = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			idle.add(Clients.connect(server.localAddress()));
		}
		// Mid-stream: sending until the server stops reading, none of the echo read, so the server's
		// writes are blocked and cannot flush.
		FloodingClient stuck = new FloodingClient(server.localAddress(), 1L << 30);
		Await.until(Duration.ofSeconds(20), () -> stuck.stalledFor(Duration.ofSeconds(1)),
				"the server stopped reading from the non-reading client");
		Socket halfway = Clients.connect(server.localAddress());
		halfway.getOutputStream().write(new byte[1000]);
		assertThat(halfway.getInputStream().readNBytes(1000)).hasSize(1000);
		Await.until(Duration.ofSeconds(5), () -> server.stats().connectionsActive() == 8, "8 connections open");

		long start = System.nanoTime();
		boolean graceful = server.stop(Duration.ofSeconds(2));
		Duration took = Duration.ofNanos(System.nanoTime() - start);

		assertThat(took).as("time stop took").isLessThan(Duration.ofSeconds(5));
		assertThat(graceful).as("graceful, although one connection could not flush").isFalse();
		assertThat(server.isRunning()).isFalse();
		assertThat(server.loopGroup().isRunning()).as("own loop group closed").isFalse();
		assertThat(server.loopGroup().loops()).noneMatch((loop) -> loop.isAlive());
		for (Socket socket : idle) {
			socket.setSoTimeout(5000);
			assertThat(Clients.drainUntilClosed(socket)).isEqualTo(Ending.EOF);
			socket.close();
		}
		halfway.setSoTimeout(5000);
		assertThat(Clients.drainUntilClosed(halfway)).isEqualTo(Ending.EOF);
		halfway.close();
		assertThat(stuck.stopSendingAndDrain()).isIn(Ending.EOF, Ending.RESET);
		stuck.close();
		assertThat(server.stats().connectionsActive()).isZero();
		assertThat(server.stats().connectionsClosed(CloseReason.SHUTDOWN)).as("forced closes").isEqualTo(1);
		assertThatThrownBy(() -> Clients.connect(server.localAddress())).isInstanceOf(IOException.class);
	}

	@Test
	void loopSleepsWhileAHandlerThatOutlivesItsInboundKeepsAStopWaiting() throws Exception {
		CountDownLatch inboundEnded = new CountDownLatch(1);
		Sinks.Empty<Void> release = Sinks.empty();
		SocketServer server = SocketServer.builder().transport(transport()).name("outlived").address("127.0.0.1").loops(1)
			.handler((connection) -> connection.receive().doOnComplete(inboundEnded::countDown).then(release.asMono()))
			.start();
		EventLoop loop = server.loopGroup().loops().get(0);
		try (Socket client = Clients.connect(server.localAddress())) {
			client.getOutputStream().write(new byte[100]);
			Await.until(Duration.ofSeconds(5), () -> server.stats().bytesReceived() == 100, "the first bytes read");
			CompletableFuture<Boolean> stopping = CompletableFuture.supplyAsync(() -> server.stop(Duration.ofSeconds(10)));
			assertThat(inboundEnded.await(5, TimeUnit.SECONDS)).as("the stop ended the inbound").isTrue();
			// The peer keeps sending: bytes nobody will read wait in the socket's receive buffer.
			client.getOutputStream().write(new byte[100]);
			long before = loop.stats().wakeups(WakeupCause.IO);
			// A measurement window, not a synchronisation: the handler is still running throughout.
			Thread.sleep(500);
			long wakeups = loop.stats().wakeups(WakeupCause.IO) - before;
			assertThat(stopping).as("stop waits for the handler").isNotDone();
			release.tryEmitEmpty();
			assertThat(stopping.get(5, TimeUnit.SECONDS)).as("graceful").isTrue();
			assertThat(wakeups).as("I/O wake-ups in 500 ms of stop").isLessThan(20);
		}
	}

	@Test
	void stopWithOnlyIdleConnectionsIsGracefulAndPrompt() throws Exception {
		SocketServer server = SocketServer.builder().transport(transport()).address("127.0.0.1").loops(2)
			.handler((connection) -> connection.send(connection.receive())).start();
		List<Socket> clients = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			clients.add(Clients.connect(server.localAddress()));
		}
		Await.until(Duration.ofSeconds(5), () -> server.stats().connectionsActive() == 10, "10 connections open");
		long start = System.nanoTime();
		assertThat(server.stop(Duration.ofSeconds(10))).isTrue();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
		for (Socket socket : clients) {
			assertThat(Clients.drainUntilClosed(socket)).isEqualTo(Ending.EOF);
			socket.close();
		}
		assertThat(server.stop(Duration.ofSeconds(1))).as("stopping twice").isTrue();
	}

	@Test
	void stopLeavesASharedGroupRunningForOtherServers() throws Exception {
		try (dev.sockloop.transport.EventLoopGroup group = new dev.sockloop.transport.EventLoopGroup(2, "shared-")) {
			SocketServer first = SocketServer.builder().transport(transport()).name("first").address("127.0.0.1").loopGroup(group)
				.handler((connection) -> connection.send(connection.receive())).start();
			SocketServer second = SocketServer.builder().transport(transport()).name("second").address("127.0.0.1").loopGroup(group)
				.handler((connection) -> connection.send(connection.receive())).start();
			Socket open = Clients.connect(second.localAddress());
			assertThat(first.stop(Duration.ofSeconds(2))).isTrue();
			assertThat(group.isRunning()).isTrue();
			open.getOutputStream().write(new byte[] { 1, 2, 3 });
			assertThat(open.getInputStream().readNBytes(3)).containsExactly(1, 2, 3);
			byte[] payload = new byte[100_000];
			new Random(2).nextBytes(payload);
			assertThat(Clients.exchange(second.localAddress(), payload)).isEqualTo(payload);
			open.close();
			second.stop(Duration.ofSeconds(2));
		}
	}

	@Test
	void stopOnAnInterruptedThreadStillClosesEverythingAndKeepsTheInterrupt() throws Exception {
		SocketServer server = SocketServer.builder().transport(transport()).name("interrupted-stop").address("127.0.0.1")
			.loops(2).handler((connection) -> connection.send(connection.receive())).start();
		Socket open = Clients.connect(server.localAddress());
		Await.until(Duration.ofSeconds(5), () -> server.stats().connectionsActive() == 1, "the connection is open");
		Thread.currentThread().interrupt();
		boolean interruptKept;
		try {
			server.stop(Duration.ofSeconds(5));
		}
		finally {
			interruptKept = Thread.interrupted();
		}
		assertThat(interruptKept).as("the caller's interrupt is kept").isTrue();
		assertThat(server.loopGroup().loops()).as("loop threads ended").noneMatch((loop) -> loop.thread().isAlive());
		open.setSoTimeout(5000);
		assertThat(Clients.drainUntilClosed(open)).isEqualTo(Ending.EOF);
		open.close();
	}

}
