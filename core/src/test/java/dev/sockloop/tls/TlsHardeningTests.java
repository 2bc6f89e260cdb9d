package dev.sockloop.tls;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sockloop.connection.ConnectionHandler;
import dev.sockloop.internal.tls.TlsConnection;
import dev.sockloop.server.Await;
import dev.sockloop.server.SocketServer;
import dev.sockloop.stats.CloseReason;
import dev.sockloop.testing.TestCertificates;
import dev.sockloop.transport.Transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a hostile or broken TLS peer can cost the server: time (a handshake that never completes),
 * memory (records the peer provokes but never reads), private-key operations (renegotiation), log
 * lines (garbage instead of a handshake), and what it is offered (obsolete cipher suites).
 */
abstract class TlsHardeningTests {

	private static final ConnectionHandler ECHO = (connection) -> connection.send(connection.receive());

	private static final Duration SHORT_HANDSHAKE_TIMEOUT = Duration.ofMillis(500);

	private static final String CBC_SUITE = "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256";

	@TempDir
	static Path certificateDirectory;

	private static TestCertificates certificates;

	private SocketServer server;

	private TlsHandler tls;

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
	void aClientThatSendsNothingIsClosedAtTheHandshakeTimeout() throws Exception {
		start(TlsEngineFactory.of(certificates.serverContext(), ClientAuth.NONE), SHORT_HANDSHAKE_TIMEOUT);
		try (Socket client = plainConnect()) {
			assertClosedByTheServerWithin(client, Duration.ofSeconds(5));
		}
		await(() -> this.server.stats().connectionsClosed(CloseReason.TIMEOUT) == 1);
		assertThat(this.tls.stats().handshakeTimeouts()).isEqualTo(1);
		assertThat(this.tls.stats().handshakeFailures()).isZero();
	}

	@Test
	void aClientThatSendsHalfAClientHelloIsClosedAtTheHandshakeTimeout() throws Exception {
		start(TlsEngineFactory.of(certificates.serverContext(), ClientAuth.NONE), SHORT_HANDSHAKE_TIMEOUT);
		byte[] clientHello = clientHello();
		try (Socket client = plainConnect()) {
			client.getOutputStream().write(clientHello, 0, clientHello.length / 2);
			assertClosedByTheServerWithin(client, Duration.ofSeconds(5));
		}
		await(() -> this.server.stats().connectionsClosed(CloseReason.TIMEOUT) == 1);
		assertThat(this.tls.stats().handshakeTimeouts()).isEqualTo(1);
	}

	@Test
	void aCompletedHandshakeIsNotClosedAtTheHandshakeTimeout() throws Exception {
		start(TlsEngineFactory.of(certificates.serverContext(), ClientAuth.NONE), SHORT_HANDSHAKE_TIMEOUT);
		try (SSLSocket client = tlsConnect(certificates.clientContext(false), "TLSv1.3")) {
			echo(client, "before");
			// Outlive the timeout by a wide margin: a timer left armed would close the connection.
			long deadline = System.nanoTime() + 3 * SHORT_HANDSHAKE_TIMEOUT.toNanos();
			Await.until(Duration.ofSeconds(5), () -> System.nanoTime() > deadline, "three timeouts have passed");
			echo(client, "after");
		}
		assertThat(this.tls.stats().handshakeTimeouts()).isZero();
	}

	@Test
	void aKeyUpdateFloodFromAClientThatNeverReadsQueuesBoundedRecords() throws Exception {
		start(TlsEngineFactory.of(certificates.serverContext(), ClientAuth.NONE), TlsHandler.DEFAULT_HANDSHAKE_TIMEOUT);
		SSLSocket client = (SSLSocket) certificates.clientContext(false).getSocketFactory().createSocket();
		try (client) {
			// The server's answers pile up at the server, not in the client's buffers; the client's
			// KeyUpdates all fit in its own send buffer even once the server stops reading.
			client.setReceiveBufferSize(16 * 1024);
			client.setSendBufferSize(4 * 1024 * 1024);
			client.connect(new InetSocketAddress("127.0.0.1", this.server.port()), 5000);
			client.setSoTimeout(10_000);
			client.setEnabledProtocols(new String[] { "TLSv1.3" });
			echo(client, "start");
			// On TLS 1.3 each startHandshake() sends a KeyUpdate asking for one back, and does not read.
			for (int i = 0; i < 10_000; i++) {
				client.startHandshake();
			}
			// Reading the echo drains every answer queued before it: the peak below covers the whole flood.
			echo(client, "end");
		}
		long peak = this.tls.stats().recordQueuePeak();
		System.out.println(transport() + ": record queue peak during a KeyUpdate flood: " + peak + " B");
		assertThat(peak).isLessThanOrEqualTo(TlsConnection.RECORD_QUEUE_LIMIT + 1024);
	}

	@Test
	void clientInitiatedRenegotiationIsRefused() throws Exception {
		start(TlsEngineFactory.of(certificates.serverContext(), ClientAuth.NONE), TlsHandler.DEFAULT_HANDSHAKE_TIMEOUT);
		try (SSLSocket client = tlsConnect(certificates.clientContext(false), "TLSv1.2")) {
			echo(client, "first");
			// On TLS 1.2 a second startHandshake() sends a new ClientHello.
			client.startHandshake();
			assertThatThrownBy(() -> echo(client, "second")).isInstanceOf(IOException.class)
				.isNotInstanceOf(SocketTimeoutException.class);
		}
		await(() -> this.server.stats().connectionsClosed(CloseReason.BAD_FRAME) == 1);
		assertThat(this.tls.stats().renegotiationsRefused()).isEqualTo(1);
		assertThat(this.server.stats().handlerErrors()).isZero();
	}

	@Test
	void aClientOfferingOnlyACbcSuiteFailsTheHandshakeByDefault() throws Exception {
		start(TlsEngineFactory.of(certificates.serverContext(), ClientAuth.NONE), TlsHandler.DEFAULT_HANDSHAKE_TIMEOUT);
		try (SSLSocket client = tlsConnect(certificates.clientContext(false), "TLSv1.2")) {
			client.setEnabledCipherSuites(new String[] { CBC_SUITE });
			assertThatThrownBy(client::startHandshake).isInstanceOf(SSLException.class);
		}
		await(() -> this.tls.stats().handshakeFailures() == 1);
		try (SSLSocket client = tlsConnect(certificates.clientContext(false), "TLSv1.2")) {
			echo(client, "aead");
			assertThat(client.getSession().getCipherSuite()).containsAnyOf("_GCM_", "_CHACHA20_");
		}
	}

	@Test
	void anExplicitCbcSuiteIsHonoured() throws Exception {
		start(TlsEngineFactory.of(certificates.serverContext(), ClientAuth.NONE, List.of(), List.of(CBC_SUITE)),
				TlsHandler.DEFAULT_HANDSHAKE_TIMEOUT);
		try (SSLSocket client = tlsConnect(certificates.clientContext(false), "TLSv1.2")) {
			client.setEnabledCipherSuites(new String[] { CBC_SUITE });
			echo(client, "cbc");
			assertThat(client.getSession().getCipherSuite()).isEqualTo(CBC_SUITE);
		}
	}

	@Test
	void garbageFromFiftyPeersCostsAtMostTwoWarnings() throws Exception {
		start(TlsEngineFactory.of(certificates.serverContext(), ClientAuth.NONE), TlsHandler.DEFAULT_HANDSHAKE_TIMEOUT);
		PrintStream originalErr = System.err;
		ByteArrayOutputStream captured = new ByteArrayOutputStream();
		System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
		try {
			for (int i = 0; i < 50; i++) {
				try (Socket client = plainConnect()) {
					client.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
					client.getInputStream().readAllBytes();
				}
			}
			await(() -> this.tls.stats().handshakeFailures() == 50);
		}
		finally {
			System.setErr(originalErr);
		}
		long warnings = captured.toString(StandardCharsets.UTF_8)
			.lines()
			.filter((line) -> line.contains("WARN") && line.contains("TLS handshake failed"))
			.count();
		System.out.println(transport() + ": WARN lines for 50 garbage handshakes: " + warnings);
		assertThat(warnings).isBetween(1L, 2L);
	}

	private void start(TlsEngineFactory engines, Duration handshakeTimeout) {
		this.tls = new TlsHandler("tlshard", engines, handshakeTimeout, ECHO);
		this.server = SocketServer.builder()
			.transport(transport())
			.name("tlshard")
			.address("127.0.0.1")
			.port(0)
			.loops(1)
			.handler(this.tls)
			.start();
	}

	private Socket plainConnect() throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress("127.0.0.1", this.server.port()), 5000);
		socket.setSoTimeout(10_000);
		return socket;
	}

	private SSLSocket tlsConnect(SSLContext context, String protocol) throws IOException {
		SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket();
		socket.connect(new InetSocketAddress("127.0.0.1", this.server.port()), 5000);
		socket.setSoTimeout(10_000);
		socket.setEnabledProtocols(new String[] { protocol });
		return socket;
	}

	/** Waits for the server to close {@code client}, failing if it has not by {@code limit}. */
	private static void assertClosedByTheServerWithin(Socket client, Duration limit) throws IOException {
		client.setSoTimeout((int) limit.toMillis());
		long start = System.nanoTime();
		try {
			assertThat(client.getInputStream().read()).isEqualTo(-1);
		}
		catch (SocketTimeoutException ex) {
			throw new AssertionError("still connected " + limit.toMillis() + " ms after connecting");
		}
		catch (IOException ex) {
			// A reset is a close too.
		}
		System.out.println("closed by the server after " + Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms");
	}

	private static void echo(SSLSocket client, String text) throws IOException {
		byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
		client.getOutputStream().write(bytes);
		client.getOutputStream().flush();
		byte[] echoed = new byte[bytes.length];
		new DataInputStream(client.getInputStream()).readFully(echoed);
		assertThat(echoed).isEqualTo(bytes);
	}

	/** The first flight of a real TLS client. */
	private static byte[] clientHello() throws Exception {
		SSLEngine engine = certificates.clientContext(false).createSSLEngine("localhost", 443);
		engine.setUseClientMode(true);
		engine.beginHandshake();
		ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
		engine.wrap(ByteBuffer.allocate(0), out);
		out.flip();
		return Arrays.copyOfRange(out.array(), 0, out.limit());
	}

	private static void await(BooleanSupplier condition) {
		Await.until(Duration.ofSeconds(10), condition, "the condition holds");
	}

}
