package dev.sockloop.hardening;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.sockloop.server.Await;
import dev.sockloop.server.SocketServer;
import dev.sockloop.stats.CloseReason;
import dev.sockloop.transport.Transport;

import static org.assertj.core.api.Assertions.assertThat;

abstract class TimeoutTests {

	/** The transport every server and client of this suite runs on. */
	abstract Transport transport();

	private SocketServer server;

	@AfterEach
	void stop() {
		if (this.server != null) {
			this.server.stop(Duration.ofSeconds(5));
		}
	}

	@Test
	void readTimeoutClosesAClientThatStopsSendingButNotOneThatKeepsSending() throws Exception {
		this.server = SocketServer.builder().transport(transport()).address("127.0.0.1").port(0).loops(1).readTimeout(Duration.ofMillis(300))
				.handler((connection) -> connection.send(connection.receive())).start();
		try (Socket silent = connect(); Socket chatty = connect()) {
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
			boolean silentClosed = false;
			while (!silentClosed && System.nanoTime() < deadline) {
				// The chatty client sends every 50 ms: always within the read timeout.
				chatty.getOutputStream().write(7);
				assertThat(chatty.getInputStream().read()).isEqualTo(7);
				silent.setSoTimeout(50);
				silentClosed = readsEndOfStream(silent);
			}
			assertThat(silentClosed).as("silent client closed by the read timeout").isTrue();
			chatty.getOutputStream().write(8);
			assertThat(chatty.getInputStream().read()).as("chatty client still served").isEqualTo(8);
		}
		assertThat(this.server.stats().connectionsClosed(CloseReason.TIMEOUT)).isEqualTo(1);
	}

	@Test
	void writeTimeoutClosesAClientThatStopsReading() throws Exception {
		// The handler writes without end; the client never reads, so queued bytes stop moving.
		byte[] chunk = new byte[64 * 1024];
		this.server = SocketServer.builder().transport(transport()).address("127.0.0.1").port(0).loops(1).writeTimeout(Duration.ofMillis(300))
				.handler((connection) -> connection.send(Flux.<ByteBuffer>generate(
						(sink) -> sink.next(ByteBuffer.wrap(chunk)))))
				.start();
		try (Socket client = new Socket()) {
			client.setReceiveBufferSize(16 * 1024);
			client.connect(new InetSocketAddress("127.0.0.1", this.server.port()), 5000);
			awaitClosedReason(CloseReason.TIMEOUT, 1);
		}
	}

	@Test
	void idleTimeoutDoesNotCloseAConnectionThatIsWrittenTo() throws Exception {
		// The server writes a byte every 50 ms and never reads: active one way is not idle.
		this.server = SocketServer.builder().transport(transport()).address("127.0.0.1").port(0).loops(1).idleTimeout(Duration.ofMillis(300))
				.handler((connection) -> connection.send(Flux.interval(Duration.ofMillis(50))
						.map((tick) -> ByteBuffer.wrap(new byte[] { 1 })).take(20)))
				.start();
		try (Socket client = connect()) {
			byte[] received = new byte[20];
			new DataInputStream(client.getInputStream()).readFully(received);
			assertThat(this.server.stats().connectionsClosed(CloseReason.TIMEOUT)).isZero();
		}
	}

	@Test
	void idleTimeoutClosesAConnectionWithNoTrafficEitherWay() throws Exception {
		this.server = SocketServer.builder().transport(transport()).address("127.0.0.1").port(0).loops(1).idleTimeout(Duration.ofMillis(200))
				.handler((connection) -> Mono.never()).start();
		try (Socket client = connect()) {
			client.setSoTimeout(5000);
			assertThat(client.getInputStream().read()).isEqualTo(-1);
		}
		awaitClosedReason(CloseReason.TIMEOUT, 1);
	}

	private Socket connect() throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress("127.0.0.1", this.server.port()), 5000);
		socket.setSoTimeout(5000);
		return socket;
	}

	private static boolean readsEndOfStream(Socket socket) throws IOException {
		try {
			InputStream in = socket.getInputStream();
			return in.read() == -1;
		}
		catch (java.net.SocketTimeoutException ex) {
			return false;
		}
	}

	private void awaitClosedReason(CloseReason reason, long count) {
		Await.until(Duration.ofSeconds(5), () -> this.server.stats().connectionsClosed(reason) >= count,
				"at least " + count + " connection(s) closed for " + reason);
	}

}
