package dev.sockloop.autoconfigure;

import java.util.Arrays;
import java.util.List;

import javax.net.ssl.SSLContext;

import dev.sockloop.server.SocketServer;
import dev.sockloop.server.SocketServerBuilder;
import dev.sockloop.tls.TlsEngineFactory;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.util.StringUtils;

/**
 * Applies a server's {@code ssl} settings: resolves the named bundle from Spring Boot's
 * {@link SslBundles} and sets the engine's TLS option on the server's builder. A bundle with
 * {@code reload-on-update} rotates without a restart: its update reaches new connections.
 */
final class SocketServerTls {

	private static final Log logger = LogFactory.getLog(SocketServerTls.class);

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
		SslBundles sslBundles = bundles.getIfAvailable();
		SslBundle bundle = bundle(serverName, bundleName, sslBundles);
		SwappableTlsEngines engines = new SwappableTlsEngines(engines(bundle, ssl));
		// Called by Boot when a bundle with reload-on-update sees its files change (and never
		// otherwise): new connections get the new material, open ones keep theirs.
		sslBundles.addBundleUpdateHandler(bundleName, (updated) -> reload(serverName, bundleName, ssl, updated, engines));
		builder.tls(engines, ssl.getHandshakeTimeout());
	}

	private static void reload(String serverName, String bundleName, SockloopProperties.Server.Ssl ssl,
			SslBundle updated, SwappableTlsEngines engines) {
		try {
			engines.swap(engines(updated, ssl));
			logger.info("Sockloop server '" + serverName + "': SSL bundle '" + bundleName
					+ "' reloaded; new connections use it, open ones keep the material they started with");
		}
		catch (RuntimeException ex) {
			logger.error("Sockloop server '" + serverName + "': SSL bundle '" + bundleName
					+ "' changed but could not be used; new connections keep the previous material", ex);
		}
	}

	private static TlsEngineFactory engines(SslBundle bundle, SockloopProperties.Server.Ssl ssl) {
		SSLContext context = bundle.createSslContext();
		SslOptions options = bundle.getOptions();
		return TlsEngineFactory.of(context, ssl.getClientAuth(), list(options.getEnabledProtocols()),
				list(options.getCiphers()));
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
