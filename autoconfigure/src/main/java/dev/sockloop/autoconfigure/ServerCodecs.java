package dev.sockloop.autoconfigure;

import java.nio.charset.Charset;
import java.util.Locale;
import java.util.function.Function;

import dev.sockloop.codec.FrameCodec;
import dev.sockloop.codec.TextCodec;
import dev.sockloop.spring.Codec;

import org.springframework.util.StringUtils;
import org.springframework.util.unit.DataSize;

/**
 * The frame and text codecs of one server, built from its settings.
 *
 * @param frames framing of inbound and outbound bytes
 * @param text conversion between frames and strings
 */
record ServerCodecs(FrameCodec frames, TextCodec text) {

	/**
	 * Builds the codecs for a server.
	 * @param serverName the server's name, for error messages
	 * @param annotated the codec given on the annotation; {@link Codec#DEFAULT} to take
	 * {@code sockloop.servers.<name>.codec}
	 * @param settings the server's settings
	 * @param codecBeans the application's {@link FrameCodec} beans by name: {@code null} for a name
	 * that is not one
	 * @return the codecs
	 * @throws IllegalStateException if the codec is unknown, or a setting it needs is missing or out
	 * of range
	 */
	static ServerCodecs of(String serverName, Codec annotated, SockloopProperties.Server settings,
			Function<String, FrameCodec> codecBeans) {
		int maxFrameLength = bytes(serverName, "max-frame-length", settings.getMaxFrameLength());
		Codec codec = (annotated != Codec.DEFAULT) ? annotated : builtIn(settings.getCodec());
		if (codec != null) {
			return of(serverName, codec, settings, maxFrameLength);
		}
		FrameCodec custom = codecBeans.apply(settings.getCodec().trim());
		if (custom == null) {
			throw new IllegalStateException("Sockloop server '" + serverName + "': 'sockloop.servers." + serverName
					+ ".codec' must be raw, line, delimiter, fixed-length, length-field or the name of a FrameCodec"
					+ " bean, was '" + settings.getCodec() + "'.");
		}
		// The server's max-frame-length bounds your codec as it bounds the built-in ones.
		return new ServerCodecs(custom.withMaxFrameLength(maxFrameLength),
				new TextCodec(settings.getCharset(), settings.getMalformedInput()));
	}

	/**
	 * The built-in codec a name in {@code sockloop.servers.<name>.codec} stands for, matched as the
	 * binder matches enum values ({@code length-field}, {@code LENGTH_FIELD}, {@code lengthField}).
	 * Built-in names win over beans of the same name.
	 * @return the codec, raw when unset, or {@code null} if the name is not a built-in one
	 */
	private static Codec builtIn(String name) {
		if (!StringUtils.hasText(name)) {
			return Codec.RAW;
		}
		String wanted = canonical(name);
		for (Codec codec : Codec.values()) {
			if (canonical(codec.name()).equals(wanted)) {
				return codec;
			}
		}
		return null;
	}

	private static String canonical(String name) {
		return name.trim().replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
	}

	private static ServerCodecs of(String serverName, Codec codec, SockloopProperties.Server settings,
			int maxFrameLength) {
		FrameCodec frames = switch (codec) {
			case DEFAULT, RAW -> FrameCodec.raw();
			case LINE -> FrameCodec.line(maxFrameLength);
			case DELIMITER -> FrameCodec.delimiter(delimiter(serverName, settings), maxFrameLength);
			case FIXED_LENGTH -> FrameCodec.fixedLength(frameLength(serverName, settings));
			case LENGTH_FIELD -> lengthField(serverName, settings, maxFrameLength);
		};
		return new ServerCodecs(frames, new TextCodec(settings.getCharset(), settings.getMalformedInput()));
	}

	private static byte[] delimiter(String serverName, SockloopProperties.Server settings) {
		if (!StringUtils.hasLength(settings.getDelimiter())) {
			throw new IllegalStateException("Sockloop server '" + serverName
					+ "' uses the delimiter codec but 'sockloop.servers." + serverName + ".delimiter' is not set.");
		}
		Charset charset = settings.getCharset();
		return settings.getDelimiter().getBytes(charset);
	}

	private static int frameLength(String serverName, SockloopProperties.Server settings) {
		if (settings.getFrameLength() == null || settings.getFrameLength().toBytes() <= 0) {
			throw new IllegalStateException("Sockloop server '" + serverName
					+ "' uses the fixed-length codec but 'sockloop.servers." + serverName
					+ ".frame-length' is not set to a positive size.");
		}
		return bytes(serverName, "frame-length", settings.getFrameLength());
	}

	private static FrameCodec lengthField(String serverName, SockloopProperties.Server settings, int maxFrameLength) {
		int size = settings.getLengthFieldSize();
		if (size != 1 && size != 2 && size != 4 && size != 8) {
			throw new IllegalStateException("Sockloop server '" + serverName + "': 'sockloop.servers." + serverName
					+ ".length-field-size' must be 1, 2, 4 or 8, was " + size + ".");
		}
		return FrameCodec.lengthField(size, settings.getLengthAdjustment(), maxFrameLength);
	}

	static int bytes(String serverName, String property, DataSize size) {
		long bytes = size.toBytes();
		if (bytes < 0 || bytes > Integer.MAX_VALUE) {
			throw new IllegalStateException("Sockloop server '" + serverName + "': 'sockloop.servers." + serverName
					+ "." + property + "' must be between 0 and 2 GB, was " + size + ".");
		}
		return (int) bytes;
	}

}
