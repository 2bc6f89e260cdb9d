package dev.sockloop.autoconfigure;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import dev.sockloop.autoconfigure.metrics.SockloopMetricsAutoConfiguration;
import dev.sockloop.connection.Connection;
import dev.sockloop.spring.SocketHandler;
import dev.sockloop.testing.TestCertificates;
import dev.sockloop.tls.TlsStats;
import io.micrometer.core.instrument.MeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for TLS on servers configured through {@code sockloop.servers.<name>.ssl.*} and Spring
 * Boot's SSL bundles.
 */
class SocketServerTlsTests {

	@TempDir
	static Path certificateDirectory;

	private static TestCertificates certificates;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, SockloopAutoConfiguration.class))
		.withUserConfiguration(SecureEcho.class)
		.withPropertyValues("sockloop.loops=1", "sockloop.defaults.address=127.0.0.1",
				"sockloop.defaults.shutdown-timeout=5s", "sockloop.servers.secure.port=0");

	@BeforeAll
	static void generateCertificates() throws Exception {
		certificates = TestCertificates.generate(certificateDirectory);
	}

	@Test
	void runWithJksBundleShouldServeTls() {
		this.contextRunner.withPropertyValues(serverBundle()).withPropertyValues("sockloop.servers.secure.ssl.bundle=server")
			.run((context) -> {
				int port = context.getEnvironment().getProperty("local.sockloop.secure.port", Integer.class);
				try (SSLSocket client = connect(port, certificates.clientContext(false), "TLSv1.3")) {
					assertThat(echo(client, "over tls")).isEqualTo("over tls");
				}
				TlsStats stats = context.getBean(SocketServersTlsStats.class).get("secure");
				assertThat(stats.handshakesCompleted()).isEqualTo(1);
			});
	}

	@Test
	void runWithMetricsShouldCountHandshakesByOutcome() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
					SimpleMetricsExportAutoConfiguration.class, SockloopMetricsAutoConfiguration.class))
			.withPropertyValues(serverBundle())
			.withPropertyValues("sockloop.servers.secure.ssl.bundle=server")
			.run((context) -> {
				int port = context.getEnvironment().getProperty("local.sockloop.secure.port", Integer.class);
				try (SSLSocket client = connect(port, certificates.clientContext(false), "TLSv1.3")) {
					assertThat(echo(client, "counted")).isEqualTo("counted");
				}
				try (java.net.Socket plaintext = new java.net.Socket("127.0.0.1", port)) {
					plaintext.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
					plaintext.setSoTimeout(5000);
					while (plaintext.getInputStream().read() >= 0) {
						// The server answers with an alert and closes.
					}
				}
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.get("sockloop.tls.handshakes").tag("server", "secure").tag("outcome", "completed")
					.functionCounter().count()).isEqualTo(1);
				Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(registry
					.get("sockloop.tls.handshakes").tag("outcome", "failed").functionCounter().count()).isEqualTo(1));
			});
	}

	@Test
	void runWithHandshakeTimeoutShouldCloseASilentClientAndCountIt() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
					SimpleMetricsExportAutoConfiguration.class, SockloopMetricsAutoConfiguration.class))
			.withPropertyValues(serverBundle())
			.withPropertyValues("sockloop.servers.secure.ssl.bundle=server",
					"sockloop.defaults.ssl.handshake-timeout=300ms")
			.run((context) -> {
				int port = context.getEnvironment().getProperty("local.sockloop.secure.port", Integer.class);
				try (java.net.Socket silent = new java.net.Socket("127.0.0.1", port)) {
					silent.setSoTimeout(5000);
					// Closed by the server well before the read gives up.
					assertThat(silent.getInputStream().read()).isEqualTo(-1);
				}
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(registry
					.get("sockloop.tls.handshakes").tag("server", "secure").tag("outcome", "timeout")
					.functionCounter().count()).isEqualTo(1));
				assertThat(registry.get("sockloop.tls.renegotiations.refused").tag("server", "secure")
					.functionCounter().count()).isZero();
			});
	}

	@Test
	void runWithBundleOptionsShouldHonourEnabledProtocols() {
		this.contextRunner.withPropertyValues(serverBundle())
			.withPropertyValues("spring.ssl.bundle.jks.server.options.enabled-protocols=TLSv1.2",
					"sockloop.servers.secure.ssl.bundle=server")
			.run((context) -> {
				int port = context.getEnvironment().getProperty("local.sockloop.secure.port", Integer.class);
				try (SSLSocket client = connect(port, certificates.clientContext(false), "TLSv1.2")) {
					assertThat(echo(client, "v12")).isEqualTo("v12");
					assertThat(client.getSession().getProtocol()).isEqualTo("TLSv1.2");
				}
				try (SSLSocket client = connect(port, certificates.clientContext(false), "TLSv1.3")) {
					assertThatExceptionOfType(IOException.class).isThrownBy(client::startHandshake);
				}
			});
	}

	@Test
	void runWithClientAuthNeedShouldRequireAClientCertificate() {
		this.contextRunner.withPropertyValues(serverBundle())
			.withPropertyValues("spring.ssl.bundle.jks.server.truststore.location=file:" + certificates.serverTrustStore,
					"spring.ssl.bundle.jks.server.truststore.password=" + TestCertificates.PASSWORD,
					"sockloop.servers.secure.ssl.bundle=server", "sockloop.servers.secure.ssl.client-auth=need")
			.run((context) -> {
				int port = context.getEnvironment().getProperty("local.sockloop.secure.port", Integer.class);
				try (SSLSocket client = connect(port, certificates.clientContext(true), "TLSv1.3")) {
					assertThat(echo(client, "mutual")).isEqualTo("mutual");
				}
				try (SSLSocket client = connect(port, certificates.clientContext(false), "TLSv1.2")) {
					assertThatExceptionOfType(IOException.class).isThrownBy(client::startHandshake);
				}
			});
	}

	@Test
	void runWithClientAuthNeedShouldShowTheClientCertificateToTheHandler() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, SockloopAutoConfiguration.class))
			.withUserConfiguration(WhoAmI.class)
			.withPropertyValues("sockloop.loops=1", "sockloop.defaults.address=127.0.0.1",
					"sockloop.defaults.shutdown-timeout=5s", "sockloop.servers.whoami.port=0",
					"sockloop.servers.whoami.codec=line")
			.withPropertyValues(serverBundle())
			.withPropertyValues("spring.ssl.bundle.jks.server.truststore.location=file:" + certificates.serverTrustStore,
					"spring.ssl.bundle.jks.server.truststore.password=" + TestCertificates.PASSWORD,
					"sockloop.servers.whoami.ssl.bundle=server", "sockloop.servers.whoami.ssl.client-auth=need")
			.run((context) -> {
				int port = context.getEnvironment().getProperty("local.sockloop.whoami.port", Integer.class);
				try (SSLSocket client = connect(port, certificates.clientContext(true), "TLSv1.3")) {
					String expected = "CN=test-client TLSv1.3\n";
					client.getOutputStream().write("who?\n".getBytes(StandardCharsets.UTF_8));
					byte[] answer = new byte[expected.length()];
					new DataInputStream(client.getInputStream()).readFully(answer);
					assertThat(new String(answer, StandardCharsets.UTF_8)).isEqualTo(expected);
				}
			});
	}

	@Test
	void runWithDefaultsBundleShouldApplyToEveryServer() {
		this.contextRunner.withPropertyValues(serverBundle()).withPropertyValues("sockloop.defaults.ssl.bundle=server")
			.run((context) -> {
				int port = context.getEnvironment().getProperty("local.sockloop.secure.port", Integer.class);
				try (SSLSocket client = connect(port, certificates.clientContext(false), "TLSv1.3")) {
					assertThat(echo(client, "defaults")).isEqualTo("defaults");
				}
			});
	}

	@Test
	void runWithUnknownBundleShouldFailNamingServerAndBundle() {
		this.contextRunner.withPropertyValues(serverBundle()).withPropertyValues("sockloop.servers.secure.ssl.bundle=missing")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.hasMessageContaining("Sockloop server 'secure'")
					.hasMessageContaining("SSL bundle 'missing'")
					.hasMessageContaining("sockloop.servers.secure.ssl.bundle");
			});
	}

	@Test
	void runWithoutBundleShouldServePlainTcp() {
		this.contextRunner.run((context) -> {
			int port = context.getEnvironment().getProperty("local.sockloop.secure.port", Integer.class);
			try (TestClient client = TestClient.connect(port)) {
				assertThat(client.write("plain").readText(5)).isEqualTo("plain");
			}
			assertThat(context.getBean(SocketServersTlsStats.class).get("secure")).isNull();
		});
	}

	private static String[] serverBundle() {
		return new String[] { "spring.ssl.bundle.jks.server.keystore.location=file:" + certificates.serverKeyStore,
				"spring.ssl.bundle.jks.server.keystore.password=" + TestCertificates.PASSWORD,
				"spring.ssl.bundle.jks.server.keystore.type=PKCS12",
				"spring.ssl.bundle.jks.server.key.password=" + TestCertificates.PASSWORD };
	}

	private static SSLSocket connect(int port, SSLContext context, String protocol) throws IOException {
		SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket();
		socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
		socket.setSoTimeout(10_000);
		socket.setEnabledProtocols(new String[] { protocol });
		return socket;
	}

	private static String echo(SSLSocket client, String text) throws IOException {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		client.getOutputStream().write(bytes);
		byte[] echoed = new byte[bytes.length];
		new DataInputStream(client.getInputStream()).readFully(echoed);
		return new String(echoed, StandardCharsets.UTF_8);
	}

	@SocketHandler(name = "whoami")
	static class WhoAmI {

		Flux<String> handle(Flux<String> lines, Connection connection) {
			X509Certificate client = (X509Certificate) connection.peerCertificates().get(0);
			String protocol = connection.tlsSession().orElseThrow().getProtocol();
			return lines.map((line) -> client.getSubjectX500Principal().getName() + " " + protocol);
		}

	}

	@SocketHandler(name = "secure")
	static class SecureEcho {

		Flux<ByteBuffer> handle(Flux<ByteBuffer> inbound) {
			return inbound;
		}

	}

}
