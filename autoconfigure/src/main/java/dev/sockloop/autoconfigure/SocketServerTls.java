package dev.sockloop.autoconfigure;

import java.util.Arrays;
import java.util.List;

import javax.net.ssl.SSLContext;

import dev.sockloop.server.SocketServer;
import dev.sockloop.server.SocketServerBuilder;
import dev.sockloop.tls.TlsEngineFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.util.StringUtils;

/**
 * Applies a server's {@code ssl} settings: resolves the named bundle from Spring Boot's
 * {@link SslBundles} and sets the engine's TLS option on the server's builder.
 */
final class SocketServerTls {

	private SocketServerTls() {
	}

	/**
	 * Sets the builder's TLS option if the server names a bundle; leaves the server plain TCP
	 * otherwise. The server then holds the counters, as {@link SocketServer#tlsStats()}.
	 * @param serverName the server
	 * @param ssl the server's TLS settings
	 * @param bundles Spring Boot's bundles, if configured
	 * @param builder the server's builder
	 * @throws IllegalStateException if the bundle does not exist
	 */
	static void configure(String serverName, SockloopProperties.Server.Ssl ssl, ObjectProvider<SslBundles> bundles,
			SocketServerBuilder builder) {
		String bundleName = ssl.getBundle();
		if (!StringUtils.hasText(bundleName)) {
			return;
		}
		SslBundle bundle = bundle(serverName, bundleName, bundles.getIfAvailable());
		SSLContext context = bundle.createSslContext();
		SslOptions options = bundle.getOptions();
		TlsEngineFactory engines = TlsEngineFactory.of(context, ssl.getClientAuth(),
				list(options.getEnabledProtocols()), list(options.getCiphers()));
		builder.tls(engines, ssl.getHandshakeTimeout());
	}

	private static SslBundle bundle(String serverName, String bundleName, SslBundles bundles) {
		String property = "sockloop.servers." + serverName + ".ssl.bundle";
		if (bundles == null) {
			throw new IllegalStateException("Sockloop server '" + serverName + "' names SSL bundle '" + bundleName
					+ "' (" + property + ") but the application has no SslBundles: configure the bundle under "
					+ "spring.ssl.bundle.jks." + bundleName + " or spring.ssl.bundle.pem." + bundleName + ".");
		}
		try {
			return bundles.getBundle(bundleName);
		}
		catch (NoSuchSslBundleException ex) {
			// Our message says all that Spring's does, and names the server and the property.
			throw new IllegalStateException("Sockloop server '" + serverName + "' names SSL bundle '" + bundleName
					+ "' (" + property + "), which is not configured; configured bundles: " + bundles.getBundleNames()
					+ ". Configure it under spring.ssl.bundle.jks." + bundleName + " or spring.ssl.bundle.pem."
					+ bundleName + ".");
		}
	}

	private static List<String> list(String[] values) {
		return (values != null) ? Arrays.asList(values) : List.of();
	}

}
