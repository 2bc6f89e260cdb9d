package dev.sockloop.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;

import dev.sockloop.spring.SocketHandler;
import dev.sockloop.testing.TestCertificates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * SocketTestClient over TLS, with client authentication, from SSL bundles and an SSLContext,
 * against a real server.
 */
@SpringBootTest(properties = { "sockloop.loops=1", "sockloop.servers.secure.port=0",
		"sockloop.servers.secure.ssl.bundle=server", "sockloop.servers.secure.ssl.client-auth=need" })
class SocketTestClientTlsTests {

	private static final Path directory;

	private static final TestCertificates certificates;

	static {
		try {
			directory = Files.createTempDirectory("sockloop-test-client-tls");
			certificates = TestCertificates.generate(directory);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	@AfterAll
	static void deleteCertificates() throws IOException {
		FileSystemUtils.deleteRecursively(directory);
	}

	@DynamicPropertySource
	static void bundles(DynamicPropertyRegistry registry) {
		String password = TestCertificates.PASSWORD;
		registry.add("spring.ssl.bundle.jks.server.keystore.location", () -> "file:" + certificates.serverKeyStore);
		registry.add("spring.ssl.bundle.jks.server.keystore.password", () -> password);
		registry.add("spring.ssl.bundle.jks.server.keystore.type", () -> "PKCS12");
		registry.add("spring.ssl.bundle.jks.server.key.password", () -> password);
		registry.add("spring.ssl.bundle.jks.server.truststore.location", () -> "file:" + certificates.serverTrustStore);
		registry.add("spring.ssl.bundle.jks.server.truststore.password", () -> password);
		registry.add("spring.ssl.bundle.jks.server.truststore.type", () -> "PKCS12");
		registry.add("spring.ssl.bundle.jks.client.keystore.location", () -> "file:" + certificates.clientKeyStore);
		registry.add("spring.ssl.bundle.jks.client.keystore.password", () -> password);
		registry.add("spring.ssl.bundle.jks.client.keystore.type", () -> "PKCS12");
		registry.add("spring.ssl.bundle.jks.client.key.password", () -> password);
		registry.add("spring.ssl.bundle.jks.client.truststore.location", () -> "file:" + certificates.clientTrustStore);
		registry.add("spring.ssl.bundle.jks.client.truststore.password", () -> password);
		registry.add("spring.ssl.bundle.jks.client.truststore.type", () -> "PKCS12");
	}

	@Autowired
	private Environment environment;

	@Autowired
	private SslBundles bundles;

	@LocalSockloopPort("secure")
	private int securePort;

	@Test
	void talksTlsWithAClientCertificateFromAnSslBundle() {
		try (SocketTestClient client = SocketTestClient.connectTls(this.securePort, this.bundles.getBundle("client"))) {
			assertThat(client.tlsSession().getProtocol()).startsWith("TLS");
			client.sendLine("secret");
			assertThat(client.receiveLine()).isEqualTo("secret");
		}
	}

	@Test
	void talksTlsToAServerFoundByNameWithAnSslContext() {
		try (SocketTestClient client = SocketTestClient.connectTls(this.environment, "secure",
				this.bundles.getBundle("client"))) {
			assertThat(new String(client.send("abc").receive(3))).isEqualTo("abc");
		}
		try (SocketTestClient client = SocketTestClient.connectTls(this.securePort,
				this.bundles.getBundle("client").createSslContext())) {
			assertThat(new String(client.send("def").receive(3))).isEqualTo("def");
		}
	}

	@Test
	void aHandshakeTheServerRefusesIsAnError() {
		// The server trusts the client's certificate only: its own bundle offers the server's key.
		assertThatExceptionOfType(UncheckedIOException.class).isThrownBy(() -> SocketTestClient
			.connectTls(this.securePort, this.bundles.getBundle("server")).send("x").receive(1));
	}

	@SpringBootApplication
	static class TestApplication {

		@SocketHandler(name = "secure")
		static class SecureEcho {

			Flux<ByteBuffer> handle(Flux<ByteBuffer> inbound) {
				return inbound;
			}

		}

	}

}
