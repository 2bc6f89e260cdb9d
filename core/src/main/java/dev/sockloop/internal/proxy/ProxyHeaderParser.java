package dev.sockloop.internal.proxy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Parses the PROXY protocol header at the start of a stream, versions 1 and 2, as specified in
 * HAProxy's {@code doc/proxy-protocol.txt}. Pure: it looks at the bytes received so far and says
 * whether they hold a complete header, could still become one, or cannot. Addresses are parsed as
 * literals only: nothing a peer sends can cause a name lookup.
 */
public final class ProxyHeaderParser {

	/** Longest version 1 header, {@code CRLF} included, as the specification bounds it. */
	public static final int MAX_V1_LENGTH = 107;

	/**
	 * Longest address block and TLVs of a version 2 header that we accept. The format allows 65,535;
	 * load balancers send the addresses (at most 216 bytes, for {@code AF_UNIX}) and a few short TLVs,
	 * and every byte of it is held per connection until the header is complete.
	 */
	public static final int MAX_V2_PAYLOAD = 4096;

	/** The fixed part of a version 2 header: signature, version and command, family, length. */
	static final int V2_PREFIX_LENGTH = 16;

	/** Longest header of either version. */
	public static final int MAX_LENGTH = V2_PREFIX_LENGTH + MAX_V2_PAYLOAD;

	private static final byte[] V1_SIGNATURE = "PROXY ".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] V2_SIGNATURE = { 0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54,
			0x0A };

	private static final int AF_UNSPEC = 0x0;

	private static final int AF_INET = 0x1;

	private static final int AF_INET6 = 0x2;

	private static final int AF_UNIX = 0x3;

	private static final int UNIX_PATH_LENGTH = 108;

	private ProxyHeaderParser() {
	}

	/**
	 * Parses the first {@code length} bytes of a stream.
	 * @param bytes the bytes received so far
	 * @param length how many of them
	 * @return the header; {@link ProxyHeader#ABSENT} when the bytes do not start with a signature of
	 * either version; {@code null} when more bytes are needed to tell
	 * @throws ProxyHeaderException when they start with a signature but are no valid header
	 */
	public static ProxyHeader parse(byte[] bytes, int length) throws ProxyHeaderException {
		if (length == 0) {
			return null;
		}
		if (startsWith(bytes, length, V2_SIGNATURE)) {
			return (length < V2_SIGNATURE.length) ? null : parseV2(bytes, length);
		}
		if (startsWith(bytes, length, V1_SIGNATURE)) {
			return (length < V1_SIGNATURE.length) ? null : parseV1(bytes, length);
		}
		return ProxyHeader.ABSENT;
	}

	/** Whether the bytes so far agree with {@code signature}, as far as they go. */
	private static boolean startsWith(byte[] bytes, int length, byte[] signature) {
		int n = Math.min(length, signature.length);
		return Arrays.equals(bytes, 0, n, signature, 0, n);
	}

	// ---- version 1: "PROXY TCP4 192.0.2.1 198.51.100.1 56324 443\r\n"

	private static ProxyHeader parseV1(byte[] bytes, int length) throws ProxyHeaderException {
		int end = -1;
		// The CR may sit at index 105 at most, so that CRLF ends within 107 bytes.
		int limit = Math.min(length, MAX_V1_LENGTH - 1);
		for (int i = V1_SIGNATURE.length; i < limit; i++) {
			byte b = bytes[i];
			if (b == '\r') {
				end = i;
				break;
			}
			if (b < 0x20 || b > 0x7E) {
				throw new ProxyHeaderException("PROXY v1 header holds a byte that is not printable ASCII");
			}
		}
		if (end < 0) {
			if (length >= MAX_V1_LENGTH - 1) {
				throw new ProxyHeaderException("PROXY v1 header has no CRLF within " + MAX_V1_LENGTH + " bytes");
			}
			return null;
		}
		if (end + 1 >= length) {
			return null; // CR seen, LF not yet
		}
		if (bytes[end + 1] != '\n') {
			throw new ProxyHeaderException("PROXY v1 header has a CR not followed by LF");
		}
		String line = new String(bytes, V1_SIGNATURE.length, end - V1_SIGNATURE.length, StandardCharsets.US_ASCII);
		int headerLength = end + 2;
		if (line.equals("UNKNOWN") || line.startsWith("UNKNOWN ")) {
			return new ProxyHeader(headerLength, null, null);
		}
		String[] fields = line.split(" ", -1);
		if (fields.length != 5 || !(fields[0].equals("TCP4") || fields[0].equals("TCP6"))) {
			throw new ProxyHeaderException("PROXY v1 header is not 'TCP4|TCP6 <src> <dst> <sport> <dport>' or UNKNOWN");
		}
		boolean v4 = fields[0].equals("TCP4");
		InetAddress source = v1Address(fields[1], v4);
		InetAddress destination = v1Address(fields[2], v4);
		return new ProxyHeader(headerLength, new InetSocketAddress(source, v1Port(fields[3])),
				new InetSocketAddress(destination, v1Port(fields[4])));
	}

	private static InetAddress v1Address(String text, boolean v4) throws ProxyHeaderException {
		byte[] address = v4 ? ipv4(text) : ipv6(text);
		if (address == null) {
			throw new ProxyHeaderException("PROXY v1 header has an invalid " + (v4 ? "IPv4" : "IPv6") + " address");
		}
		try {
			return InetAddress.getByAddress(address);
		}
		catch (UnknownHostException ex) {
			throw new ProxyHeaderException("PROXY v1 header has an invalid address");
		}
	}

	/** Four decimal parts of 0 to 255, and nothing else: {@link InetAddress#getByName} would resolve names. */
	private static byte[] ipv4(String text) {
		String[] parts = text.split("\\.", -1);
		if (parts.length != 4) {
			return null;
		}
		byte[] address = new byte[4];
		for (int i = 0; i < 4; i++) {
			int value = decimal(parts[i], 3);
			if (value < 0 || value > 255) {
				return null;
			}
			address[i] = (byte) value;
		}
		return address;
	}

	/**
	 * An IPv6 literal: only hex digits, colons and dots (for an embedded IPv4 part) reach the JDK,
	 * which parses a string with a colon as a literal and never looks it up.
	 */
	private static byte[] ipv6(String text) {
		if (text.isEmpty() || text.length() > 45 || text.indexOf(':') < 0) {
			return null;
		}
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.digit(c, 16) < 0 && c != ':' && c != '.') {
				return null;
			}
		}
		try {
			byte[] address = InetAddress.getByName(text).getAddress();
			if (address.length == 4) {
				// "::ffff:a.b.c.d" comes back as IPv4: keep the family the header named.
				byte[] mapped = new byte[16];
				mapped[10] = (byte) 0xFF;
				mapped[11] = (byte) 0xFF;
				System.arraycopy(address, 0, mapped, 12, 4);
				return mapped;
			}
			return address;
		}
		catch (UnknownHostException ex) {
			return null;
		}
	}

	private static int v1Port(String text) throws ProxyHeaderException {
		int port = decimal(text, 5);
		if (port < 0 || port > 65535) {
			throw new ProxyHeaderException("PROXY v1 header has an invalid port");
		}
		return port;
	}

	/** A number of 1 to {@code maxDigits} ASCII digits, or -1. */
	private static int decimal(String text, int maxDigits) {
		if (text.isEmpty() || text.length() > maxDigits) {
			return -1;
		}
		int value = 0;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c < '0' || c > '9') {
				return -1;
			}
			value = value * 10 + (c - '0');
		}
		return value;
	}

	// ---- version 2: signature, version/command, family/protocol, length, addresses, TLVs

	private static ProxyHeader parseV2(byte[] bytes, int length) throws ProxyHeaderException {
		if (length < V2_PREFIX_LENGTH) {
			return null;
		}
		int versionCommand = bytes[12] & 0xFF;
		if ((versionCommand >> 4) != 2) {
			throw new ProxyHeaderException("PROXY v2 header has version " + (versionCommand >> 4) + ", not 2");
		}
		int command = versionCommand & 0x0F;
		if (command > 1) {
			throw new ProxyHeaderException("PROXY v2 header has command " + command + ", neither LOCAL nor PROXY");
		}
		int family = (bytes[13] & 0xFF) >> 4;
		int protocol = bytes[13] & 0x0F;
		int payload = ((bytes[14] & 0xFF) << 8) | (bytes[15] & 0xFF);
		if (payload > MAX_V2_PAYLOAD) {
			throw new ProxyHeaderException("PROXY v2 header announces " + payload + " bytes of addresses and TLVs, over "
					+ MAX_V2_PAYLOAD);
		}
		int headerLength = V2_PREFIX_LENGTH + payload;
		if (length < headerLength) {
			return null;
		}
		if (command == 0 || family == AF_UNSPEC) {
			// LOCAL: the balancer's own connection (a health check); the socket's peer is the truth.
			return new ProxyHeader(headerLength, null, null);
		}
		if (protocol > 1) {
			throw new ProxyHeaderException("PROXY v2 header is for a datagram or unknown protocol, not a stream");
		}
		int offset = V2_PREFIX_LENGTH;
		switch (family) {
			case AF_INET: {
				requirePayload(payload, 12, "AF_INET");
				return new ProxyHeader(headerLength, inet(bytes, offset, 4, offset + 8),
						inet(bytes, offset + 4, 4, offset + 10));
			}
			case AF_INET6: {
				requirePayload(payload, 36, "AF_INET6");
				return new ProxyHeader(headerLength, inet(bytes, offset, 16, offset + 32),
						inet(bytes, offset + 16, 16, offset + 34));
			}
			case AF_UNIX: {
				requirePayload(payload, 2 * UNIX_PATH_LENGTH, "AF_UNIX");
				return new ProxyHeader(headerLength, unix(bytes, offset), unix(bytes, offset + UNIX_PATH_LENGTH));
			}
			default:
				throw new ProxyHeaderException("PROXY v2 header has unknown address family " + family);
		}
	}

	private static void requirePayload(int payload, int needed, String family) throws ProxyHeaderException {
		if (payload < needed) {
			throw new ProxyHeaderException("PROXY v2 header is too short for " + family + " addresses: " + payload
					+ " bytes, " + needed + " needed");
		}
	}

	private static InetSocketAddress inet(byte[] bytes, int offset, int size, int portOffset)
			throws ProxyHeaderException {
		try {
			InetAddress address = InetAddress.getByAddress(Arrays.copyOfRange(bytes, offset, offset + size));
			int port = ((bytes[portOffset] & 0xFF) << 8) | (bytes[portOffset + 1] & 0xFF);
			return new InetSocketAddress(address, port);
		}
		catch (UnknownHostException ex) {
			throw new ProxyHeaderException("PROXY v2 header has an invalid address");
		}
	}

	/** A path up to its first NUL; none (unnamed or abstract socket) gives {@code null}. */
	private static SocketAddress unix(byte[] bytes, int offset) {
		int end = offset;
		while (end < offset + UNIX_PATH_LENGTH && bytes[end] != 0) {
			end++;
		}
		if (end == offset) {
			return null;
		}
		try {
			return UnixDomainSocketAddress.of(new String(bytes, offset, end - offset, StandardCharsets.UTF_8));
		}
		catch (RuntimeException ex) {
			return null; // not a path this platform can name
		}
	}

}
