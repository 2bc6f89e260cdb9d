package dev.sockloop.tls;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.security.cert.X509Certificate;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Mono;

import dev.sockloop.connection.ConnectionHandler;
import dev.sockloop.server.Await;
import dev.sockloop.server.SocketServer;
import dev.sockloop.testing.TestCertificates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TlsHandlerTests {

	private static final ConnectionHandler ECHO = (connection) -> connection.send(connection.receive());

	@TempDir
	static Path certificateDirectory;

	private static TestCertificates certificates;

	private SocketServer server;

	private TlsHandler tls;

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

	@ParameterizedTest
	@ValueSource(strings = { "TLSv1.3", "TLSv1.2" })
	void echoesOverTheForcedProtocol(String protocol) throws Exception {
		start(ClientAuth.NONE, ECHO);
		try (SSLSocket client = connect(certificates.clientContext(false), protocol)) {
			client.getOutputStream().write("hello\n".getBytes(StandardCharsets.US_ASCII));
			assertThat(readFully(client.getInputStream(), 6)).isEqualTo("hello\n".getBytes(StandardCharsets.US_ASCII));
			assertThat(client.getSession().getProtocol()).isEqualTo(protocol);
		}
		assertThat(this.tls.stats().handshakesCompleted()).isEqualTo(1);
		assertThat(this.tls.stats().handshakeFailures()).isZero();
	}

	@ParameterizedTest
	@ValueSource(strings = { "TLSv1.3", "TLSv1.2" })
	void echoesOneMebibyteByteForByte(String protocol) throws Exception {
		start(ClientAuth.NONE, ECHO);
		byte[] payload = new byte[1024 * 1024];
		new Random(42).nextBytes(payload);
		try (SSLSocket client = connect(certificates.clientContext(false), protocol)) {
			client.startHandshake();
			CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
				try {
					OutputStream out = client.getOutputStream();
					for (int offset = 0; offset < payload.length; offset += 10_000) {
						out.write(payload, offset, Math.min(10_000, payload.length - offset));
					}
					out.flush();
				}
				catch (IOException ex) {
					throw new IllegalStateException(ex);
				}
			});
			assertThat(readFully(client.getInputStream(), payload.length)).isEqualTo(payload);
			writer.get(30, TimeUnit.SECONDS);
		}
	}

	@Test
	void clientAuthNeedAcceptsAClientWithATrustedCertificate() throws Exception {
		start(ClientAuth.NEED, ECHO);
		try (SSLSocket client = connect(certificates.clientContext(true), "TLSv1.3")) {
			client.getOutputStream().write("mtls".getBytes(StandardCharsets.US_ASCII));
			assertThat(readFully(client.getInputStream(), 4)).isEqualTo("mtls".getBytes(StandardCharsets.US_ASCII));
		}
		assertThat(this.tls.stats().handshakeFailures()).isZero();
	}

	@ParameterizedTest
	@ValueSource(strings = { "TLSv1.3", "TLSv1.2" })
	void theHandlerSeesTheSessionAndTheCertificateOfAMutualTlsClient(String protocol) throws Exception {
		CompletableFuture<String> seen = new CompletableFuture<>();
		start(ClientAuth.NEED, (connection) -> {
			seen.complete(connection.tlsSession().map((session) -> session.getProtocol()).orElse("no session") + " "
					+ connection.peerCertificates().stream().findFirst()
						.map((certificate) -> ((X509Certificate) certificate).getSubjectX500Principal().getName())
						.orElse("no certificate"));
			return ECHO.handle(connection);
		});
		try (SSLSocket client = connect(certificates.clientContext(true), protocol)) {
			client.getOutputStream().write("who".getBytes(StandardCharsets.US_ASCII));
			assertThat(readFully(client.getInputStream(), 3)).isEqualTo("who".getBytes(StandardCharsets.US_ASCII));
		}
		String identity = seen.get(10, TimeUnit.SECONDS);
		System.out.println("Handler of a mutual TLS connection saw: " + identity);
		assertThat(identity).isEqualTo(protocol + " CN=test-client");
	}

	@Test
	void aClientWithoutCertificateHasASessionButNoPeerCertificates() throws Exception {
		CompletableFuture<String> seen = new CompletableFuture<>();
		start(ClientAuth.NONE, (connection) -> {
			seen.complete(connection.tlsSession().isPresent() + " " + connection.peerCertificates().size());
			return ECHO.handle(connection);
		});
		try (SSLSocket client = connect(certificates.clientContext(false), "TLSv1.3")) {
			client.getOutputStream().write("x".getBytes(StandardCharsets.US_ASCII));
			assertThat(readFully(client.getInputStream(), 1)).hasSize(1);
		}
		assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo("true 0");
	}

	@Test
	void aConnectionWithoutTlsHasNoSession() throws Exception {
		CompletableFuture<String> seen = new CompletableFuture<>();
		this.server = SocketServer.builder().name("plain").address("127.0.0.1").port(0).loops(1)
			.handler((connection) -> {
				seen.complete(connection.tlsSession().isPresent() + " " + connection.peerCertificates().size());
				return ECHO.handle(connection);
			})
			.start();
		try (Socket client = new Socket("127.0.0.1", this.server.port())) {
			client.getOutputStream().write(1);
			assertThat(client.getInputStream().read()).isEqualTo(1);
		}
		assertThat(seen.get(10, TimeUnit.SECONDS)).isEqualTo("false 0");
	}

	@ParameterizedTest
	@ValueSource(strings = { "TLSv1.3", "TLSv1.2" })
	void clientAuthNeedRejectsAClientWithoutCertificateCountsItAndKeepsServing(String protocol) throws Exception {
		start(ClientAuth.NEED, ECHO);
		try (SSLSocket client = connect(certificates.clientContext(false), protocol)) {
			// TLS 1.3 clients consider the handshake done before the server has checked them:
			// the failure then shows on the first read.
			assertThatExceptionOfType(IOException.class).isThrownBy(() -> {
				client.getOutputStream().write("x".getBytes(StandardCharsets.US_ASCII));
				if (client.getInputStream().read() < 0) {
					throw new IOException("closed");
				}
			});
		}
		await(() -> this.tls.stats().handshakeFailures() == 1);
		try (SSLSocket client = connect(certificates.clientContext(true), protocol)) {
			client.getOutputStream().write("ok".getBytes(StandardCharsets.US_ASCII));
			assertThat(readFully(client.getInputStream(), 2)).isEqualTo("ok".getBytes(StandardCharsets.US_ASCII));
		}
		assertThat(this.tls.stats().handshakeFailures()).isEqualTo(1);
	}

	@Test
	void plaintextClientFailsTheHandshakeIsCountedAndNeverReachesTheHandler() throws Exception {
		AtomicBoolean handlerCalled = new AtomicBoolean();
		start(ClientAuth.NONE, (connection) -> {
			handlerCalled.set(true);
			return connection.send(connection.receive());
		});
		try (Socket client = new Socket()) {
			client.connect(new InetSocketAddress("127.0.0.1", this.server.port()), 5000);
			client.setSoTimeout(5000);
			client.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			// The server answers with at most an alert, then closes.
			byte[] answer = client.getInputStream().readAllBytes();
			assertThat(new String(answer, StandardCharsets.ISO_8859_1)).doesNotContain("GET");
		}
		await(() -> this.tls.stats().handshakeFailures() == 1);
		assertThat(handlerCalled).isFalse();
		try (SSLSocket client = connect(certificates.clientContext(false), "TLSv1.3")) {
			client.getOutputStream().write("after".getBytes(StandardCharsets.US_ASCII));
			assertThat(readFully(client.getInputStream(), 5)).isEqualTo("after".getBytes(StandardCharsets.US_ASCII));
		}
	}

	@Test
	void connectionClosedBeforeAnyByteIsNotAHandshakeFailure() throws Exception {
		start(ClientAuth.NONE, ECHO);
		try (Socket client = new Socket()) {
			client.connect(new InetSocketAddress("127.0.0.1", this.server.port()), 5000);
		}
		await(() -> this.server.stats().connectionsActive() == 0);
		assertThat(this.tls.stats().handshakeFailures()).isZero();
	}

	@Test
	void handlerCompletionSendsCloseNotifyBeforeClosing() throws Exception {
		start(ClientAuth.NONE,
				(connection) -> connection.send(Mono.just(ByteBuffer.wrap("bye".getBytes(StandardCharsets.US_ASCII)))));
		try (SSLSocket client = connect(certificates.clientContext(false), "TLSv1.3")) {
			client.startHandshake();
			InputStream in = client.getInputStream();
			assertThat(readFully(in, 3)).isEqualTo("bye".getBytes(StandardCharsets.US_ASCII));
			// A close_notify reads as the end of the stream; a bare FIN would throw an SSLException.
			assertThat(in.read()).isEqualTo(-1);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "TLSv1.3", "TLSv1.2" })
	void peerCloseNotifyCompletesTheInbound(String protocol) throws Exception {
		List<String> endings = new CopyOnWriteArrayList<>();
		start(ClientAuth.NONE, (connection) -> connection.send(connection.receive()
			.doOnComplete(() -> endings.add("complete"))
			.doOnError((failure) -> endings.add("error: " + failure))));
		try (SSLSocket client = connect(certificates.clientContext(false), protocol)) {
			client.getOutputStream().write("abc".getBytes(StandardCharsets.US_ASCII));
			assertThat(readFully(client.getInputStream(), 3)).isEqualTo("abc".getBytes(StandardCharsets.US_ASCII));
			if (protocol.equals("TLSv1.3")) {
				// Half-close: our close_notify ends the server's inbound, the server's comes back.
				client.shutdownOutput();
				assertThat(client.getInputStream().read()).isEqualTo(-1);
			}
		}
		await(() -> !endings.isEmpty());
		assertThat(endings).containsExactly("complete");
		await(() -> this.server.stats().connectionsActive() == 0);
	}

	@Test
	void handlerRunsOnTheLoopEvenWhenTheHandshakeRanDelegatedTasks() throws Exception {
		List<String> threads = new CopyOnWriteArrayList<>();
		start(ClientAuth.NEED, (connection) -> {
			threads.add(Thread.currentThread().getName());
			return connection.send(connection.receive().doOnNext((buffer) -> threads.add(Thread.currentThread().getName())));
		});
		try (SSLSocket client = connect(certificates.clientContext(true), "TLSv1.2")) {
			client.getOutputStream().write("t".getBytes(StandardCharsets.US_ASCII));
			assertThat(readFully(client.getInputStream(), 1)).isEqualTo("t".getBytes(StandardCharsets.US_ASCII));
		}
		assertThat(threads).isNotEmpty().allSatisfy((name) -> assertThat(name).startsWith("sockloop-tlstest-"));
	}

	@Test
	void handlerDemandBoundsWhatIsReadFromTheNetwork() throws Exception {
		start(ClientAuth.NONE, (connection) -> {
			// Asks for one decrypted buffer, ever.
			connection.receive().subscribe(new BaseSubscriber<ByteBuffer>() {
				@Override
				protected void hookOnSubscribe(Subscription subscription) {
					subscription.request(1);
				}
			});
			return Mono.never();
		});
		try (SSLSocket client = connect(certificates.clientContext(false), "TLSv1.3")) {
			// The writer below stays blocked in write, holding the socket's record lock: without a
			// linger time, closing the socket would wait for that lock (to send close_notify) for ever.
			client.setSoLinger(true, 0);
			client.startHandshake();
			byte[] chunk = new byte[64 * 1024];
			CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
				try {
					for (int i = 0; i < 512; i++) { // 32 MiB: far more than the socket buffers hold
						client.getOutputStream().write(chunk);
					}
				}
				catch (IOException ex) {
					// closed by the test's end
				}
			});
			await(() -> this.server.stats().backpressurePaused() > 0);
			assertThat(this.server.stats().bytesReceived()).isLessThan(1024 * 1024);
			assertThat(writer).isNotDone();
		}
	}

	@Test
	void untrustedServerCertificateIsAHandshakeFailureOnBothSides() throws Exception {
		start(ClientAuth.NONE, ECHO);
		SSLContext trustsNothing = SSLContext.getInstance("TLS");
		trustsNothing.init(null, new javax.net.ssl.TrustManager[] { new javax.net.ssl.X509TrustManager() {
			public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {
			}

			public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType)
					throws java.security.cert.CertificateException {
				throw new java.security.cert.CertificateException("not trusted by this test");
			}

			public java.security.cert.X509Certificate[] getAcceptedIssuers() {
				return new java.security.cert.X509Certificate[0];
			}
		} }, null);
		try (SSLSocket client = connect(trustsNothing, "TLSv1.3")) {
			assertThatThrownBy(client::startHandshake).isInstanceOf(SSLException.class);
		}
		await(() -> this.tls.stats().handshakeFailures() == 1);
	}

	private void start(ClientAuth clientAuth, ConnectionHandler handler) throws Exception {
		this.tls = new TlsHandler("tlstest", TlsEngineFactory.of(certificates.serverContext(), clientAuth), handler);
		this.server = SocketServer.builder().name("tlstest").address("127.0.0.1").port(0).loops(1).handler(this.tls)
			.start();
	}

	private SSLSocket connect(SSLContext context, String protocol) throws IOException {
		SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket();
		socket.connect(new InetSocketAddress("127.0.0.1", this.server.port()), 5000);
		socket.setSoTimeout(10_000);
		socket.setEnabledProtocols(new String[] { protocol });
		return socket;
	}

	private static byte[] readFully(InputStream in, int length) throws IOException {
		byte[] bytes = new byte[length];
		new DataInputStream(in).readFully(bytes);
		return bytes;
	}

	private static void await(BooleanSupplier condition) {
		Await.until(Duration.ofSeconds(10), condition, "the condition holds");
	}

}
