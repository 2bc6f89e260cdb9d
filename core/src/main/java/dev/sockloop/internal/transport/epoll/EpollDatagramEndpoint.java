package dev.sockloop.internal.transport.epoll;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

import dev.sockloop.datagram.Datagram;
import dev.sockloop.internal.datagram.DatagramBind;
import dev.sockloop.internal.datagram.DatagramEndpoint;
import dev.sockloop.internal.datagram.DatagramSettings;
import dev.sockloop.internal.linux.DatagramSockets;
import dev.sockloop.internal.linux.Errno;
import dev.sockloop.internal.linux.MessageVector;
import dev.sockloop.internal.linux.NativeCallException;
import dev.sockloop.internal.linux.Sockets;
import dev.sockloop.internal.loop.EventLoop;
import dev.sockloop.internal.loop.LoopBuffers;
import dev.sockloop.internal.transport.ListenException;

/**
 * A UDP socket on one epoll loop, read with {@code recvmmsg} and written with {@code sendmmsg}: up to
 * {@link #BATCH} datagrams per system call each way. Each receive slot holds the maximum datagram
 * size; the kernel's {@code MSG_TRUNC} flag tells a longer datagram, which is dropped and counted.
 * Native memory per socket: {@code BATCH * max-datagram-size} bytes of receive slots. Payloads to send are copied into the loop's
 * staging buffer, which the send vector points at for the duration of the call.
 */
final class EpollDatagramEndpoint extends DatagramEndpoint {

	private final MessageVector received;

	private final MessageVector sending;

	private final boolean dropCount;

	private final boolean ipv6;

	/** The socket's {@code SO_RXQ_OVFL} count last seen. */
	private long kernelDrops;

	private EpollDatagramEndpoint(int fd, EventLoop loop, DatagramSettings settings, InetSocketAddress bound,
			boolean dropCount) {
		super(fd, loop, settings, bound);
		int family = DatagramSockets.family(bound);
		this.received = new MessageVector(BATCH, settings.maxDatagramSize(), family);
		this.sending = new MessageVector(BATCH, 0, family);
		this.dropCount = dropCount;
		this.ipv6 = bound.getAddress() instanceof Inet6Address;
	}

	/**
	 * Opens and binds a UDP socket for one loop, joining the multicast groups asked for.
	 * @param loop the loop it runs on
	 * @param bind what to bind and how
	 * @param settings what the server's sockets share
	 * @return the endpoint, which owns the socket from now on
	 * @throws ListenException if the socket cannot be bound
	 */
	static EpollDatagramEndpoint bind(EventLoop loop, DatagramBind bind, DatagramSettings settings) {
		InetSocketAddress address = bind.address();
		int fd = DatagramSockets.newDatagramSocket(address);
		try {
			if (bind.reusePort()) {
				Sockets.setReusePort(fd, true);
			}
			if (bind.receiveBufferSize() > 0) {
				Sockets.setReceiveBufferSize(fd, bind.receiveBufferSize());
			}
			boolean dropCount = DatagramSockets.enableDropCount(fd);
			int rc = Sockets.bind(fd, address);
			if (rc < 0) {
				throw EpollListener.bindFailed(address, -rc);
			}
			boolean ipv6 = address.getAddress() instanceof Inet6Address;
			for (DatagramBind.MulticastGroup group : bind.groups()) {
				DatagramSockets.joinGroup(fd, ipv6, group.group(), group.networkInterface().getIndex());
			}
			InetSocketAddress bound = (InetSocketAddress) Sockets.localAddress(fd);
			return new EpollDatagramEndpoint(fd, loop, settings, bound, dropCount);
		}
		catch (RuntimeException ex) {
			Sockets.close(fd);
			throw ex;
		}
	}

	@Override
	protected int receiveBatch(int max) {
		int n = DatagramSockets.receive(this.fd, this.received, max);
		if (n < 0) {
			int errno = -n;
			if (errno != Errno.EAGAIN && errno != Errno.EINTR) {
				socketCallFailed("recvmmsg", Errno.describe(errno));
			}
			return 0;
		}
		for (int i = 0; i < n; i++) {
			if (this.dropCount) {
				long drops = this.received.kernelDrops(i);
				if (drops > this.kernelDrops) {
					kernelDrops(drops, this.kernelDrops);
					this.kernelDrops = drops;
				}
			}
			InetSocketAddress sender = this.received.sender(i);
			if (this.received.isTruncated(i)) {
				truncated(sender);
			}
			else {
				deliver(this.received.copyPayload(i, this.received.length(i)), sender);
			}
		}
		return n;
	}

	@Override
	protected int sendBatch(Datagram[] batch, int count) {
		LoopBuffers buffers = this.loop.buffers();
		ByteBuffer staging = buffers.staging();
		long stagingAddress = buffers.stagingAddress();
		int offset = 0;
		int prepared = 0;
		for (int i = 0; i < count; i++) {
			Datagram datagram = batch[i];
			ByteBuffer payload = datagram.payload();
			int length = payload.remaining();
			String refused = null;
			if (length > MAX_UDP_PAYLOAD) {
				refused = "a payload of " + length + " bytes is over the UDP maximum of " + MAX_UDP_PAYLOAD;
			}
			else if (offset + length > staging.capacity()) {
				break;
			}
			else {
				staging.put(offset, payload, payload.position(), length);
				if (!this.sending.prepareSend(prepared, datagram.recipient(), stagingAddress + offset, length)) {
					refused = "this socket (bound to " + boundAddress() + ") cannot reach that address";
				}
			}
			if (refused != null) {
				// Sent in order: the batch stops before a datagram that cannot go, which fails on its own.
				if (prepared == 0) {
					sendFailed(datagram, refused);
					return 1;
				}
				break;
			}
			offset += length;
			prepared++;
		}
		while (true) {
			int n = DatagramSockets.send(this.fd, this.sending, prepared);
			if (n >= 0) {
				long bytes = 0;
				for (int i = 0; i < n; i++) {
					bytes += batch[i].payload().remaining();
				}
				this.stats.sent(n, bytes);
				return n;
			}
			int errno = -n;
			if (errno == Errno.EINTR) {
				continue;
			}
			if (errno == Errno.EAGAIN) {
				return 0;
			}
			sendFailed(batch[0], Errno.describe(errno));
			return 1;
		}
	}

	@Override
	public void joinGroup(DatagramBind.MulticastGroup group) {
		DatagramSockets.joinGroup(this.fd, this.ipv6, group.group(), group.networkInterface().getIndex());
	}

	@Override
	public void leaveGroup(DatagramBind.MulticastGroup group) {
		DatagramSockets.leaveGroup(this.fd, this.ipv6, group.group(), group.networkInterface().getIndex());
	}

	@Override
	protected void clearError() {
		try {
			Sockets.pendingError(this.fd);
		}
		catch (NativeCallException ex) {
			// The socket is going away; nothing to clear.
		}
	}

	@Override
	protected void closeSocket() {
		Sockets.close(this.fd);
	}

}
