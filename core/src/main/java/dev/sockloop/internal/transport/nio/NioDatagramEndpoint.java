package dev.sockloop.internal.transport.nio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.MembershipKey;
import java.nio.channels.SelectableChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.sockloop.datagram.Datagram;
import dev.sockloop.internal.datagram.DatagramBind;
import dev.sockloop.internal.datagram.DatagramEndpoint;
import dev.sockloop.internal.datagram.DatagramSettings;
import dev.sockloop.internal.loop.EventLoop;
import dev.sockloop.internal.transport.ListenException;

/**
 * A UDP socket on one NIO loop: a non-blocking {@link DatagramChannel}, one datagram per call. NIO
 * truncates silently, so datagrams are read into a buffer one byte longer than the maximum size: a
 * datagram that fills it was longer, and is dropped and counted. The kernel's own drop count is not
 * reachable through NIO; datagrams lost to a full receive buffer are not counted here.
 */
final class NioDatagramEndpoint extends DatagramEndpoint implements NioChannel {

	private final DatagramChannel channel;

	private final ByteBuffer readBuffer;

	/** Groups joined after start, to be left by their key. */
	private final Map<DatagramBind.MulticastGroup, MembershipKey> memberships = new HashMap<>();

	/** Groups joined when bound. */
	private final List<MembershipKey> joinedAtBind;

	private NioDatagramEndpoint(DatagramChannel channel, EventLoop loop, DatagramSettings settings,
			InetSocketAddress bound, List<MembershipKey> joinedAtBind) {
		super(loop, settings, bound);
		this.channel = channel;
		this.joinedAtBind = joinedAtBind;
		this.readBuffer = ByteBuffer.allocateDirect(settings.maxDatagramSize() + 1);
	}

	/**
	 * Opens and binds a datagram channel for one loop, joining the multicast groups asked for.
	 * @param loop the loop it runs on
	 * @param bind what to bind and how
	 * @param settings what the server's sockets share
	 * @return the endpoint, which owns the channel from now on
	 * @throws ListenException if the channel cannot be bound
	 */
	static NioDatagramEndpoint bind(EventLoop loop, DatagramBind bind, DatagramSettings settings) {
		InetSocketAddress address = bind.address();
		DatagramChannel channel = null;
		try {
			channel = DatagramChannel.open(NioTransport.family(address));
			channel.configureBlocking(false);
			if (bind.reusePort()) {
				channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
			}
			if (bind.receiveBufferSize() > 0) {
				channel.setOption(StandardSocketOptions.SO_RCVBUF, bind.receiveBufferSize());
			}
			try {
				channel.bind(address);
			}
			catch (IOException ex) {
				throw NioListener.bindFailed(address, ex);
			}
			List<MembershipKey> joined = new ArrayList<>();
			for (DatagramBind.MulticastGroup group : bind.groups()) {
				joined.add(channel.join(group.group(), group.networkInterface()));
			}
			return new NioDatagramEndpoint(channel, loop, settings, (InetSocketAddress) channel.getLocalAddress(),
					joined);
		}
		catch (IOException | RuntimeException ex) {
			if (channel != null) {
				try {
					channel.close();
				}
				catch (IOException closeFailure) {
					ex.addSuppressed(closeFailure);
				}
			}
			if (ex instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new ListenException("could not open a datagram socket on " + ListenException.describe(address)
					+ ": " + ex.getMessage(), ex);
		}
	}

	@Override
	public SelectableChannel selectableChannel() {
		return this.channel;
	}

	@Override
	protected int receiveBatch(int max) {
		int maxSize = this.settings.maxDatagramSize();
		for (int i = 0; i < max; i++) {
			ByteBuffer buffer = this.readBuffer;
			buffer.clear();
			SocketAddress sender;
			try {
				sender = this.channel.receive(buffer);
			}
			catch (IOException ex) {
				socketCallFailed("receive", String.valueOf(ex.getMessage()));
				return i;
			}
			if (sender == null) {
				return i;
			}
			buffer.flip();
			if (buffer.remaining() > maxSize) {
				truncated((InetSocketAddress) sender);
				continue;
			}
			ByteBuffer payload = ByteBuffer.allocate(buffer.remaining());
			payload.put(buffer).flip();
			deliver(payload, (InetSocketAddress) sender);
		}
		return max;
	}

	@Override
	protected int sendBatch(Datagram[] batch, int count) {
		for (int i = 0; i < count; i++) {
			Datagram datagram = batch[i];
			// A view of its own: sending moves the position, which the queue's byte count relies on.
			ByteBuffer payload = datagram.payload().duplicate();
			int length = payload.remaining();
			try {
				int sent = this.channel.send(payload, datagram.recipient());
				if (sent == 0 && length > 0) {
					return i;
				}
				this.stats.sent(1, sent);
			}
			catch (IOException | RuntimeException ex) {
				sendFailed(datagram, ex.toString());
			}
		}
		return count;
	}

	@Override
	public void joinGroup(DatagramBind.MulticastGroup group) {
		try {
			this.memberships.put(group, this.channel.join(group.group(), group.networkInterface()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not join " + group.group().getHostAddress(), ex);
		}
	}

	@Override
	public void leaveGroup(DatagramBind.MulticastGroup group) {
		MembershipKey key = this.memberships.remove(group);
		if (key == null) {
			// Joined when bound: the channel knows the key.
			key = this.channel.isOpen() ? findMembership(group) : null;
		}
		if (key == null) {
			throw new IllegalStateException(group.group().getHostAddress() + " was not joined on "
					+ group.networkInterface().getName());
		}
		key.drop();
	}

	private MembershipKey findMembership(DatagramBind.MulticastGroup group) {
		return this.joinedAtBind.stream()
			.filter((key) -> key.isValid() && key.group().equals(group.group())
					&& key.networkInterface().equals(group.networkInterface()))
			.findFirst()
			.orElse(null);
	}

	@Override
	protected void clearError() {
	}

	@Override
	protected void closeSocket() {
		try {
			this.channel.close();
		}
		catch (IOException ex) {
			// Nothing is left to release.
		}
	}

}
