package dev.sockloop.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * PKCS#12 key and trust stores for tests: a server certificate for 127.0.0.1/localhost
 * ({@code CN=localhost}, alias {@code server}) and a client certificate ({@code CN=test-client},
 * alias {@code client}), self-signed P-256, each trusted by the other side, valid for two days. No
 * private key is ever checked in.
 * <p>
 * The keys and stores are made in process once per JVM (surefire reuses its fork across test
 * classes) and written to each directory asked for: running {@code keytool} six times per test
 * class cost seconds per class, and tens of seconds under load.
 */
public final class TestCertificates {

	public static final String PASSWORD = "changeit";

	public final Path serverKeyStore;

	public final Path serverTrustStore;

	public final Path clientKeyStore;

	public final Path clientTrustStore;

	private TestCertificates(Path directory) {
		this.serverKeyStore = directory.resolve("server.p12");
		this.serverTrustStore = directory.resolve("server-trust.p12");
		this.clientKeyStore = directory.resolve("client.p12");
		this.clientTrustStore = directory.resolve("client-trust.p12");
	}

	/**
	 * Writes the four stores to {@code directory}.
	 * @param directory an existing directory
	 * @return where the stores are
	 */
	public static TestCertificates generate(Path directory) throws Exception {
		TestCertificates certificates = new TestCertificates(directory);
		Stores stores = Stores.INSTANCE;
		Files.write(certificates.serverKeyStore, stores.serverKeyStore);
		Files.write(certificates.serverTrustStore, stores.serverTrustStore);
		Files.write(certificates.clientKeyStore, stores.clientKeyStore);
		Files.write(certificates.clientTrustStore, stores.clientTrustStore);
		return certificates;
	}

	/** The encoded stores, made on first use: a holder class, so the JVM makes them once. */
	private static final class Stores {

		static final Stores INSTANCE = create();

		final byte[] serverKeyStore;

		final byte[] serverTrustStore;

		final byte[] clientKeyStore;

		final byte[] clientTrustStore;

		private Stores(byte[] serverKeyStore, byte[] serverTrustStore, byte[] clientKeyStore,
				byte[] clientTrustStore) {
			this.serverKeyStore = serverKeyStore;
			this.serverTrustStore = serverTrustStore;
			this.clientKeyStore = clientKeyStore;
			this.clientTrustStore = clientTrustStore;
		}

		private static Stores create() {
			try {
				Duration validity = Duration.ofDays(2);
				SelfSignedCertificate server = SelfSignedCertificate.generate("CN=localhost", validity,
						List.of("localhost"), List.of(InetAddress.getByAddress(new byte[] { 127, 0, 0, 1 })));
				SelfSignedCertificate client = SelfSignedCertificate.generate("CN=test-client", validity, List.of(),
						List.of());
				return new Stores(keyStore("server", server), trustStore("client", client.certificate()),
						keyStore("client", client), trustStore("server", server.certificate()));
			}
			catch (GeneralSecurityException | IOException ex) {
				throw new IllegalStateException("Could not make the test key stores", ex);
			}
		}

		private static byte[] keyStore(String alias, SelfSignedCertificate entry)
				throws GeneralSecurityException, IOException {
			KeyStore store = emptyStore();
			store.setKeyEntry(alias, entry.keyPair().getPrivate(), PASSWORD.toCharArray(),
					new Certificate[] { entry.certificate() });
			return encode(store);
		}

		private static byte[] trustStore(String alias, Certificate trusted) throws GeneralSecurityException, IOException {
			KeyStore store = emptyStore();
			store.setCertificateEntry(alias, trusted);
			return encode(store);
		}

		private static KeyStore emptyStore() throws GeneralSecurityException, IOException {
			KeyStore store = KeyStore.getInstance("PKCS12");
			store.load(null, null);
			return store;
		}

		private static byte[] encode(KeyStore store) throws GeneralSecurityException, IOException {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			store.store(out, PASSWORD.toCharArray());
			return out.toByteArray();
		}

	}

	/** The server's context: its key, and trust in the client's certificate. */
	public SSLContext serverContext() throws Exception {
		return context(this.serverKeyStore, this.serverTrustStore);
	}

	/** A client's context trusting the server, with the client certificate or without one. */
	public SSLContext clientContext(boolean withClientCertificate) throws Exception {
		return context(withClientCertificate ? this.clientKeyStore : null, this.clientTrustStore);
	}

	private static SSLContext context(Path keyStorePath, Path trustStorePath) throws Exception {
		KeyManagerFactory keyManagers = null;
		if (keyStorePath != null) {
			keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
			keyManagers.init(load(keyStorePath), PASSWORD.toCharArray());
		}
		TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		trustManagers.init(load(trustStorePath));
		SSLContext context = SSLContext.getInstance("TLS");
		context.init((keyManagers != null) ? keyManagers.getKeyManagers() : null, trustManagers.getTrustManagers(),
				null);
		return context;
	}

	private static KeyStore load(Path path) throws Exception {
		KeyStore store = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(path)) {
			store.load(in, PASSWORD.toCharArray());
		}
		return store;
	}

}
