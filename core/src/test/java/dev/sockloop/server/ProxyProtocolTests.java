package dev.sockloop.server;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sockloop.connection.ConnectionHandler;
import dev.sockloop.server.Clients.Ending;
import dev.sockloop.stats.CloseReason;
import dev.sockloop.testing.ProxyHeaders;
import dev.sockloop.testing.TestCertificates;
import dev.sockloop.tls.ClientAuth;
import dev.sockloop.tls.TlsEngineFactory;
import dev.sockloop.transport.Transport;

import static dev.sockloop.testing.ProxyHeaders.concat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The PROXY protocol through real sockets: the handler sees the client's address from the header
 * and only the bytes after it; a missing, malformed, oversized or trickling header closes the
 * connection before any handler runs.
 */
abstract class ProxyProtocolTests {

	private static final byte[] HELLO = "hello\n".getBytes(StandardCharsets.US_ASCII);

	private static final InetSocketAddress CLIENT = new InetSocketAddress("192.0.2.7", 56324);

	@TempDir
	static Path certificateDirectory;

	private static TestCertificates certificates;

	/** The remote address each handler call saw. */
	private final List<SocketAddress> seen = new CopyOnWriteArrayList<>();

	private final ConnectionHandler recordingEcho = (connection) -> {
		this.seen.add(connection.remoteAddress());
		return connection.send(connection.receive());
	};

	private SocketServer server;

	/** The transport every server of this suite runs on. */
	abstract Transport transport();

	@BeforeAll
	static void generateCertificates() throws Exception {
		certificates = TestCertificates.generate(certificateDirectory);
	}

	@AfterEach
	void stopServer() {
		if (this.server != null) {
			this.server.stop(Duration.ofSeconds(5));
		}
	}

	@Test
	void aV1HeaderGivesTheHandlerTheClientsAddressAndOnlyTheBytesAfterIt() throws Exception {
		this.server = start(ProxyProtocol.REQUIRED, Duration.ofSeconds(5));
		byte[] header = ProxyHeaders.v1("TCP4 192.0.2.7 198.51.100.1 56324 443");
		assertThat(Clients.exchange(this.server.localAddress(), concat(header, HELLO))).isEqualTo(HELLO);
		assertThat(this.seen).containsExactly(CLIENT);
		assertThat(this.server.stats().bytesReceived()).isEqualTo(header.length + HELLO.length);
	}

	@Test
	void aV2HeaderWrittenAByteAtATimeWithTlvsIsReadWholeBeforeTheHandlerRuns() throws Exception {
		this.server = start(ProxyProtocol.REQUIRED, Duration.ofSeconds(5));
		InetSocketAddress client = new InetSocketAddress("2001:db8::7", 40000);
		byte[] header = ProxyHeaders.v2(client, new InetSocketAddress("2001:db8::1", 7000),
				ProxyHeaders.tlv(0x05, new byte[32]));
		try (Socket socket = Clients.connect(this.server.localAddress())) {
			socket.setTcpNoDelay(true);
			OutputStream out = socket.getOutputStream();
			for (int i = 0; i < header.length - 1; i++) {
				out.write(header[i]);
				out.flush();
			}
			Await.until(Duration.ofSeconds(5), () -> this.server.stats().bytesReceived() == header.length - 1,
					"all but the last byte of the header arrive");
			assertThat(this.seen).isEmpty();
			out.write(header[header.length - 1]);
			out.write(HELLO);
			assertThat(socket.getInputStream().readNBytes(HELLO.length)).isEqualTo(HELLO);
		}
		assertThat(this.seen).containsExactly(client);
	}

	@Test
	void aV2LocalHeaderKeepsTheSocketsOwnPeerAddress() throws Exception {
		this.server = start(ProxyProtocol.REQUIRED, Duration.ofSeconds(5));
		byte[] local = ProxyHeaders.v2(0x20, 0x00, new byte[0]);
		assertThat(Clients.exchange(this.server.localAddress(), concat(local, HELLO))).isEqualTo(HELLO);
		assertThat(this.seen).hasSize(1);
		assertThat(((InetSocketAddress) this.seen.get(0)).getAddress().isLoopbackAddress()).isTrue();
	}

	@Test
	void aRequiredHeaderThatIsMissingClosesTheConnectionAsABadFrameBeforeAnyHandlerRuns() throws Exception {
		this.server = start(ProxyProtocol.REQUIRED, Duration.ofSeconds(30));
		byte[] get = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
		assertThat(Clients.exchange(this.server.localAddress(), get)).isEmpty();
		Await.until(Duration.ofSeconds(5), () -> this.server.stats().connectionsClosed(CloseReason.BAD_FRAME) == 1,
				"the connection is closed as a bad frame");
		assertThat(this.seen).isEmpty();
	}

	@Test
	void garbageAfterASignatureClosesTheConnectionAsABadFrame() throws Exception {
		this.server = start(ProxyProtocol.REQUIRED, Duration.ofSeconds(30));
		byte[][] garbage = { ProxyHeaders.v1("TCP4 999.0.0.1 1.2.3.4 1 2"), ProxyHeaders.v2(0x29, 0x11, new byte[12]),
				concat("PROXY ".getBytes(StandardCharsets.US_ASCII), new byte[] { 0, 1, 2, (byte) 0xFF }) };
		for (byte[] bytes : garbage) {
			try (Socket socket = Clients.connect(this.server.localAddress())) {
				socket.getOutputStream().write(bytes);
				assertThat(Clients.drainUntilClosed(socket)).isIn(Ending.EOF, Ending.RESET);
			}
		}
		Await.until(Duration.ofSeconds(5), () -> this.server.stats().connectionsClosed(CloseReason.BAD_FRAME) == 3,
				"three connections are closed as bad frames");
		assertThat(this.seen).isEmpty();
	}

	@Test
	void anOversizedHeaderIsClosedAsSoonAsItsSizeIsKnownNotAtTheTimeout() throws Exception {
		this.server = start(ProxyProtocol.REQUIRED, Duration.ofSeconds(60));
		byte[] v2Huge = ProxyHeaders.v2(0x21, 0x11, 65535, new byte[100]);
		byte[] v1Endless = ("PROXY TCP4 " + "1".repeat(200)).getBytes(StandardCharsets.US_ASCII);
		for (byte[] bytes : new byte[][] { v2Huge, v1Endless }) {
			try (Socket socket = Clients.connect(this.server.localAddress())) {
				socket.getOutputStream().write(bytes);
				// The 20 s read timeout of the client would fail this long before the 60 s header timeout.
				assertThat(Clients.drainUntilClosed(socket)).isIn(Ending.EOF, Ending.RESET);
			}
		}
		Await.until(Duration.ofSeconds(5), () -> this.server.stats().connectionsClosed(CloseReason.BAD_FRAME) == 2,
				"both connections are closed as bad frames");
		assertThat(this.server.stats().connectionsClosed(CloseReason.TIMEOUT)).isZero();
		assertThat(this.seen).isEmpty();
	}

	@Test
	void aHeaderTricklingInAByteAtATimeIsClosedAtTheHeaderTimeout() throws Exception {
		Duration timeout = Duration.ofMillis(300);
		this.server = start(ProxyProtocol.REQUIRED, timeout);
		byte[] header = ProxyHeaders.v2(0x21, 0x11, 4096, new byte[4096]);
		long start = System.nanoTime();
		try (Socket socket = Clients.connect(this.server.localAddress())) {
			OutputStream out = socket.getOutputStream();
			// Slowloris: one byte every 20 ms would keep a per-read timeout happy for 82 s.
			int written = 0;
			try {
				while (this.server.stats().connectionsClosed(CloseReason.TIMEOUT) == 0 && written < header.length) {
					out.write(header[written++]);
					out.flush();
					Thread.sleep(20); // the attacker's pace, not synchronisation
				}
				assertThat(Clients.drainUntilClosed(socket)).isIn(Ending.EOF, Ending.RESET);
			}
			catch (IOException ex) {
				assertThat(Clients.isReset(ex)).as(ex.toString()).isTrue();
			}
			long closedAfterMillis = (System.nanoTime() - start) / 1_000_000;
			System.out.println(transport() + ": trickling header closed after " + closedAfterMillis + " ms, "
					+ written + " bytes sent");
			assertThat(written).isLessThan(header.length);
		}
		Await.until(Duration.ofSeconds(5), () -> this.server.stats().connectionsClosed(CloseReason.TIMEOUT) == 1,
				"the connection is closed for its timeout");
		assertThat(this.seen).isEmpty();
	}

	@Test
	void anOptionalHeaderIsUsedWhenPresentAndADirectClientPassesThrough() throws Exception {
		this.server = start(ProxyProtocol.OPTIONAL, Duration.ofSeconds(5));
		assertThat(Clients.exchange(this.server.localAddress(), HELLO)).isEqualTo(HELLO);
		byte[] header = ProxyHeaders.v1("TCP4 192.0.2.7 198.51.100.1 56324 443");
		assertThat(Clients.exchange(this.server.localAddress(), concat(header, HELLO))).isEqualTo(HELLO);
		assertThat(this.seen).hasSize(2);
		assertThat(((InetSocketAddress) this.seen.get(0)).getAddress().isLoopbackAddress()).isTrue();
		assertThat(this.seen.get(1)).isEqualTo(CLIENT);
	}

	@Test
	void anOptionalHeaderLetsAClientThatSendsNothingReachTheHandlerAtTheHeaderTimeout() throws Exception {
		this.server = SocketServer.builder().transport(transport()).address("127.0.0.1").loops(1)
			.proxyProtocol(ProxyProtocol.OPTIONAL).proxyHeaderTimeout(Duration.ofMillis(200))
			.handler((connection) -> connection.send(reactor.core.publisher.Mono
				.just(java.nio.ByteBuffer.wrap("welcome\n".getBytes(StandardCharsets.US_ASCII)))))
			.start();
		try (Socket socket = Clients.connect(this.server.localAddress())) {
			assertThat(socket.getInputStream().readNBytes(8)).isEqualTo("welcome\n".getBytes(StandardCharsets.US_ASCII));
		}
	}

	@Test
	void theHeaderIsReadBeforeTheTlsHandshake() throws Exception {
		this.server = SocketServer.builder().transport(transport()).address("127.0.0.1").loops(1)
			.proxyProtocol(ProxyProtocol.REQUIRED)
			.tls(TlsEngineFactory.of(certificates.serverContext(), ClientAuth.NONE))
			.handler(this.recordingEcho)
			.start();
		try (Socket plain = Clients.connect(this.server.localAddress())) {
			plain.getOutputStream().write(ProxyHeaders.v1("TCP4 192.0.2.7 198.51.100.1 56324 443"));
			try (SSLSocket tls = (SSLSocket) certificates.clientContext(false).getSocketFactory()
				.createSocket(plain, "localhost", this.server.port(), true)) {
				tls.getOutputStream().write(HELLO);
				assertThat(tls.getInputStream().readNBytes(HELLO.length)).isEqualTo(HELLO);
			}
		}
		assertThat(this.seen).containsExactly(CLIENT);
	}

	@Test
	void aStopDoesNotWaitForAConnectionThatHasNotSentItsHeader() throws Exception {
		this.server = start(ProxyProtocol.REQUIRED, Duration.ZERO);
		try (Socket socket = Clients.connect(this.server.localAddress())) {
			socket.getOutputStream().write("PROXY TCP4 ".getBytes(StandardCharsets.US_ASCII));
			Await.until(Duration.ofSeconds(5), () -> this.server.stats().bytesReceived() == 11, "the bytes arrive");
			assertThat(this.server.stop(Duration.ofSeconds(30))).isTrue();
			assertThat(this.server.stats().connectionsClosed(CloseReason.SHUTDOWN)).isEqualTo(1);
		}
		assertThat(this.seen).isEmpty();
	}

	private SocketServer start(ProxyProtocol mode, Duration headerTimeout) {
		return SocketServer.builder().transport(transport()).address("127.0.0.1").loops(1).proxyProtocol(mode)
			.proxyHeaderTimeout(headerTimeout).handler(this.recordingEcho).start();
	}

}
