package dev.sockloop.connection;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.sockloop.server.Await;
import dev.sockloop.server.Clients;
import dev.sockloop.server.SocketServer;
import dev.sockloop.stats.CloseReason;
import dev.sockloop.transport.Transport;

import static org.assertj.core.api.Assertions.assertThat;

abstract class ConnectionEndingTests {

	/** The transport every server and client of this suite runs on. */
	abstract Transport transport();

	private SocketServer server;

	@AfterEach
	void stop() {
		if (this.server != null) {
			this.server.stop(Duration.ofSeconds(5));
		}
	}

	private InetSocketAddress address() {
		return new InetSocketAddress("127.0.0.1", this.server.port());
	}

	@Test
	void halfClosedClientStillReceivesTheWholeEchoThenEndOfStream() throws Exception {
		this.server = SocketServer.builder().transport(transport()).address("127.0.0.1").loops(1)
			.handler((connection) -> connection.send(connection.receive())).start();
		byte[] payload = new byte[3 * 1024 * 1024];
		new Random(5).nextBytes(payload);
		try (Socket socket = Clients.connect(address())) {
			// Everything is written and FIN sent before a single byte is read back.
			CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
				try {
					socket.getOutputStream().write(payload);
					socket.shutdownOutput();
				}
				catch (IOException ex) {
					throw new IllegalStateException(ex);
				}
			});
			byte[] echoed = socket.getInputStream().readNBytes(payload.length);
			writing.get(10, TimeUnit.SECONDS);
			assertThat(echoed).isEqualTo(payload);
			assertThat(socket.getInputStream().read()).as("end of stream after the echo").isEqualTo(-1);
		}
		Await.until(Duration.ofSeconds(5),
				() -> this.server.stats().connectionsClosed(CloseReason.PEER_CLOSED) == 1, "closed as PEER_CLOSED");
	}

	@Test
	void handlerMaySendATrailerAfterTheClientsFin() throws Exception {
		CompletableFuture<Boolean> openAfterFin = new CompletableFuture<>();
		this.server = SocketServer.builder().transport(transport()).address("127.0.0.1").loops(1)
			.handler((connection) -> connection.send(connection.receive()
				.concatWith(Mono.fromSupplier(() -> {
					openAfterFin.complete(connection.isOpen());
					return ByteBuffer.wrap("bye".getBytes(StandardCharsets.US_ASCII));
				}))))
			.start();
		byte[] reply = Clients.exchange(address(), "hello ".getBytes(StandardCharsets.US_ASCII));
		assertThat(new String(reply, StandardCharsets.US_ASCII)).isEqualTo("hello bye");
		assertThat(openAfterFin).isCompletedWithValue(true);
	}

	@Test
	void resetMidStreamErrorsTheInboundAndTheServerCarriesOn() throws Exception {
		byte[] chunk = new byte[64 * 1024];
		new Random(6).nextBytes(chunk);
		int chunks = 512; // 32 MiB per connection
		CompletableFuture<Throwable> inboundError = new CompletableFuture<>();
		CompletableFuture<Throwable> sendError = new CompletableFuture<>();
		this.server = SocketServer.builder().transport(transport()).address("127.0.0.1").loops(1).handler((connection) -> {
			Mono<Void> inbound = connection.receive().doOnError(inboundError::complete).onErrorComplete().then();
			Mono<Void> outbound = connection.send(Flux.range(0, chunks).map((i) -> ByteBuffer.wrap(chunk)))
				.doOnError(sendError::complete);
			return Mono.when(inbound, outbound);
		}).start();
		try (Socket victim = Clients.connect(address())) {
			victim.getInputStream().readNBytes(3 * chunk.length);
			victim.setSoLinger(true, 0);
			victim.close();
		}
		assertThat(inboundError.get(5, TimeUnit.SECONDS)).as("inbound error after RST").isInstanceOf(IOException.class);
		assertThat(sendError.get(5, TimeUnit.SECONDS)).as("the unfinished send fails too").isNotNull();
		Await.until(Duration.ofSeconds(5), () -> this.server.stats().connectionsClosed(CloseReason.RESET) >= 1,
				"the connection counted as RESET");
		assertThat(this.server.stats().connectionsActive()).isZero();

		try (Socket next = Clients.connect(address())) {
			InputStream in = next.getInputStream();
			for (int i = 0; i < chunks; i++) {
				assertThat(in.readNBytes(chunk.length)).isEqualTo(chunk);
			}
			next.shutdownOutput();
			assertThat(in.read()).isEqualTo(-1);
		}
		assertThat(this.server.stats().handlerErrors()).as("a reset is not the handler's fault").isZero();
	}

	@Test
	void clientCloseWithoutSendingCompletesTheInbound() throws Exception {
		CompletableFuture<String> ending = new CompletableFuture<>();
		this.server = SocketServer.builder().transport(transport()).address("127.0.0.1").loops(1).handler((connection) -> connection
			.receive()
			.doOnComplete(() -> ending.complete("complete"))
			.doOnError((ex) -> ending.complete("error " + ex))
			.then()).start();
		Clients.connect(address()).close();
		assertThat(ending.get(5, TimeUnit.SECONDS)).isEqualTo("complete");
		Await.until(Duration.ofSeconds(5), () -> this.server.stats().connectionsActive() == 0, "connection closed");
	}

}
