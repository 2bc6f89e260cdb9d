package dev.sockloop.internal.datagram;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.util.List;

/**
 * What a datagram socket binds and how.
 *
 * @param address the address and port
 * @param reusePort whether to bind with {@code SO_REUSEPORT}, so that the sockets of every loop share
 * the port
 * @param receiveBufferSize {@code SO_RCVBUF} in bytes, 0 for the kernel's default
 * @param groups multicast groups to join
 */
public record DatagramBind(InetSocketAddress address, boolean reusePort, int receiveBufferSize,
		List<MulticastGroup> groups) {

	/**
	 * A multicast group on an interface.
	 *
	 * @param group the group's address
	 * @param networkInterface the interface to join it on
	 */
	public record MulticastGroup(InetAddress group, NetworkInterface networkInterface) {

	}

}
