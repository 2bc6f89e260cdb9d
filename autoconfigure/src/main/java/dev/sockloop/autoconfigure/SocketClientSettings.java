package dev.sockloop.autoconfigure;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import dev.sockloop.client.SocketClient;
import dev.sockloop.codec.FrameCodec;
import dev.sockloop.codec.TextCodec;
import dev.sockloop.spring.Codec;
import dev.sockloop.tls.ClientTlsEngineFactory;

import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.util.StringUtils;
import org.springframework.util.unit.DataSize;

/**
 * Applies {@code sockloop.client.*} to the client's builder: timeouts, water marks, codecs, the
 * exchange limits and TLS from an SSL bundle. Errors name the property at fault.
 */
final class SocketClientSettings {

	private static final String PREFIX = "sockloop.client.";

	private SocketClientSettings() {
	}

	/**
	 * Sets every client property on {@code builder}.
	 * @param client the client's properties
	 * @param bundles Spring Boot's bundles, {@code null} if the application has none
	 * @param builder the client's builder
	 * @return the builder
	 * @throws IllegalStateException if a property is out of range or names a missing bundle
	 */
	static SocketClient.Builder configure(SockloopProperties.Client client, SslBundles bundles,
			SocketClient.Builder builder) {
		builder.connectTimeout(client.getConnectTimeout())
			.tcpNoDelay(client.isTcpNoDelay())
			.idleTimeout(orZero(client.getIdleTimeout()))
			.readTimeout(orZero(client.getReadTimeout()))
			.writeTimeout(orZero(client.getWriteTimeout()))
			.writeHighWaterMark(bytes("write-high-water-mark", client.getWriteHighWaterMark()))
			.writeLowWaterMark(bytes("write-low-water-mark", client.getWriteLowWaterMark()))
			.codec(frames(client))
			.textCodec(new TextCodec(client.getCharset(), client.getMalformedInput()))
			.exchangeTimeout(orZero(client.getExchangeTimeout()));
		if (client.getMaxPendingExchanges() < 1) {
			throw new IllegalStateException(PREFIX + "max-pending-exchanges must be at least 1, was "
					+ client.getMaxPendingExchanges() + ".");
		}
		builder.maxPendingExchanges(client.getMaxPendingExchanges());
		String bundleName = client.getSsl().getBundle();
		if (StringUtils.hasText(bundleName)) {
			SslBundle bundle = bundle(bundleName, bundles);
			SslOptions options = bundle.getOptions();
			builder.tls(ClientTlsEngineFactory.of(bundle.createSslContext(), list(options.getEnabledProtocols()),
					list(options.getCiphers())), orZero(client.getSsl().getHandshakeTimeout()));
		}
		return builder;
	}

	private static FrameCodec frames(SockloopProperties.Client client) {
		Codec codec = (client.getCodec() != null) ? client.getCodec() : Codec.RAW;
		int maxFrameLength = bytes("max-frame-length", client.getMaxFrameLength());
		if (codec != Codec.RAW && codec != Codec.DEFAULT && codec != Codec.FIXED_LENGTH && maxFrameLength <= 0) {
			throw new IllegalStateException(PREFIX + "max-frame-length must be positive, was "
					+ client.getMaxFrameLength() + ".");
		}
		return switch (codec) {
			case DEFAULT, RAW -> FrameCodec.raw();
			case LINE -> FrameCodec.line(maxFrameLength);
			case DELIMITER -> {
				if (!StringUtils.hasLength(client.getDelimiter())) {
					throw new IllegalStateException(PREFIX + "delimiter must be set when " + PREFIX
							+ "codec is delimiter.");
				}
				yield FrameCodec.delimiter(client.getDelimiter().getBytes(client.getCharset()), maxFrameLength);
			}
			case FIXED_LENGTH -> {
				if (client.getFrameLength() == null || client.getFrameLength().toBytes() <= 0) {
					throw new IllegalStateException(PREFIX + "frame-length must be a positive size when " + PREFIX
							+ "codec is fixed-length.");
				}
				yield FrameCodec.fixedLength(bytes("frame-length", client.getFrameLength()));
			}
			case LENGTH_FIELD -> {
				int size = client.getLengthFieldSize();
				if (size != 1 && size != 2 && size != 4 && size != 8) {
					throw new IllegalStateException(PREFIX + "length-field-size must be 1, 2, 4 or 8, was " + size + ".");
				}
				yield FrameCodec.lengthField(size, client.getLengthAdjustment(), maxFrameLength);
			}
		};
	}

	private static SslBundle bundle(String bundleName, SslBundles bundles) {
		String property = PREFIX + "ssl.bundle";
		if (bundles == null) {
			throw new IllegalStateException(property + " names SSL bundle '" + bundleName
					+ "' but the application has no SslBundles: configure the bundle under spring.ssl.bundle.jks."
					+ bundleName + " or spring.ssl.bundle.pem." + bundleName + ".");
		}
		try {
			return bundles.getBundle(bundleName);
		}
		catch (NoSuchSslBundleException ex) {
			throw new IllegalStateException(property + " names SSL bundle '" + bundleName
					+ "', which is not configured; configured bundles: " + bundles.getBundleNames()
					+ ". Configure it under spring.ssl.bundle.jks." + bundleName + " or spring.ssl.bundle.pem."
					+ bundleName + ".");
		}
	}

	private static int bytes(String property, DataSize size) {
		long bytes = size.toBytes();
		if (bytes < 0 || bytes > Integer.MAX_VALUE) {
			throw new IllegalStateException(PREFIX + property + " must be between 0 and 2 GB, was " + size + ".");
		}
		return (int) bytes;
	}

	private static Duration orZero(Duration timeout) {
		return (timeout != null) ? timeout : Duration.ZERO;
	}

	private static List<String> list(String[] values) {
		return (values != null) ? Arrays.asList(values) : List.of();
	}

}
