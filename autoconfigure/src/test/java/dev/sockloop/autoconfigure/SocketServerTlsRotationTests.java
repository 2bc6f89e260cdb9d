package dev.sockloop.autoconfigure;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.time.Duration;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import dev.sockloop.spring.SocketHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Certificate rotation: a server on a PEM bundle with {@code reload-on-update} presents the new
 * certificate to new connections once the files change, without a restart, while a connection
 * made before keeps working on its own session.
 */
class SocketServerTlsRotationTests {

	private static final Duration DEADLINE = Duration.ofSeconds(10);

	@TempDir
	Path directory;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, SockloopAutoConfiguration.class))
		.withUserConfiguration(SecureEcho.class)
		.withPropertyValues("sockloop.loops=1", "sockloop.servers.secure.address=127.0.0.1",
				"sockloop.servers.secure.port=0", "sockloop.servers.secure.shutdown-timeout=2s",
				"sockloop.servers.secure.ssl.bundle=server", "spring.ssl.bundle.pem.server.reload-on-update=true",
				"spring.ssl.bundle.watch.file.quiet-period=100ms");

	@Test
	void replacedCertificateFilesReachNewConnectionsWhileAnOpenConnectionKeepsWorking() throws Exception {
		Path live = Files.createDirectories(this.directory.resolve("live"));
		install("first", live);
		this.contextRunner
			.withPropertyValues("spring.ssl.bundle.pem.server.keystore.certificate=file:" + live.resolve("tls.crt"),
					"spring.ssl.bundle.pem.server.keystore.private-key=file:" + live.resolve("tls.key"))
			.run((context) -> {
				int port = context.getEnvironment().getRequiredProperty("local.sockloop.secure.port", Integer.class);
				try (SSLSocket before = connect(port)) {
					assertThat(subject(before)).isEqualTo("CN=first");
					assertThat(echo(before, "before")).isEqualTo("before");
					install("second", live);
					await().atMost(DEADLINE).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
						try (SSLSocket after = connect(port)) {
							assertThat(subject(after)).isEqualTo("CN=second");
							assertThat(echo(after, "after")).isEqualTo("after");
						}
					});
					assertThat(echo(before, "still")).isEqualTo("still");
				}
			});
	}

	/**
	 * Puts a key pair in place as cert-manager and kubelet do: new files moved over the old ones.
	 * The pairs are self-signed P-256 certificates made once with {@code openssl req -x509 -newkey ec
	 * -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 36500 -subj /CN=<name>}.
	 */
	private void install(String name, Path live) throws IOException {
		Path certificate = this.directory.resolve("tls.crt.new");
		Path key = this.directory.resolve("tls.key.new");
		copy("rotation/" + name + ".crt", certificate);
		copy("rotation/" + name + ".key", key);
		Files.move(key, live.resolve("tls.key"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		Files.move(certificate, live.resolve("tls.crt"), StandardCopyOption.REPLACE_EXISTING,
				StandardCopyOption.ATOMIC_MOVE);
	}

	private static void copy(String resource, Path target) throws IOException {
		try (InputStream in = SocketServerTlsRotationTests.class.getClassLoader().getResourceAsStream(resource)) {
			Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
		}
	}

	private static SSLSocket connect(int port) throws Exception {
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(null, new TrustManager[] { new TrustingEveryServer() }, null);
		SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket();
		socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
		socket.setSoTimeout(5000);
		socket.startHandshake();
		return socket;
	}

	private static String subject(SSLSocket socket) throws Exception {
		return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
	}

	private static String echo(SSLSocket client, String text) throws IOException {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		client.getOutputStream().write(bytes);
		byte[] echoed = new byte[bytes.length];
		new DataInputStream(client.getInputStream()).readFully(echoed);
		return new String(echoed, StandardCharsets.UTF_8);
	}

	/** The test reads the certificate it is shown rather than verifying it. */
	private static final class TrustingEveryServer implements X509TrustManager {

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType) {
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType) {
		}

		@Override
		public X509Certificate[] getAcceptedIssuers() {
			return new X509Certificate[0];
		}

	}

	@SocketHandler(name = "secure")
	static class SecureEcho {

		Flux<ByteBuffer> handle(Flux<ByteBuffer> inbound) {
			return inbound;
		}

	}

}
