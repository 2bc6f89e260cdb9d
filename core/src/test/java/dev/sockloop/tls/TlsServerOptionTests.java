package dev.sockloop.tls;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sockloop.connection.ConnectionHandler;
import dev.sockloop.server.Await;
import dev.sockloop.server.SocketServer;
import dev.sockloop.server.SocketServerBuilder;
import dev.sockloop.testing.TestCertificates;
import dev.sockloop.transport.Transport;
import dev.sockloop.wirelog.WireLogFormat;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * TLS as an option of the server builder: the server wraps its handler itself and exposes the
 * counters as {@link SocketServer#tlsStats()}, with no {@link TlsHandler} in the caller's hands.
 */
abstract class TlsServerOptionTests {

	private static final ConnectionHandler ECHO = (connection) -> connection.send(connection.receive());

	@TempDir
	static Path certificateDirectory;

	private static TestCertificates certificates;

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
	void aServerBuiltWithTheTlsOptionEchoesOverTlsAndCountsItsHandshakes() throws Exception {
		this.server = builder().tls(TlsEngineFactory.of(certificates.serverContext(), ClientAuth.NONE)).start();
		for (int i = 0; i < 2; i++) {
			try (SSLSocket client = tlsConnect()) {
				assertThat(echo(client, "hello")).isEqualTo("hello");
			}
		}
		assertThat(this.server.tlsStats()).isPresent();
		TlsStats stats = this.server.tlsStats().get();
		assertThat(stats.serverName()).isEqualTo("tlsoption");
		Await.until(Duration.ofSeconds(10), () -> stats.handshakesCompleted() == 2, "two handshakes are counted");
		assertThat(stats.handshakeFailures()).isZero();
	}

	@Test
	void theHandshakeTimeoutGivenToTheBuilderClosesAClientThatSendsNothing() throws Exception {
		this.server = builder()
			.tls(TlsEngineFactory.of(certificates.serverContext(), ClientAuth.NONE), Duration.ofMillis(200))
			.start();
		try (Socket client = new Socket()) {
			client.connect(new InetSocketAddress("127.0.0.1", this.server.port()), 5000);
			client.setSoTimeout(5000);
			assertThat(client.getInputStream().read()).isEqualTo(-1);
		}
		Await.until(Duration.ofSeconds(10), () -> this.server.tlsStats().get().handshakeTimeouts() == 1,
				"the timeout is counted");
	}

	@Test
	void aServerWithoutTheTlsOptionHasNoTlsStats() {
		this.server = builder().start();
		assertThat(this.server.tlsStats()).isEmpty();
	}

	@Test
	void theWireLogOfATlsServerShowsTheRecordsOnTheSocketNotThePlaintext() throws Exception {
		PrintStream originalErr = System.err;
		ByteArrayOutputStream captured = new ByteArrayOutputStream();
		System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
		try {
			// The wire log of "wiretest" is at DEBUG in the tests' simplelogger.properties.
			this.server = builder().name("wiretest").wireLog(WireLogFormat.TEXT)
				.tls(TlsEngineFactory.of(certificates.serverContext(), ClientAuth.NONE))
				.start();
			try (SSLSocket client = tlsConnect()) {
				assertThat(echo(client, "plaintext-secret")).isEqualTo("plaintext-secret");
			}
			this.server.stop(Duration.ofSeconds(5));
		}
		finally {
			System.setErr(originalErr);
		}
		String log = captured.toString(StandardCharsets.UTF_8);
		assertThat(log).contains("READ").contains("WRITE");
		assertThat(log).doesNotContain("plaintext-secret");
	}

	private SocketServerBuilder builder() {
		return SocketServer.builder()
			.transport(transport())
			.name("tlsoption")
			.address("127.0.0.1")
			.port(0)
			.loops(1)
			.handler(ECHO);
	}

	private SSLSocket tlsConnect() throws Exception {
		SSLSocket socket = (SSLSocket) certificates.clientContext(false).getSocketFactory().createSocket();
		socket.connect(new InetSocketAddress("127.0.0.1", this.server.port()), 5000);
		socket.setSoTimeout(10_000);
		return socket;
	}

	private static String echo(SSLSocket client, String text) throws IOException {
		byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
		client.getOutputStream().write(bytes);
		byte[] echoed = new byte[bytes.length];
		new DataInputStream(client.getInputStream()).readFully(echoed);
		return new String(echoed, StandardCharsets.US_ASCII);
	}

}
