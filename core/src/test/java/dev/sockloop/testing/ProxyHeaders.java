package dev.sockloop.testing;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * PROXY protocol headers as a load balancer writes them, for tests.
 */
public final class ProxyHeaders {

	/** The twelve bytes that start every version 2 header. */
	public static final byte[] V2_SIGNATURE = { 0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54,
			0x0A };

	private ProxyHeaders() {
	}

	/**
	 * A version 1 header.
	 * @param line what follows {@code "PROXY "}, without the CRLF
	 * @return the header's bytes
	 */
	public static byte[] v1(String line) {
		return ("PROXY " + line + "\r\n").getBytes(StandardCharsets.US_ASCII);
	}

	/**
	 * A version 2 {@code PROXY} header for TCP over IPv4 or IPv6 (by the source address's family).
	 * @param source the client
	 * @param destination the address it connected to
	 * @param tlvs bytes appended after the addresses (TLVs), may be empty
	 * @return the header's bytes
	 */
	public static byte[] v2(InetSocketAddress source, InetSocketAddress destination, byte[] tlvs) {
		byte[] src = source.getAddress().getAddress();
		byte[] dst = destination.getAddress().getAddress();
		ByteArrayOutputStream addresses = new ByteArrayOutputStream();
		addresses.writeBytes(src);
		addresses.writeBytes(dst);
		writeShort(addresses, source.getPort());
		writeShort(addresses, destination.getPort());
		addresses.writeBytes(tlvs);
		return v2(0x21, (src.length == 4) ? 0x11 : 0x21, addresses.toByteArray());
	}

	/**
	 * A version 2 header from its parts.
	 * @param versionCommand byte 13: 0x20 LOCAL, 0x21 PROXY
	 * @param familyProtocol byte 14: 0x11 TCP over IPv4, 0x21 TCP over IPv6, 0x31 Unix stream, 0x00
	 * unspecified
	 * @param payload addresses and TLVs; its length becomes bytes 15 and 16
	 * @return the header's bytes
	 */
	public static byte[] v2(int versionCommand, int familyProtocol, byte[] payload) {
		return v2(versionCommand, familyProtocol, payload.length, payload);
	}

	/**
	 * A version 2 header whose length field may lie about its payload.
	 * @param versionCommand byte 13
	 * @param familyProtocol byte 14
	 * @param length the length field
	 * @param payload the bytes that follow
	 * @return the header's bytes
	 */
	public static byte[] v2(int versionCommand, int familyProtocol, int length, byte[] payload) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(V2_SIGNATURE);
		out.write(versionCommand);
		out.write(familyProtocol);
		writeShort(out, length);
		out.writeBytes(payload);
		return out.toByteArray();
	}

	/**
	 * A TLV of the version 2 header.
	 * @param type its type
	 * @param value its value
	 * @return the TLV's bytes
	 */
	public static byte[] tlv(int type, byte[] value) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write(type);
		writeShort(out, value.length);
		out.writeBytes(value);
		return out.toByteArray();
	}

	/**
	 * Concatenates byte arrays.
	 * @param parts the arrays
	 * @return one array
	 */
	public static byte[] concat(byte[]... parts) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			out.writeBytes(part);
		}
		return out.toByteArray();
	}

	private static void writeShort(ByteArrayOutputStream out, int value) {
		out.write((value >> 8) & 0xFF);
		out.write(value & 0xFF);
	}

}
