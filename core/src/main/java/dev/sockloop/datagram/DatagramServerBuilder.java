package dev.sockloop.datagram;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

import dev.sockloop.internal.datagram.DatagramBind;
import dev.sockloop.transport.LoopSettingsBuilder;

/**
 * Builds and starts a {@link DatagramServer}. Defaults: name {@code sockloop}, all IPv4 addresses,
 * port 0 (a free port), datagrams of up to 2,048 bytes received (longer ones dropped and counted),
 * the kernel's receive buffer size, a send queue of 256 KiB per socket, one socket per loop with
 * {@code SO_REUSEPORT}, no multicast group, and a group of one loop per available processor that the
 * server owns.
 */
public final class DatagramServerBuilder extends LoopSettingsBuilder<DatagramServerBuilder> {

	/** The default maximum datagram size: a typical MTU's worth with room to spare, as Netty's default. */
	public static final int DEFAULT_MAX_DATAGRAM_SIZE = 2048;

	/** The largest UDP payload over IPv4. */
	public static final int MAX_UDP_PAYLOAD = 65_507;

	private InetAddress address;

	private int port;

	private int maxDatagramSize = DEFAULT_MAX_DATAGRAM_SIZE;

	private int receiveBufferSize;

	private int writeHighWaterMark = 256 * 1024;

	private boolean reusePort = true;

	private final List<DatagramBind.MulticastGroup> groups = new ArrayList<>();

	private DatagramSocketHandler handler;

	DatagramServerBuilder() {
		super("sockloop", Runtime.getRuntime().availableProcessors());
	}

	/**
	 * Address to bind, by name or literal; {@code 0.0.0.0} for all IPv4 addresses, {@code ::} for all
	 * IPv6 and IPv4 ones.
	 * @param host the host
	 * @return this builder
	 */
	public DatagramServerBuilder address(String host) {
		try {
			this.address = InetAddress.getByName(host);
		}
		catch (UnknownHostException ex) {
			throw new IllegalArgumentException("Unknown bind address '" + host + "'", ex);
		}
		return this;
	}

	/**
	 * Address to bind.
	 * @param address the address
	 * @return this builder
	 */
	public DatagramServerBuilder address(InetAddress address) {
		this.address = address;
		return this;
	}

	/**
	 * Port to bind; 0 picks a free one, readable from {@link DatagramServer#port()}.
	 * @param port the port
	 * @return this builder
	 */
	public DatagramServerBuilder port(int port) {
		if (port < 0 || port > 65535) {
			throw new IllegalArgumentException("Port must be between 0 and 65535, was " + port);
		}
		this.port = port;
		return this;
	}

	/**
	 * Payload bytes of a datagram received at most. A longer datagram is dropped (the kernel
	 * truncates it) and counted, never handed over in part. Each socket holds 32 times this in
	 * native memory for its receive batch.
	 * @param bytes between 1 and 65,507
	 * @return this builder
	 */
	public DatagramServerBuilder maxDatagramSize(int bytes) {
		if (bytes < 1 || bytes > MAX_UDP_PAYLOAD) {
			throw new IllegalArgumentException("Maximum datagram size must be between 1 and " + MAX_UDP_PAYLOAD
					+ " bytes, was " + bytes);
		}
		this.maxDatagramSize = bytes;
		return this;
	}

	/**
	 * {@code SO_RCVBUF} of each socket: how much the kernel holds while the handler does not keep up
	 * (beyond it datagrams are dropped and counted). 0 keeps the kernel's default; Linux caps the
	 * value at {@code net.core.rmem_max}.
	 * @param bytes the size, or 0
	 * @return this builder
	 */
	public DatagramServerBuilder receiveBufferSize(int bytes) {
		if (bytes < 0) {
			throw new IllegalArgumentException("Receive buffer size must not be negative, was " + bytes);
		}
		this.receiveBufferSize = bytes;
		return this;
	}

	/**
	 * Payload bytes a socket queues for sending at most: above it the handler's publisher is asked
	 * for nothing more until the queue drains.
	 * @param bytes at least 1
	 * @return this builder
	 */
	public DatagramServerBuilder writeHighWaterMark(int bytes) {
		if (bytes < 1) {
			throw new IllegalArgumentException("Write high-water mark must be positive, was " + bytes);
		}
		this.writeHighWaterMark = bytes;
		return this;
	}

	/**
	 * Whether every loop has its own socket bound to the port with {@code SO_REUSEPORT}, the kernel
	 * spreading datagrams over them by sender (the default), or one socket serves the port. A server
	 * that joins a multicast group always has one socket, so that each group datagram is received
	 * once.
	 * @param reusePort whether to use one socket per loop
	 * @return this builder
	 */
	public DatagramServerBuilder reusePort(boolean reusePort) {
		this.reusePort = reusePort;
		return this;
	}

	/**
	 * Joins a multicast group on an interface when the server starts; the group is left when it
	 * stops.
	 * @param group the group's address
	 * @param networkInterface the interface
	 * @return this builder
	 */
	public DatagramServerBuilder joinGroup(InetAddress group, NetworkInterface networkInterface) {
		if (!group.isMulticastAddress()) {
			throw new IllegalArgumentException(group.getHostAddress() + " is not a multicast address");
		}
		if (networkInterface == null) {
			throw new IllegalArgumentException("A network interface is required to join " + group.getHostAddress());
		}
		this.groups.add(new DatagramBind.MulticastGroup(group, networkInterface));
		return this;
	}

	/**
	 * The handler, called once per socket.
	 * @param handler the handler
	 * @return this builder
	 */
	public DatagramServerBuilder handler(DatagramSocketHandler handler) {
		this.handler = handler;
		return this;
	}

	/**
	 * Binds and starts the server.
	 * @return the running server
	 * @throws dev.sockloop.server.ServerStartException if a socket cannot be bound
	 */
	public DatagramServer start() {
		if (this.handler == null) {
			throw new IllegalStateException("A handler is required");
		}
		InetAddress host = this.address;
		if (host == null) {
			try {
				host = InetAddress.getByName("0.0.0.0");
			}
			catch (UnknownHostException ex) {
				throw new IllegalStateException(ex);
			}
		}
		DatagramBind bind = new DatagramBind(new InetSocketAddress(host, this.port),
				this.reusePort && this.groups.isEmpty(), this.receiveBufferSize, List.copyOf(this.groups));
		DatagramServer server = new DatagramServer(this.name, bind, this.maxDatagramSize, this.writeHighWaterMark,
				this.handler, loopGroupToUse(), ownsLoopGroup());
		server.start();
		return server;
	}

}
