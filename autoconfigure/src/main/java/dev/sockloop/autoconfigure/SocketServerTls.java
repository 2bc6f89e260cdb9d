package dev.sockloop.autoconfigure;

import java.util.Arrays;
import java.util.List;

import javax.net.ssl.SSLContext;

import dev.sockloop.connection.ConnectionHandler;
import dev.sockloop.tls.TlsEngineFactory;
import dev.sockloop.tls.TlsHandler;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.util.StringUtils;

/**
 * Applies a server's {@code ssl} settings: resolves the named bundle from Spring Boot's
 * {@link SslBundles} and wraps the server's handler in a {@link TlsHandler}.
 */
final class SocketServerTls {

	private SocketServerTls() {
	}

	/**
	 * Wraps {@code handler} in TLS if the server names a bundle.
	 * @param serverName the server
	 * @param ssl the server's TLS settings
	 * @param bundles Spring Boot's bundles, if configured
	 * @param handler the application's handler
	 * @return the handler to give the server: a {@link TlsHandler}, whose counters are
	 * {@link TlsHandler#stats()}, or {@code handler} itself for plain TCP
	 * @throws IllegalStateException if the bundle does not exist
	 */
	static ConnectionHandler apply(String serverName, SockloopProperties.Server.Ssl ssl,
			ObjectProvider<SslBundles> bundles, ConnectionHandler handler) {
		String bundleName = ssl.getBundle();
		if (!StringUtils.hasText(bundleName)) {
			return handler;
		}
		SslBundle bundle = bundle(serverName, bundleName, bundles.getIfAvailable());
		SSLContext context = bundle.createSslContext();
		SslOptions options = bundle.getOptions();
		TlsEngineFactory engines = TlsEngineFactory.of(context, ssl.getClientAuth(),
				list(options.getEnabledProtocols()), list(options.getCiphers()));
		return new TlsHandler(serverName, engines, ssl.getHandshakeTimeout(), handler);
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
