package dev.sockloop.hardening;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.LongSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import dev.sockloop.codec.FrameCodec;
import dev.sockloop.connection.ConnectionHandler;
import dev.sockloop.server.Await;
import dev.sockloop.server.Clients;
import dev.sockloop.server.Clients.Ending;
import dev.sockloop.server.ProxyProtocol;
import dev.sockloop.server.SocketServer;
import dev.sockloop.stats.CloseReason;
import dev.sockloop.testing.CapturedErr;
import dev.sockloop.transport.Transport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a peer can cause is logged at a bounded rate: a connect and a few bytes must not buy a
 * WARN line. The test logger (slf4j-simple) writes to {@code System.err}, read here.
 */
abstract class PeerCausedWarningTests {

	private static final int PEERS = 100;

	/** The transport every server and client of this suite runs on. */
	abstract Transport transport();

	private CapturedErr captured;

	private SocketServer server;

	@BeforeEach
	void captureErr() {
		this.captured = CapturedErr.start();
	}

	@AfterEach
	void restoreErr() {
		this.captured.close();
		if (this.server != null) {
			this.server.stop(Duration.ofSeconds(5));
		}
	}

	@Test
	void oversizeFramesFromManyPeersCostAtMostAFewWarnings() throws Exception {
		String name = "bad-frames-" + transport().tagValue();
		FrameCodec lines = FrameCodec.line(16);
		startServer(name, (connection) -> connection.send(lines.decode(connection.receive())));
		sendFromManyPeers(new byte[100], () -> this.server.stats().framesRejected());
		assertThat(warnings(name)).as("WARN lines for " + PEERS + " bad frames").isLessThanOrEqualTo(2);
	}

	@Test
	void handlerFailuresOnPeerInputCostAtMostAFewWarningsWithTheirStackTrace() throws Exception {
		String name = "failing-handler-" + transport().tagValue();
		startServer(name, (connection) -> connection.receive().next()
			.then(Mono.error(new IllegalStateException("failed on input"))));
		sendFromManyPeers(new byte[] { 42 }, () -> this.server.stats().handlerErrors());
		assertThat(warnings(name)).as("WARN lines for " + PEERS + " handler failures").isLessThanOrEqualTo(2);
		assertThat(output()).contains("java.lang.IllegalStateException: failed on input").contains("\tat ");
	}

	@Test
	void badProxyProtocolHeadersFromManyPeersCostAtMostAFewWarnings() throws Exception {
		String name = "bad-proxy-headers-" + transport().tagValue();
		this.server = SocketServer.builder().transport(transport()).name(name).address("127.0.0.1").loops(1)
			.proxyProtocol(ProxyProtocol.REQUIRED)
			.handler((connection) -> connection.send(connection.receive()))
			.start();
		sendFromManyPeers("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
				() -> this.server.stats().connectionsClosed(CloseReason.BAD_FRAME));
		assertThat(warnings(name)).as("WARN lines for " + PEERS + " bad PROXY headers").isLessThanOrEqualTo(2);
	}

	private void startServer(String name, ConnectionHandler handler) {
		this.server = SocketServer.builder().transport(transport()).name(name).address("127.0.0.1").loops(1)
			.handler(handler).start();
	}

	private void sendFromManyPeers(byte[] bytes, LongSupplier counted) throws Exception {
		for (int i = 0; i < PEERS; i++) {
			try (Socket peer = Clients.connect(this.server.localAddress())) {
				peer.setSoTimeout(5000);
				peer.getOutputStream().write(bytes);
				assertThat(Clients.drainUntilClosed(peer)).isIn(Ending.EOF, Ending.RESET);
			}
		}
		Await.until(Duration.ofSeconds(5), () -> counted.getAsLong() == PEERS, PEERS + " events counted");
	}

	private String output() {
		return this.captured.text();
	}

	private long warnings(String serverName) {
		return Arrays.stream(output().split("\n"))
			.filter((line) -> line.contains(" WARN ") && line.contains("'" + serverName + "'"))
			.count();
	}

}
