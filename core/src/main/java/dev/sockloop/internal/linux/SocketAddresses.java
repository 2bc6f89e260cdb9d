package dev.sockloop.internal.linux;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Encodes and decodes {@code struct sockaddr_in} and {@code struct sockaddr_in6}:
 * <pre>
 * struct sockaddr_in  { sa_family_t family; in_port_t port; struct in_addr addr; char zero[8]; };      // 16 bytes
 * struct sockaddr_in6 { sa_family_t family; in_port_t port; uint32_t flowinfo; struct in6_addr addr;
 *                       uint32_t scope_id; };                                                             // 28 bytes
 * struct sockaddr_un  { sa_family_t family; char path[108]; };                                           // 110 bytes
 * </pre>
 * The family is in host byte order, the port and address in network byte order.
 */
final class SocketAddresses {

	static final int AF_UNIX = 1;

	static final int AF_INET = 2;

	static final int AF_INET6 = 10;

	/** Large enough for any of the structs. */
	static final int MAX_LENGTH = 112;

	/** Room for a path in {@code sockaddr_un}, keeping the terminating NUL. */
	static final int MAX_PATH_BYTES = 107;

	private SocketAddresses() {
	}

	static int family(SocketAddress address) {
		if (address instanceof UnixDomainSocketAddress) {
			return AF_UNIX;
		}
		return (((InetSocketAddress) address).getAddress() instanceof Inet6Address) ? AF_INET6 : AF_INET;
	}

	/**
	 * Writes {@code address} at the start of {@code buffer}.
	 * @return the length of the struct written
	 */
	static int encode(SocketAddress address, ByteBuffer buffer) {
		if (address instanceof UnixDomainSocketAddress unix) {
			byte[] path = unix.getPath().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
			if (path.length > MAX_PATH_BYTES) {
				throw new IllegalArgumentException("Unix socket path is longer than " + MAX_PATH_BYTES + " bytes: "
						+ unix.getPath());
			}
			buffer.order(ByteOrder.nativeOrder()).putShort(0, (short) AF_UNIX);
			buffer.put(2, path);
			buffer.put(2 + path.length, (byte) 0);
			return 2 + path.length + 1;
		}
		return encode((InetSocketAddress) address, buffer);
	}

	/**
	 * Writes {@code address} at the start of {@code buffer}.
	 * @return the length of the struct written
	 */
	static int encode(InetSocketAddress address, ByteBuffer buffer) {
		InetAddress ip = address.getAddress();
		if (ip == null) {
			throw new IllegalArgumentException("Unresolved address: " + address);
		}
		buffer.order(ByteOrder.nativeOrder()).putShort(0, (short) family(address));
		buffer.order(ByteOrder.BIG_ENDIAN).putShort(2, (short) address.getPort());
		byte[] bytes = ip.getAddress();
		if (ip instanceof Inet4Address) {
			buffer.put(4, bytes);
			buffer.putLong(8, 0);
			buffer.order(ByteOrder.nativeOrder());
			return 16;
		}
		buffer.putInt(4, 0);
		buffer.put(8, bytes);
		buffer.order(ByteOrder.nativeOrder()).putInt(24, ((Inet6Address) ip).getScopeId());
		return 28;
	}

	/**
	 * Writes {@code address} at the start of {@code buffer} as a socket of the given family takes it:
	 * an IPv4 address becomes a v4-mapped IPv6 one ({@code ::ffff:a.b.c.d}) on an IPv6 socket, which is
	 * how a dual-stack socket reaches IPv4 peers (and how it reports them, decoded back to IPv4).
	 * @param address the address
	 * @param buffer receives the sockaddr
	 * @param socketFamily {@link #AF_INET} or {@link #AF_INET6}
	 * @return the length of the struct written, or -1 if the socket cannot reach the address (an IPv6
	 * address on an IPv4 socket, or an unresolved one)
	 */
	static int encode(InetSocketAddress address, ByteBuffer buffer, int socketFamily) {
		InetAddress ip = address.getAddress();
		if (ip == null) {
			return -1;
		}
		if (socketFamily == AF_INET6 && ip instanceof Inet4Address) {
			buffer.order(ByteOrder.nativeOrder()).putShort(0, (short) AF_INET6);
			buffer.order(ByteOrder.BIG_ENDIAN).putShort(2, (short) address.getPort());
			buffer.putInt(4, 0);
			buffer.putLong(8, 0);
			buffer.putInt(16, 0xFFFF);
			buffer.put(20, ip.getAddress());
			buffer.order(ByteOrder.nativeOrder()).putInt(24, 0);
			return 28;
		}
		if (socketFamily == AF_INET && ip instanceof Inet6Address) {
			return -1;
		}
		return encode(address, buffer);
	}

	/**
	 * Reads an address from the start of {@code buffer}.
	 * @param buffer the sockaddr
	 * @param length the length the kernel reported: a Unix socket's path ends there if not before
	 * (an unnamed client socket has none, and a reused buffer holds an older path beyond it)
	 */
	static SocketAddress decode(ByteBuffer buffer, int length) {
		int family = buffer.order(ByteOrder.nativeOrder()).getShort(0);
		if (family == AF_UNIX) {
			int limit = Math.min(length, 2 + MAX_PATH_BYTES + 1);
			int end = 2;
			while (end < limit && buffer.get(end) != 0) {
				end++;
			}
			byte[] path = new byte[end - 2];
			buffer.get(2, path);
			return UnixDomainSocketAddress.of(new String(path, java.nio.charset.StandardCharsets.UTF_8));
		}
		int port = buffer.order(ByteOrder.BIG_ENDIAN).getShort(2) & 0xFFFF;
		buffer.order(ByteOrder.nativeOrder());
		try {
			if (family == AF_INET) {
				byte[] ip = new byte[4];
				buffer.get(4, ip);
				return new InetSocketAddress(InetAddress.getByAddress(ip), port);
			}
			if (family == AF_INET6) {
				byte[] ip = new byte[16];
				buffer.get(8, ip);
				int scope = buffer.getInt(24);
				InetAddress address = (scope != 0) ? Inet6Address.getByAddress(null, ip, scope)
						: InetAddress.getByAddress(ip);
				return new InetSocketAddress(address, port);
			}
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException("Kernel returned a malformed address", ex);
		}
		throw new IllegalStateException("Unsupported address family " + family);
	}

}
