package dev.sockloop.wirelog;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Renders bytes for the wire log, without moving the buffer's position. At most
 * {@link #MAX_BYTES} bytes are rendered, so that a large write cannot produce a huge log line.
 */
final class WireDump {

	static final int MAX_BYTES = 4096;

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	private WireDump() {
	}

	static String render(ByteBuffer buffer, WireLogFormat format) {
		int length = Math.min(buffer.remaining(), MAX_BYTES);
		byte[] bytes = new byte[length];
		buffer.get(buffer.position(), bytes, 0, length);
		String rendered = (format == WireLogFormat.HEX) ? hex(bytes) : text(bytes);
		return (buffer.remaining() > length)
				? rendered + System.lineSeparator() + "... " + (buffer.remaining() - length) + " more bytes" : rendered;
	}

	static String hex(byte[] bytes) {
		StringBuilder out = new StringBuilder(bytes.length * 4 + 32);
		for (int line = 0; line < bytes.length; line += 16) {
			out.append(System.lineSeparator());
			out.append(String.format("%08x  ", line));
			for (int i = line; i < line + 16; i++) {
				if (i < bytes.length) {
					out.append(HEX[(bytes[i] >> 4) & 0xF]).append(HEX[bytes[i] & 0xF]).append(' ');
				}
				else {
					out.append("   ");
				}
			}
			out.append(' ');
			for (int i = line; i < Math.min(line + 16, bytes.length); i++) {
				int b = bytes[i] & 0xFF;
				out.append((b >= 0x20 && b < 0x7F) ? (char) b : '.');
			}
		}
		return out.toString();
	}

	static String text(byte[] bytes) {
		String decoded = new String(bytes, StandardCharsets.UTF_8);
		StringBuilder out = new StringBuilder(decoded.length() + 8);
		for (int i = 0; i < decoded.length(); i++) {
			char c = decoded.charAt(i);
			switch (c) {
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\t' -> out.append("\\t");
				default -> {
					if (c < 0x20 || c == 0x7F) {
						out.append(String.format("\\x%02x", (int) c));
					}
					else {
						out.append(c);
					}
				}
			}
		}
		return out.toString();
	}

}
