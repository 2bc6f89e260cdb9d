package dev.sockloop.testing;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the TLS tests rely on from {@link TestCertificates}: the names, aliases and mutual trust
 * that {@code keytool} used to give them.
 */
class TestCertificatesTests {

	@TempDir
	Path directory;

	private final ExecutorService server = Executors.newSingleThreadExecutor();

	@AfterEach
	void stop() {
		this.server.shutdownNow();
	}

	@Test
	void theServerCertificateNamesLocalhostAndTheLoopbackAddress() throws Exception {
		TestCertificates certificates = TestCertificates.generate(this.directory);
		X509Certificate server = (X509Certificate) load(certificates.serverKeyStore).getCertificate("server");
		assertThat(server.getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
		assertThat(server.getSubjectAlternativeNames()).containsExactlyInAnyOrder(List.of(2, "localhost"),
				List.of(7, "127.0.0.1"));
		server.checkValidity();
		X509Certificate client = (X509Certificate) load(certificates.clientKeyStore).getCertificate("client");
		assertThat(client.getSubjectX500Principal().getName()).isEqualTo("CN=test-client");
		assertThat(load(certificates.serverTrustStore).getCertificate("client")).isEqualTo(client);
		assertThat(load(certificates.clientTrustStore).getCertificate("server")).isEqualTo(server);
	}

	@Test
	void aClientVerifyingTheHostNameAndTheServerRequiringItsCertificateCompleteAHandshake() throws Exception {
		TestCertificates certificates = TestCertificates.generate(this.directory);
		try (SSLServerSocket listener = (SSLServerSocket) certificates.serverContext()
			.getServerSocketFactory()
			.createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			listener.setNeedClientAuth(true);
			listener.setSoTimeout(10_000);
			CompletableFuture<String> peer = CompletableFuture.supplyAsync(() -> {
				try (SSLSocket accepted = (SSLSocket) listener.accept()) {
					accepted.setSoTimeout(10_000);
					String name = accepted.getSession().getPeerPrincipal().getName();
					accepted.getOutputStream().write(accepted.getInputStream().read());
					return name;
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			}, this.server);
			// HTTPS identification checks 127.0.0.1 against the certificate's IP addresses.
			try (SSLSocket client = (SSLSocket) certificates.clientContext(true).getSocketFactory().createSocket()) {
				client.connect(new InetSocketAddress("127.0.0.1", listener.getLocalPort()), 10_000);
				client.setSoTimeout(10_000);
				SSLParameters parameters = client.getSSLParameters();
				parameters.setEndpointIdentificationAlgorithm("HTTPS");
				client.setSSLParameters(parameters);
				OutputStream out = client.getOutputStream();
				out.write(42);
				out.flush();
				InputStream in = client.getInputStream();
				assertThat(in.read()).as("the byte echoed over TLS").isEqualTo(42);
				assertThat(client.getSession().getPeerPrincipal().getName()).isEqualTo("CN=localhost");
			}
			assertThat(peer.get(10, TimeUnit.SECONDS)).as("the client as the server saw it").isEqualTo("CN=test-client");
		}
	}

	private static KeyStore load(Path path) throws Exception {
		KeyStore store = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(path)) {
			store.load(in, TestCertificates.PASSWORD.toCharArray());
		}
		return store;
	}

}
