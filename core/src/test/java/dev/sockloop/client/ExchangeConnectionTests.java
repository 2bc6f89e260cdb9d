package dev.sockloop.client;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionException;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import dev.sockloop.codec.FrameCodec;
import dev.sockloop.codec.TextCodec;
import dev.sockloop.connection.ClosedConnectionException;
import dev.sockloop.connection.ConnectionHandler;
import dev.sockloop.server.Await;
import dev.sockloop.server.SocketServer;
import dev.sockloop.server.SocketServerBuilder;
import dev.sockloop.stats.CloseReason;
import dev.sockloop.testing.TestCertificates;
import dev.sockloop.tls.ClientAuth;
import dev.sockloop.tls.ClientTlsEngineFactory;
import dev.sockloop.tls.TlsEngineFactory;
import dev.sockloop.transport.EventLoopGroup;
import dev.sockloop.transport.Transport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request/response over one client connection: pipelined, matched in order, over the servers'
 * codecs and their TLS engine.
 */
abstract class ExchangeConnectionTests {

	@TempDir
	static Path certificateDirectory;

	private static TestCertificates certificates;

	private static final FrameCodec LINES = FrameCodec.line(1024);

	private EventLoopGroup group;

	private SocketServer server;

	private SocketClient client;

	/** The transport every server and client of this suite runs on. */
	abstract Transport transport();

	@BeforeAll
	static void generateCertificates() throws Exception {
		certificates = TestCertificates.generate(certificateDirectory);
	}

	@BeforeEach
	void createGroup() {
		this.group = new EventLoopGroup(2, "exchange-test-", transport());
	}

	@AfterEach
	void stop() {
		if (this.client != null) {
			this.client.close();
		}
		if (this.server != null) {
			// Short: several servers here never finish their handlers, and stop would wait for them.
			this.server.stop(Duration.ofMillis(200));
		}
		this.group.close(Duration.ofSeconds(5));
	}

	@Test
	void pipelinedExchangesGetTheirOwnResponsesInOrder() {
		startServer(server(), shout());
		this.client = client().codec(LINES).maxPendingExchanges(64).build();
		ExchangeConnection<String, String> exchanges = this.client
			.connectExchange(address(), ExchangeCodec.text(TextCodec.utf8()))
			.block(Duration.ofSeconds(5));
		List<Boolean> matched = Flux.range(0, 1_000)
			.flatMapSequential((i) -> exchanges.exchange("request " + i)
				.map((response) -> response.equals("REQUEST " + i)), 64)
			.collectList()
			.block(Duration.ofSeconds(10));
		assertThat(matched).hasSize(1_000).containsOnly(true);
		assertThat(exchanges.pendingExchanges()).isZero();
		exchanges.close();
	}

	@Test
	void aTlsClientExchangesWithATlsServerUsingTheSameEngine() throws Exception {
		startServer(server().tls(TlsEngineFactory.of(certificates.serverContext(), ClientAuth.NEED)), shout());
		this.client = client().codec(LINES).tls(certificates.clientContext(true)).build();
		ExchangeConnection<String, String> exchanges = this.client
			.connectExchange(address(), ExchangeCodec.text(TextCodec.utf8()))
			.block(Duration.ofSeconds(5));
		assertThat(exchanges.exchange("over tls").block(Duration.ofSeconds(5))).isEqualTo("OVER TLS");
		assertThat(this.client.tlsStats().orElseThrow().handshakesCompleted()).isEqualTo(1);
		exchanges.close();
	}

	@Test
	void aLateResponseOverTlsClosesTheConnectionWithoutWaitingForTheServer() throws Exception {
		// Completes the handshake, then neither reads nor answers: a close_notify would wait for ever.
		startServer(server().tls(TlsEngineFactory.of(certificates.serverContext(), ClientAuth.NONE)),
				(connection) -> Mono.never());
		this.client = client().codec(LINES).tls(certificates.clientContext(false))
			.exchangeTimeout(Duration.ofMillis(300))
			.build();
		ExchangeConnection<String, String> exchanges = this.client
			.connectExchange(address(), ExchangeCodec.text(TextCodec.utf8()))
			.block(Duration.ofSeconds(5));
		Throwable failure = failureOf(exchanges.exchange("anyone there?"));
		Await.until(Duration.ofSeconds(5), () -> this.client.stats().connectionsActive() == 0, "the socket closed");
		SoftAssertions softly = new SoftAssertions();
		softly.assertThat(failure).isInstanceOf(java.util.concurrent.TimeoutException.class);
		softly.assertThat(exchanges.pendingExchanges()).as("exchanges pending").isZero();
		softly.assertThat(this.client.stats().connectionsClosed(CloseReason.TIMEOUT)).as("closed for timeout")
			.isEqualTo(1);
		softly.assertAll();
	}

	@Test
	void aTlsConnectCancelledAtAnyPointLeavesNoConnectionOpen() throws Exception {
		startServer(server().tls(TlsEngineFactory.of(certificates.serverContext(), ClientAuth.NONE)), shout());
		this.client = client().tls(certificates.clientContext(false)).build();
		java.util.Random random = new java.util.Random(21);
		java.util.concurrent.atomic.AtomicInteger delivered = new java.util.concurrent.atomic.AtomicInteger();
		for (int i = 0; i < 20; i++) {
			reactor.core.Disposable attempt = this.client.connect(address()).subscribe((connection) -> {
				delivered.incrementAndGet();
				connection.close();
			}, (failure) -> { });
			for (int spin = random.nextInt(500_000); spin > 0; spin--) {
				Thread.onSpinWait();
			}
			attempt.dispose();
		}
		Await.until(Duration.ofSeconds(10), () -> this.client.stats().connectionsActive() == 0
				&& this.server.stats().connectionsActive() == 0, "every connection closed on both sides");
		assertThat(this.client.clientStats().connectFailures()).as("cancelled connects are not failures").isZero();
	}

	@Test
	void aTlsClientReachesATlsServerOverAUnixSocket(@TempDir Path directory) throws Exception {
		Path path = directory.resolve("tls.sock");
		startServer(SocketServer.builder().transport(transport()).loopGroup(this.group).unixSocket(path)
			.tls(TlsEngineFactory.of(certificates.serverContext(), ClientAuth.NONE)), shout());
		this.client = client().codec(LINES).tls(certificates.clientContext(false)).build();
		ExchangeConnection<String, String> exchanges = this.client
			.connectExchange(java.net.UnixDomainSocketAddress.of(path), ExchangeCodec.text(TextCodec.utf8()))
			.block(Duration.ofSeconds(5));
		assertThat(exchanges.exchange("local").block(Duration.ofSeconds(5))).isEqualTo("LOCAL");
		exchanges.close();
	}

	@Test
	void aServerWhoseCertificateIsNotTrustedFailsTheConnect() throws Exception {
		startServer(server().tls(TlsEngineFactory.of(certificates.serverContext(), ClientAuth.NONE)), shout());
		this.client = client().tls(SSLContext.getDefault()).build();
		Throwable failure = failureOf(this.client.connect(address()));
		Await.until(Duration.ofSeconds(5), () -> this.client.stats().connectionsActive() == 0, "the socket closed");
		SoftAssertions softly = new SoftAssertions();
		softly.assertThat(failure).isInstanceOf(SSLHandshakeException.class);
		softly.assertThat(this.client.tlsStats().orElseThrow().handshakeFailures()).as("handshake failures").isEqualTo(1);
		softly.assertThat(this.client.clientStats().connectFailures()).as("connect failures").isEqualTo(1);
		softly.assertAll();
	}

	@Test
	void aServerWhoseCertificateNamesAnotherHostFailsTheConnect() throws Exception {
		// The certificate is for localhost and 127.0.0.1; 127.0.0.2 is loopback too, but not its name.
		startServer(server().address("127.0.0.2").tls(TlsEngineFactory.of(certificates.serverContext(),
				ClientAuth.NONE)), shout());
		this.client = client().tls(ClientTlsEngineFactory.of(certificates.clientContext(false)), Duration.ofSeconds(5))
			.build();
		Throwable failure = failureOf(this.client.connect(new InetSocketAddress("127.0.0.2", this.server.port())));
		assertThat(failure).isInstanceOf(SSLHandshakeException.class);
	}

	@Test
	void aResponseWithNoRequestWaitingClosesTheConnectionAsABadFrame() {
		// Greets every client unasked, as a server speaking another protocol might.
		startServer(server(), (connection) -> connection
			.send(Mono.just(ByteBuffer.wrap("welcome\n".getBytes(StandardCharsets.UTF_8))))
			.then(connection.receive().then()));
		this.client = client().codec(LINES).build();
		ExchangeConnection<ByteBuffer, ByteBuffer> exchanges = this.client.connectExchange(address())
			.block(Duration.ofSeconds(5));
		Await.until(Duration.ofSeconds(5), () -> this.client.stats().connectionsActive() == 0, "the connection closed");
		assertThat(this.client.stats().connectionsClosed(CloseReason.BAD_FRAME)).isEqualTo(1);
		assertThat(this.client.stats().framesRejected()).isEqualTo(1);
		assertThat(failureOf(exchanges.exchange(ByteBuffer.wrap(new byte[] { 'x' }))))
			.isInstanceOf(ClosedConnectionException.class);
	}

	private static ConnectionHandler shout() {
		TextCodec text = TextCodec.utf8();
		return (connection) -> connection.send(LINES.encode(
				text.encode(text.decode(connection.receive(), LINES).map((line) -> line.toUpperCase(Locale.ROOT)))));
	}

	private SocketServerBuilder server() {
		return SocketServer.builder().transport(transport()).loopGroup(this.group).address("127.0.0.1").port(0);
	}

	private void startServer(SocketServerBuilder builder, ConnectionHandler handler) {
		this.server = builder.handler(handler).start();
	}

	private SocketClient.Builder client() {
		return SocketClient.builder().transport(transport()).loopGroup(this.group).connectTimeout(Duration.ofSeconds(5));
	}

	private InetSocketAddress address() {
		return new InetSocketAddress("127.0.0.1", this.server.port());
	}

	private static Throwable failureOf(Mono<?> mono) {
		try {
			mono.toFuture().orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join();
			return null;
		}
		catch (CompletionException ex) {
			return ex.getCause();
		}
	}

}
