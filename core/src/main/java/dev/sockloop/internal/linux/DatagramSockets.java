package dev.sockloop.internal.linux;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * UDP socket calls. {@link #receive} and {@link #send} move a whole {@link MessageVector} per call
 * and return a negative errno instead of throwing, so that {@code EAGAIN} costs a comparison;
 * set-up calls throw {@link NativeCallException}.
 */
public final class DatagramSockets {

	private static final int SOCK_DGRAM = 2;

	private static final int SOCK_NONBLOCK = 0x800;

	private static final int SOCK_CLOEXEC = 0x80000;

	private static final int SOL_SOCKET = 1;

	private static final int SO_RXQ_OVFL = 40;

	private static final int IPPROTO_IP = 0;

	private static final int IPPROTO_IPV6 = 41;

	private static final int IP_ADD_MEMBERSHIP = 35;

	private static final int IP_DROP_MEMBERSHIP = 36;

	private static final int IPV6_ADD_MEMBERSHIP = 20;

	private static final int IPV6_DROP_MEMBERSHIP = 21;

	private DatagramSockets() {
	}

	/**
	 * The address family of a socket for {@code address}.
	 * @param address the address
	 * @return {@code AF_INET} or {@code AF_INET6}
	 */
	public static int family(InetSocketAddress address) {
		return SocketAddresses.family(address);
	}

	/**
	 * Creates a non-blocking, close-on-exec UDP socket for the address's family. An IPv6 socket is
	 * dual-stack (the kernel default): bound to {@code ::} it serves IPv4 peers too.
	 * @param address the address the socket will bind
	 * @return the fd
	 */
	public static int newDatagramSocket(InetSocketAddress address) {
		int fd = LibC.socket(family(address), SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
		if (fd < 0) {
			throw new NativeCallException("socket", Errno.last());
		}
		return fd;
	}

	/**
	 * Asks the kernel to attach its count of dropped datagrams to what it hands over
	 * ({@code SO_RXQ_OVFL}, Linux 2.6.33 and later).
	 * @param fd the socket
	 * @return {@code false} if the kernel refused
	 */
	public static boolean enableDropCount(int fd) {
		try {
			Sockets.setInt(fd, SOL_SOCKET, SO_RXQ_OVFL, 1, "SO_RXQ_OVFL");
			return true;
		}
		catch (NativeCallException ex) {
			return false;
		}
	}

	/**
	 * Joins a multicast group on an interface.
	 * @param fd the socket
	 * @param ipv6Socket whether the socket is IPv6
	 * @param group the group
	 * @param interfaceIndex the interface's index, or 0 to let the kernel choose by route
	 */
	public static void joinGroup(int fd, boolean ipv6Socket, InetAddress group, int interfaceIndex) {
		membership(fd, ipv6Socket, group, interfaceIndex, true);
	}

	/**
	 * Leaves a multicast group.
	 * @param fd the socket
	 * @param ipv6Socket whether the socket is IPv6
	 * @param group the group
	 * @param interfaceIndex the interface's index, as joined
	 */
	public static void leaveGroup(int fd, boolean ipv6Socket, InetAddress group, int interfaceIndex) {
		membership(fd, ipv6Socket, group, interfaceIndex, false);
	}

	/**
	 * {@code struct ip_mreqn { struct in_addr multiaddr; struct in_addr address; int ifindex; }} (12
	 * bytes) for an IPv4 group, {@code struct ipv6_mreq { struct in6_addr multiaddr; int ifindex; }}
	 * (20 bytes) for an IPv6 one.
	 */
	private static void membership(int fd, boolean ipv6Socket, InetAddress group, int interfaceIndex, boolean join) {
		ByteBuffer request = NativeMemory.allocate(20);
		byte[] address = group.getAddress();
		int rc;
		String call;
		if (group instanceof Inet4Address) {
			request.put(0, address);
			request.putInt(8, interfaceIndex);
			call = join ? "IP_ADD_MEMBERSHIP" : "IP_DROP_MEMBERSHIP";
			rc = LibC.setsockopt(fd, IPPROTO_IP, join ? IP_ADD_MEMBERSHIP : IP_DROP_MEMBERSHIP,
					NativeMemory.address(request), 12);
		}
		else {
			if (!ipv6Socket) {
				throw new IllegalArgumentException("An IPv4 socket cannot join the IPv6 group " + group);
			}
			request.put(0, address);
			request.putInt(16, interfaceIndex);
			call = join ? "IPV6_ADD_MEMBERSHIP" : "IPV6_DROP_MEMBERSHIP";
			rc = LibC.setsockopt(fd, IPPROTO_IPV6, join ? IPV6_ADD_MEMBERSHIP : IPV6_DROP_MEMBERSHIP,
					NativeMemory.address(request), 20);
		}
		if (rc < 0) {
			throw new NativeCallException("setsockopt(" + call + ")", Errno.last());
		}
	}

	/**
	 * Receives up to {@code count} datagrams into the first slots of a receiving vector.
	 * @param fd the socket
	 * @param vector the vector
	 * @param count datagrams at most, no more than its capacity
	 * @return datagrams received, or a negative errno ({@code -EAGAIN} when none is waiting)
	 */
	public static int receive(int fd, MessageVector vector, int count) {
		vector.prepareReceive(count);
		int n = LibC.recvmmsg(fd, vector.address(), count, 0, 0);
		return n < 0 ? -Errno.last() : n;
	}

	/**
	 * Sends the datagrams prepared in the first {@code count} slots of a sending vector.
	 * @param fd the socket
	 * @param vector the vector
	 * @param count datagrams prepared
	 * @return datagrams sent (fewer than {@code count} when one failed or the buffer filled: the next
	 * call reports it), or a negative errno for the first one
	 */
	public static int send(int fd, MessageVector vector, int count) {
		int n = LibC.sendmmsg(fd, vector.address(), count, 0);
		return n < 0 ? -Errno.last() : n;
	}

}
